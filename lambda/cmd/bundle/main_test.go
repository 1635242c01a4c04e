package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

func TestRun(t *testing.T) {
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, bundletest.Registry(t))
	content := t.TempDir()
	for name, f := range bundletest.Content() {
		p := filepath.Join(content, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "包头.zip")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	cfg, err := parseFlags([]string{"-scope", "包头市", "-from", "2021-03", "-to", "2021-06", "-o", out,
		"-bucket", srv.Bucket, "-endpoint", srv.Endpoint, "-content", content}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), cfg, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "已写入") || !strings.Contains(stderr.String(), "进度汇总.csv") {
		t.Errorf("stderr: %s", stderr.String())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) < 8 {
		t.Errorf("%d files in zip", len(zr.File))
	}
	if parts, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".bundle-*")); len(parts) != 0 {
		t.Errorf("temporary files left: %q", parts)
	}
	var logs []string
	st.List(context.Background(), "logs/", func(k string, _ int64) error { logs = append(logs, k); return nil })
	if len(logs) != 1 {
		t.Errorf("audit log: %q", logs)
	}
}

func TestFlags(t *testing.T) {
	var sink bytes.Buffer
	for _, args := range [][]string{{"-bucket", "b"}, {"-from", "2021-03", "-bucket", "b", "extra"}} {
		if _, err := parseFlags(args, &sink); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
	c, err := parseFlags([]string{"-from", "2021-03", "-bucket", "b"}, &sink)
	if err != nil || c.To != "2021-03" || c.Scope != "全区" {
		t.Errorf("defaults: %+v %v", c, err)
	}
	if _, err := request(Config{Scope: "全区", From: "2021-3", To: "2021-04"}); err == nil {
		t.Error("bad month accepted")
	}
}

func TestNewToken(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), Config{NewToken: "王芳", Scope: "包头市", Content: "../../../content"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"scope":"包头市","sha256":"`) {
		t.Errorf("%s", out.String())
	}
	if err := run(context.Background(), Config{NewToken: "王芳", Scope: "包头", Content: "../../../content"}, &out); err == nil {
		t.Error("unknown scope accepted")
	}
}
