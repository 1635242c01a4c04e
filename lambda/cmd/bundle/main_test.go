package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode"
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

func TestUnitCodes(t *testing.T) {
	dir := t.TempDir()
	sheet, hashes := filepath.Join(dir, "codes.csv"), filepath.Join(dir, "unit-codes.json")
	mint := func(args ...string) map[string]string {
		t.Helper()
		cfg, err := parseFlags(append([]string{"-unit-codes", "-o", sheet, "-hashes", hashes, "-content", "../../../content"}, args...), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := run(context.Background(), cfg, &out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\uFEFF单位名称,填报码\r\n")) {
			t.Fatalf("sheet does not start with a BOM and the header: %q", b[:min(len(b), 40)])
		}
		recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		codes := map[string]string{}
		for _, r := range recs[1:] {
			codes[r[0]] = r[1]
		}
		return codes
	}
	book := func() *unitcode.Book {
		t.Helper()
		f, err := os.Open(hashes)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := unitcode.ParseBook(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	all := mint()
	if len(all) < 20 || all["包头市"] == "" || all["内蒙古大学"] == "" {
		t.Fatalf("codes for %d units: %v", len(all), all)
	}
	raw, _ := os.ReadFile(hashes)
	for unit, code := range all {
		if bytes.Contains(raw, []byte(code)) || bytes.Contains(raw, []byte(unitcode.Normalize(code))) {
			t.Fatalf("the hashes file holds %s's code", unit)
		}
	}
	b := book()
	if !b.Check("包头市", all["包头市"]) || !b.Check("内蒙古大学", all["内蒙古大学"]) || b.Check("包头市", all["内蒙古大学"]) {
		t.Error("the hashes do not check the codes handed out")
	}
	one := mint("-unit", "包头市")
	if len(one) != 1 || one["包头市"] == all["包头市"] {
		t.Fatalf("regenerating one unit: %v", one)
	}
	b = book()
	if b.Check("包头市", all["包头市"]) || !b.Check("包头市", one["包头市"]) || !b.Check("内蒙古大学", all["内蒙古大学"]) {
		t.Error("regenerating 包头市's code must revoke its old one and keep the others")
	}
	if _, err := parseFlags([]string{"-unit", "包头市"}, io.Discard); err == nil {
		t.Error("-unit without -unit-codes accepted")
	}
	cfg, _ := parseFlags([]string{"-unit-codes", "-unit", "包头", "-o", sheet, "-hashes", hashes, "-content", "../../../content"}, io.Discard)
	if err := run(context.Background(), cfg, io.Discard); err == nil {
		t.Error("a unit not in units.csv accepted (names match exactly)")
	}
	if parts, _ := filepath.Glob(filepath.Join(dir, ".unit-codes-*")); len(parts) != 0 {
		t.Errorf("temporary files left: %q", parts)
	}
}

// TestErase plans an erasure (nothing changes), then confirms it: the
// person's rows are gone and two audit records name the keys but not the
// person.
func TestErase(t *testing.T) {
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
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	args := []string{"-erase", "李四", "-erase-unit", "包头市", "-reference", "2021-删除-001", "-bucket", srv.Bucket, "-endpoint", srv.Endpoint, "-content", content}
	if _, err := parseFlags([]string{"-erase", "李四", "-bucket", "b"}, io.Discard); err == nil {
		t.Error("-erase without -erase-unit and -reference accepted")
	}
	logs := func() []string {
		var out []string
		st.List(context.Background(), "logs/", func(k string, _ int64) error { out = append(out, k); return nil })
		return out
	}
	for _, confirm := range []bool{false, true} {
		a := args
		if confirm {
			a = append(slices.Clone(args), "-confirm")
		}
		cfg, err := parseFlags(a, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := run(context.Background(), cfg, &out); err != nil {
			t.Fatal(err)
		}
		arr, _ := st.Get(context.Background(), bundletest.Arrangement(3, "包头市", bundletest.At(2021, 3, 8, 9)).Key())
		if gone := !bytes.Contains(arr, []byte("李四")); gone != confirm {
			t.Errorf("confirm=%v: 李四 gone from the arrangement = %v\n%s", confirm, gone, out.String())
		}
		if n := len(logs()); n != map[bool]int{false: 0, true: 2}[confirm] {
			t.Errorf("confirm=%v: %d audit records", confirm, n)
		}
	}
	for _, k := range logs() {
		body, _ := st.Get(context.Background(), k)
		if bytes.Contains(body, []byte("李四")) || !bytes.Contains(body, []byte("2021-删除-001")) || !bytes.Contains(body, []byte("form=arrangement")) {
			t.Errorf("audit record %s: %s", k, body)
		}
	}
}
