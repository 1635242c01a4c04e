package adminpage_test

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"dunban/site/adminpage"
)

func render(t *testing.T, o adminpage.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := adminpage.Fragment(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFragment(t *testing.T) {
	t.Parallel()
	now := time.Date(2021, 6, 20, 12, 0, 0, 0, time.UTC)
	html := render(t, adminpage.Options{API: "https://api.example.cn", Script: "/assets/admin.1234abcd.js", Style: "/assets/admin.1234abcd.css", Now: now})
	for _, want := range []string{
		`action="https://api.example.cn/admin/bundle"`, `method="post"`, `data-api="https://api.example.cn"`,
		`<label for="admin-token">`, `type="password" id="admin-token" name="token"`,
		`name="from" value="2021-01"`, `name="to" value="2021-06"`, `value="monthly" checked`, `value="gb18030"`,
		`<script defer src="/assets/admin.1234abcd.js"></script>`, `<link rel="stylesheet" href="/assets/admin.1234abcd.css">`,
		`<noscript>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
	// CSP: no inline script, style or event handler.
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<style|\sstyle=|\son[a-z]+=`).MatchString(html) {
		t.Error("fragment has inline script, style or handler")
	}
	// Every input has a label.
	for _, id := range regexp.MustCompile(`<(?:input|select) [^>]*id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(html, `for="`+id[1]+`"`) && !strings.Contains(html, `id="`+id[1]+`" hidden aria-label=`) {
			t.Errorf("input %s has no label", id[1])
		}
	}
}

func TestFragmentEscapes(t *testing.T) {
	t.Parallel()
	html := render(t, adminpage.Options{API: `"><script>alert(1)</script>`})
	if strings.Contains(html, "<script>alert") {
		t.Error("API root not escaped")
	}
	if strings.Contains(render(t, adminpage.Options{API: "/api"}), "<script defer") {
		t.Error("script tag without a Script URL")
	}
}

func TestAssets(t *testing.T) {
	t.Parallel()
	for _, name := range []string{adminpage.Script, adminpage.Style} {
		b, err := fs.ReadFile(adminpage.Assets, name)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", name, err)
		}
		if bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) || bytes.Contains(b, []byte("@import")) {
			t.Errorf("%s refers to another origin", name)
		}
	}
}
