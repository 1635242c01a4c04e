package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dunban/lambda/unitcode/unitcodetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

var lambdaEnv = map[string]string{
	"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
}

func TestConfigDefaults(t *testing.T) {
	m := map[string]string{"BUCKET": "dunban-submissions"}
	for k, v := range lambdaEnv {
		m[k] = v
	}
	c, err := configFrom(env(m))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/var/task" || c.MinFill != 3*time.Second || c.Timeout != 10*time.Second || c.Limits.MaxBody != 1<<20 ||
		c.Endpoint != "" || c.SessionToken != "token" || c.Region != "cn-north-1" || len(c.Origins) != 0 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	m := map[string]string{
		"BUCKET": "b", "ALLOWED_ORIGIN": "https://d111.cloudfront.net/, https://dunban.example.cn", "DATA_DIR": "/opt/data",
		"CLOSED_FORMS": "arrangement, report", "MAX_BODY_BYTES": "2048", "MIN_FILL_SECONDS": "0", "S3_TIMEOUT_SECONDS": "5",
		"S3_ENDPOINT": "http://127.0.0.1:9000", "LOG_LEVEL": "debug", "PORTAL_URL": "https://dunban.example.cn",
	}
	for k, v := range lambdaEnv {
		m[k] = v
	}
	c, err := configFrom(env(m))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Origins, " ") != "https://d111.cloudfront.net https://dunban.example.cn" ||
		strings.Join(c.Closed, " ") != "arrangement report" || c.Limits.MaxBody != 2048 || c.MinFill != 0 ||
		c.Timeout != 5*time.Second || c.DataDir != "/opt/data" || c.Endpoint != "http://127.0.0.1:9000" || c.LogLevel.String() != "DEBUG" {
		t.Errorf("config = %+v", c)
	}
}

func TestConfigReportsEveryProblem(t *testing.T) {
	_, err := configFrom(env(map[string]string{"CLOSED_FORMS": "nope", "MAX_BODY_BYTES": "lots", "LOG_LEVEL": "loud"}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{"BUCKET", "AWS_REGION", "nope", "MAX_BODY_BYTES", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %s: %v", s, err)
		}
	}
}

func TestBuildServesFromTheDataDir(t *testing.T) {
	m := map[string]string{"BUCKET": "b", "DATA_DIR": "../../collect/testdata/content", "S3_ENDPOINT": "http://127.0.0.1:1"}
	for k, v := range lambdaEnv {
		m[k] = v
	}
	c, err := configFrom(env(m))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(c, nil); err != nil {
		t.Fatal(err)
	}
	c.DataDir = t.TempDir()
	if _, err := build(c, nil); err == nil {
		t.Error("empty data dir accepted")
	}
}

// TestReadCodes: the hashes file beside units.csv is read once; without one
// every unit is refused; a damaged one stops the start.
func TestReadCodes(t *testing.T) {
	dir := t.TempDir()
	m := map[string]string{"BUCKET": "b", "DATA_DIR": dir}
	for k, v := range lambdaEnv {
		m[k] = v
	}
	c, err := configFrom(env(m))
	if err != nil || c.CodesFile != filepath.Join(dir, "unit-codes.json") {
		t.Fatalf("codes file %q %v", c.CodesFile, err)
	}
	if missing, err := c.readCodes(); !missing || err != nil || c.Codes.Check("包头市", unitcodetest.Code) {
		t.Errorf("without a file: missing %v, %v", missing, err)
	}
	os.WriteFile(c.CodesFile, unitcodetest.Hashes("包头市"), 0o644)
	if missing, err := c.readCodes(); missing || err != nil || !c.Codes.Check("包头市", unitcodetest.Code) || c.Codes.Check("赤峰市", unitcodetest.Code) {
		t.Errorf("with a file: missing %v, %v", missing, err)
	}
	os.WriteFile(c.CodesFile, []byte(`[{"unit":"包头市","code":"TESTA-BCDEF"}]`), 0o644)
	if _, err := c.readCodes(); err == nil {
		t.Error("a file of plain codes accepted")
	}
}
