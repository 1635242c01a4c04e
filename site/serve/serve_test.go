package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWatchSeesChanges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "a.md")
	if err := os.WriteFile(file, []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := NewWatcher([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	go w.Run(ctx, func() { changed <- struct{}{} })
	sub := filepath.Join(dir, "sub")
	for _, change := range []func() error{
		func() error { return os.WriteFile(file, []byte("22"), 0o644) },
		func() error { return os.WriteFile(filepath.Join(dir, "b.md"), []byte("new"), 0o644) },
		func() error { return os.Remove(file) },
		func() error { return os.Mkdir(sub, 0o755) },
		func() error { return os.WriteFile(filepath.Join(sub, "c.md"), []byte("in a new folder"), 0o644) },
	} {
		if err := change(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
		case <-time.After(5 * time.Second):
			t.Fatal("change not seen")
		}
	}
}

// listen opens b's event stream on a test server and returns the response
// and a reader of its body; both end with the test.
func listen(t *testing.T, b *Broker) (*http.Response, *bufio.Reader) {
	t.Helper()
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp, bufio.NewReader(resp.Body)
}

func TestBrokerSendsReload(t *testing.T) {
	t.Parallel()
	b := NewBroker()
	resp, r := listen(t, b)
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	if line, _ := r.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q", line)
	}
	b.Reload("2") // the page is registered once the first line arrived
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line == "event: reload\n" {
			return
		}
	}
}

func TestStatic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "cases", "a"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "assets"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "tags", "团日"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "cases", "a", "index.html"), []byte("page"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "tags", "团日", "index.html"), []byte("tag"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "assets", "app.0123456789.css"), []byte("css"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "404.html"), []byte("missing"), 0o644))
	srv := httptest.NewServer(Static(dir))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path, cache string
		status      int
	}{
		{"/cases/a/", "no-cache", 200},
		{"/tags/%E5%9B%A2%E6%97%A5/", "no-cache", 200},
		{"/cases/a", "", 301},
		{"/assets/app.0123456789.css", "immutable", 200},
		{"/nope/", "", 404},
		{"/../../etc/passwd", "", 404},
	}
	for _, tt := range tests {
		resp, err := client.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(resp.Header.Get("Cache-Control"), tt.cache) {
			t.Errorf("%s: %d %q, want %d %q", tt.path, resp.StatusCode, resp.Header.Get("Cache-Control"), tt.status, tt.cache)
		}
	}
}

func TestSiteServesMemory(t *testing.T) {
	t.Parallel()
	var s Site
	srv := httptest.NewServer(&s)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("before the first build: %d", resp.StatusCode)
	}
	m := NewMemory()
	for name, body := range map[string]string{"index.html": "home", "cases/a/index.html": "page", "404.html": "missing", "search/d/0.txt": "0123456789"} {
		if err := m.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	s.Set(m)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path, rng, body string
		status          int
	}{
		{"/", "", "home", 200},
		{"/cases/a/", "", "page", 200},
		{"/cases/a", "", "", 301},
		{"/nope/", "", "missing", 404},
		{"/search/d/0.txt", "bytes=2-4", "234", 206},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		if tt.rng != "" {
			req.Header.Set("Range", tt.rng)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || tt.body != "" && string(body) != tt.body {
			t.Errorf("%s: %d %q, want %d %q", tt.path, resp.StatusCode, body, tt.status, tt.body)
		}
	}
	// A rebuild in the same second is not answered 304 for the old page.
	tag := get(t, srv.URL+"/cases/a/", "").Header.Get("ETag")
	if resp := get(t, srv.URL+"/cases/a/", tag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged page with its tag: %d, want 304", resp.StatusCode)
	}
	next := NewMemory()
	_ = next.WriteFile("cases/a/index.html", []byte("page, edited"))
	s.Set(next)
	if resp := get(t, srv.URL+"/cases/a/", tag); resp.StatusCode != http.StatusOK {
		t.Errorf("edited page with the old tag: %d, want 200", resp.StatusCode)
	}
	copied := NewMemory()
	if err := m.WriteTo(copied); err != nil {
		t.Fatal(err)
	}
	if b, ok := copied.file("cases/a/index.html"); !ok || string(b) != "page" || len(copied.files) != 4 {
		t.Errorf("WriteTo: %q, %d files", b, len(copied.files))
	}
}

