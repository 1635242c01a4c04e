package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dunban/lambda/chrome"
	"dunban/site/render"
)

// TestChromeEditReachesEveryPage edits the footer in chrome.html under
// `dunban serve` (as `make run` serves the source tree's templates and
// chrome) and checks that every kind of page the portal serves shows the
// change at once: home, section list, article, browse and term pages,
// search, the forms and a form, admin and the 404 page. One chrome and one
// layout render them all.
func TestChromeEditReachesEveryPage(t *testing.T) {
	t.Parallel()
	templates := filepath.Join(t.TempDir(), "templates")
	if err := os.CopyFS(templates, render.Templates); err != nil {
		t.Fatal(err)
	}
	chromeCopy := filepath.Join(t.TempDir(), "chrome")
	if err := os.CopyFS(chromeCopy, chrome.Files); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseServe([]string{"-content", copyContent(t), "-out", filepath.Join(t.TempDir(), "public"),
		"-addr", "127.0.0.1:0", "-data", t.TempDir()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.useTemplates(templates, chromeCopy)
	var stdout syncBuffer
	stop, done := make(chan os.Signal, 1), make(chan error, 1)
	go func() { done <- runServe(cfg, &stdout, stop) }()
	defer func() {
		stop <- os.Interrupt
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := waitForAddress(t, &stdout)
	pages := []string{"/", "/notices/", "/cases/", "/notices/2021-zhuxiao-dunban/", "/browse/", "/regions/",
		"/search/", "/forms/", "/forms/monthly/", "/admin/", "/no/such/page/"}
	const mark = "页脚已修改（测试）"
	for _, p := range pages {
		if strings.Contains(get(t, base+p), mark) {
			t.Fatalf("%s shows the mark before the edit", p)
		}
	}
	events, err := http.Get(base + "/_dunban/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	r := bufio.NewReader(events.Body)
	layout := filepath.Join(chromeCopy, "chrome.html")
	src, err := os.ReadFile(layout)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(src, []byte("共青团内蒙古自治区委员会学校部"), []byte(mark), 1)
	if bytes.Equal(edited, src) {
		t.Fatal("the footer text is not in chrome.html")
	}
	if err := os.WriteFile(layout, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no reload after editing chrome.html: %v\n%s", err, stdout.String())
		}
		if line == "event: reload\n" {
			break
		}
	}
	for _, p := range pages {
		if !strings.Contains(get(t, base+p), mark) {
			t.Errorf("%s does not show the edited footer", p)
		}
	}
}

// get returns the body of url (any status).
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
