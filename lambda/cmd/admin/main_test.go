package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"dunban/lambda/admin"
	"dunban/lambda/apigw"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := configFromEnv(env(map[string]string{"BUCKET": "b", "ADMINS": "[]", "BUNDLE_TTL_MINUTES": "5"}))
	if err != nil || c.DataDir != "/var/task" || c.TTL.Minutes() != 5 || c.Workers != 64 {
		t.Errorf("%+v %v", c, err)
	}
	for _, m := range []map[string]string{
		{"ADMINS": "[]"},
		{"BUCKET": "b"},
		{"BUCKET": "b", "ADMINS": "[]", "BUNDLE_TTL_MINUTES": "60"},
		{"BUCKET": "b", "ADMINS": "[]", "WORKERS": "0"},
	} {
		if _, err := configFromEnv(env(m)); err == nil {
			t.Errorf("%v accepted", m)
		}
	}
}

// TestBootstrap runs the handler the bootstrap builds from its environment
// against a loopback S3 server with a real HTTP API v2 event.
func TestBootstrap(t *testing.T) {
	srv := s3test.New(t)
	bundletest.Fixture(t, s3store.New(srv.Client, srv.Bucket), bundletest.Registry(t))
	dir := t.TempDir()
	for name, f := range bundletest.Content() {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Data, 0o644)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	t.Setenv("AWS_REGION", s3test.Region)
	admins, _ := json.Marshal([]admin.Admin{{Name: "包头管理员", Scope: "包头市", SHA256: admin.HashToken("secret-token")}})
	cfg, err := configFromEnv(func(k string) string {
		return map[string]string{"BUCKET": srv.Bucket, "DATA_DIR": dir, "ADMINS": string(admins), "S3_ENDPOINT": srv.Endpoint}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../admin/testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	ev.RawQueryString = "year=2021"
	ev.Headers["authorization"] = "Bearer secret-token"
	resp, err := apigw.Handler(h)(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.Contains(resp.Body, `"scope":"包头市"`) {
		t.Fatalf("%d %s", resp.StatusCode, resp.Body)
	}
}
