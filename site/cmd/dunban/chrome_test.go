package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dunban/lambda/chrome"
	"dunban/site/render"
)

// TestChromeEditReachesEveryPage edits the footer in chrome.html and a rule
// in chrome.css under `dunban serve` (as `make run` serves the source tree's
// templates and chrome) and checks that every kind of page shows the change
// at once: home, section list, article, browse and term pages, search, the
// forms and a form, admin, the 404 page, the portal's style sheet and the
// collector's own pages (a receipt that is not there: its message page). One
// chrome and one layout render them all.
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
		"/search/", "/forms/", "/forms/monthly/", "/admin/", "/no/such/page/", collectorPage}
	const mark, cssMark = "页脚已修改（测试）", ".footer-edited-in-test"
	for _, p := range pages {
		if strings.Contains(get(t, base+p), mark) {
			t.Fatalf("%s shows the mark before the edit", p)
		}
	}
	if !strings.Contains(get(t, base+collectorPage), "驻校蹲班") {
		t.Fatalf("%s is not the collector's page with the chrome", collectorPage)
	}
	events, err := http.Get(base + "/_dunban/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	r := bufio.NewReader(events.Body)
	editChrome(t, filepath.Join(chromeCopy, "chrome.html"), "共青团内蒙古自治区委员会学校部", mark)
	waitReload(t, r, &stdout)
	editChrome(t, filepath.Join(chromeCopy, "chrome.css"), ".footer", cssMark+"{}\n.footer")
	waitReload(t, r, &stdout)
	for _, p := range pages {
		if !strings.Contains(get(t, base+p), mark) {
			t.Errorf("%s does not show the edited footer", p)
		}
	}
	if !strings.Contains(get(t, base+collectorPage), cssMark) {
		t.Errorf("%s does not inline the edited chrome.css", collectorPage)
	}
	css := regexp.MustCompile(`href="(/assets/app[^"]*\.css)"`).FindStringSubmatch(get(t, base+"/"))
	if css == nil || !strings.Contains(get(t, base+css[1]), cssMark) {
		t.Errorf("the portal's style sheet (%v) lacks the edited chrome.css", css)
	}
}

// collectorPage is a page the collector draws: a receipt that is not there.
const collectorPage = "/api/receipt/monthly/M20210405-00000000"

// editChrome replaces the first old in file with new.
func editChrome(t *testing.T, file, old, new string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(src, []byte(old), []byte(new), 1)
	if bytes.Equal(edited, src) {
		t.Fatalf("%q is not in %s", old, file)
	}
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitReload reads the events stream until the next reload.
func waitReload(t *testing.T, r *bufio.Reader, stdout fmt.Stringer) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no reload after editing the chrome: %v\n%s", err, stdout.String())
		}
		if line == "event: reload\n" {
			return
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