// get asks for url, with If-None-Match: tag unless tag is "".
func get(t *testing.T, url, tag string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if tag != "" {
		req.Header.Set("If-None-Match", tag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestProblemsReachPages(t *testing.T) {
	t.Parallel()
	b := NewBroker()
	_, r := listen(t, b)
	_, _ = r.ReadString('\n') // the page is registered once the first line arrived
	b.Problems("cases/a.md:3: 日期\ncases/b.md:4: 地区")
	want := []string{"event: problems\n", "data: cases/a.md:3: 日期\n", "data: cases/b.md:4: 地区\n"}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line != want[0] {
			continue
		}
		for _, w := range want[1:] {
			if line, _ = r.ReadString('\n'); line != w {
				t.Fatalf("got %q, want %q", line, w)
			}
		}
		return
	}
}

func TestSiteShowsFirstFailure(t *testing.T) {
	t.Parallel()
	var s Site
	s.Fail("cases/a.md:3: <日期>")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "cases/a.md:3: &lt;日期&gt;") {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
	s.Set(NewMemory())
	s.Fail("later")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if strings.Contains(rec.Body.String(), "later") {
		t.Error("a later failure replaced the last good build")
	}
}

// TestBrokerReloadsLatePage: a page loaded before build 2 was served that
// connects after its reload event went out is reloaded as it connects; a
// page of build 2 is not.
func TestBrokerReloadsLatePage(t *testing.T) {
	t.Parallel()
	b := NewBroker()
	b.Reload("2")
	srv := httptest.NewServer(b)
	defer srv.Close()
	for shown, want := range map[string]bool{"1": true, "2": false} {
		resp, err := http.Get(srv.URL + "?build=" + shown)
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(resp.Body)
		_, _ = r.ReadString('\n')
		_, _ = r.ReadString('\n')
		b.Problems("mark") // ends the wait: the next event is either reload or this
		line, _ := r.ReadString('\n')
		resp.Body.Close()
		if got := line == "event: reload\n"; got != want {
			t.Errorf("page of build %s: first event %q", shown, line)
		}
	}
}

// TestReloadCarriesPage: the reload event sent to a page carries the page's
// new HTML after the build's name, line by line; a page the site does not
// have, or HTML with a carriage return (which would end a line of the
// stream), gets the name alone.
func TestReloadCarriesPage(t *testing.T) {
	t.Parallel()
	var site Site
	m := NewMemory()
	for name, data := range map[string]string{"a/index.html": "<p>1\n2</p>", "index.html": "<p>home</p>", "c/index.html": "<p>1\r\n2</p>"} {
		if err := m.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	site.Set(m)
	b := NewBroker()
	b.Pages = site.Page
	srv := httptest.NewServer(b)
	defer srv.Close()
	for page, want := range map[string]string{
		"/a/": "data: 2\ndata: <p>1\ndata: 2</p>\n", "/": "data: 2\ndata: <p>home</p>\n",
		"/b/": "data: 2\n", "/c/": "data: 2\n", "/a": "data: 2\n",
	} {
		resp, err := http.Get(srv.URL + "?page=" + url.QueryEscape(page))
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(resp.Body)
		_, _ = r.ReadString('\n')
		_, _ = r.ReadString('\n')
		b.Reload("2")
		var got strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil || line == "\n" {
				break
			}
			if line != "event: reload\n" {
				got.WriteString(line)
			}
		}
		resp.Body.Close()
		if got.String() != want {
			t.Errorf("page %s: got %q, want %q", page, got.String(), want)
		}
	}
}
