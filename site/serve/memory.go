package serve

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"html"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"dunban/site/output"
)

// Memory is a built site held in memory, so that a rebuild is served
// without waiting for the disk. It is safe for concurrent use.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty site.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile keeps a copy of data as the file name ("cases/a/index.html").
func (m *Memory) WriteFile(name string, data []byte) error {
	b := bytes.Clone(data)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = b
	return nil
}

func (m *Memory) file(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// WriteTo writes every file to out.
func (m *Memory) WriteTo(out output.Files) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for name, data := range m.files {
		if err := out.WriteFile(name, data); err != nil {
			return err
		}
	}
	return nil
}

// Site serves the latest built Memory: folders by their index.html,
// fingerprinted assets with a long cache, the rest uncached, byte ranges
// (the search index reads them), and 404.html for what does not exist.
type Site struct {
	mu      sync.RWMutex
	cur     *Memory
	problem string // why the first build failed, shown until one succeeds
}

// Set makes m the site being served.
func (s *Site) Set(m *Memory) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur, s.problem = m, ""
}

// Fail records why a build failed; it is shown only while no build has
// succeeded yet (later, the last good build stays up).
func (s *Site) Fail(problem string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problem = problem
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	m, problem := s.cur, s.problem
	s.mu.RUnlock()
	if m == nil {
		failed(w, problem)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	name := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		name = strings.TrimPrefix(path.Join(name, "index.html"), "/")
	}
	data, ok := m.file(name)
	if !ok {
		if _, dir := m.file(strings.TrimPrefix(p+"/index.html", "/")); dir && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		page, _ := m.file("404.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(page)
		return
	}
	setCache(w, p)
	// The tag names the bytes, not the build: a page reloaded after a
	// rebuild in the same second gets the new page (a Last-Modified to the
	// second would answer 304), an unchanged file still gets 304.
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, maphash.Bytes(etagSeed, data)))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

var etagSeed = maphash.MakeSeed()

func setCache(w http.ResponseWriter, p string) {
	if strings.HasPrefix(p, "/assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
}

// Page returns the HTML of the page at path ("/notices/a/", "/404.html")
// in the site being served.
func (s *Site) Page(path string) ([]byte, bool) {
	s.mu.RLock()
	m := s.cur
	s.mu.RUnlock()
	if m == nil {
		return nil, false
	}
	name := strings.TrimPrefix(path, "/")
	switch {
	case name == "" || strings.HasSuffix(name, "/"):
		name += "index.html"
	case !strings.HasSuffix(name, ".html"):
		return nil, false
	}
	return m.file(name)
}

// failed answers while no build has succeeded: why, or that one is coming.
func failed(w http.ResponseWriter, problem string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	if problem == "" {
		problem = "正在构建，请稍候刷新。"
	}
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>构建失败</title>
<script src="/_dunban/reload.js" defer></script><h1>门户构建失败</h1><p>修改内容后页面会自动刷新。</p><pre>%s</pre>`, html.EscapeString(problem))
}
