package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// reopenedContent is a copy of the shipped content with its round reopened
// as content/rounds/README.md says (the end taken out): the 2021 round has
// ended by today's clock, which `dunban build` runs on.
func reopenedContent(t testing.TB) string {
	t.Helper()
	dir := copyContent(t)
	file := filepath.Join(dir, "rounds", "2021.json")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	open := regexp.MustCompile(`\s*"ends":\s*"[^"]*",?`).ReplaceAll(b, nil)
	if bytes.Equal(open, b) {
		t.Fatal("rounds/2021.json has no end to take out")
	}
	if err := os.WriteFile(file, open, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyContent copies the shipped content folder into a temporary one.
func copyContent(t testing.TB) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "content")
	err := filepath.WalkDir("../../../content", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../../../content", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestBuildCommand(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"build", "-content", reopenedContent(t), "-out", out, "-api", "https://api.example.org"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	page, err := os.ReadFile(filepath.Join(out, "forms", "monthly", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`action="https://api.example.org/submit/monthly"`)) {
		t.Error("the form does not post to the -api root")
	}
	if err := run([]string{"frobnicate"}, &stdout, &stderr); err == nil {
		t.Error("an unknown command passed")
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader, which
// signals each write on written.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written == nil {
		s.written = make(chan struct{}, 1)
	}
	select {
	case s.written <- struct{}{}:
	default:
	}
	return s.b.Write(p)
}

// wrote returns the channel signalled after each write.
func (s *syncBuffer) wrote() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written == nil {
		s.written = make(chan struct{}, 1)
	}
	return s.written
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs `dunban serve` as `make run` does: the portal answers,
// the local API is mounted at /api/, and editing content reloads pages.
func TestServe(t *testing.T) {
	t.Parallel()
	dir := copyContent(t)
	base, _ := runDevServe(t, dir)
	for path, want := range map[string]int{"/": 200, "/forms/monthly/": 200, "/nope/": 404, "/_dunban/reload.js": 200} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Post(base+"/api/submit/monthly", "application/x-www-form-urlencoded", strings.NewReader("unit="))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusServiceUnavailable {
		t.Errorf("POST /api/submit/monthly: %d; the local API is not mounted", resp.StatusCode)
	}
	events, err := http.Get(base + "/_dunban/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	r := bufio.NewReader(events.Body)
	_, _ = r.ReadString('\n')
	notice, _ := filepath.Glob(filepath.Join(dir, "notices", "*.md"))
	data, _ := os.ReadFile(notice[0])
	if err := os.WriteFile(notice[0], append(data, "\n补充一句。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no reload event after editing content: %v", err)
		}
		if line == "event: reload\n" {
			break
		}
	}
	if err := os.WriteFile(notice[0], []byte("---\ntitle: 缺字段\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no problems event after breaking content: %v", err)
		}
		if line == "event: problems\n" {
			break
		}
	}
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the last good build is not served after a failed rebuild: %d", resp.StatusCode)
	}
}

// runDevServe runs `dunban serve` on the content in dir until the test
// ends, and returns its address and its console.
func runDevServe(t testing.TB, dir string) (string, *syncBuffer) {
	t.Helper()
	stdout := &syncBuffer{}
	stop, done := make(chan os.Signal, 1), make(chan error, 1)
	cfg, err := parseServe([]string{"-content", dir, "-out", filepath.Join(t.TempDir(), "public"), "-addr", "127.0.0.1:0", "-as-of", asOf, "-data", t.TempDir()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- runServe(cfg, stdout, stop) }()
	t.Cleanup(func() {
		stop <- os.Interrupt
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return waitForAddress(t, stdout), stdout
}

var addrPattern = regexp.MustCompile(`门户已启动：(http://127\.0\.0\.1:\d+)`)

func waitForAddress(t testing.TB, out *syncBuffer) string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		if m := addrPattern.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case <-out.wrote():
		case <-timeout:
			t.Fatalf("serve did not start:\n%s", out.String())
		}
	}
}
