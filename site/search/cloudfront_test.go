package search

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cloudFront serves the files under root as the portal's CloudFront
// distribution does: Content-Type by extension (as infra/sitesync uploads
// them), gzip for the types CloudFront compresses when the file has 1,000 to
// 10,000,000 bytes and the browser accepts it, Range requests answered
// uncompressed (206). It adds the body bytes it sends for paths under
// /search/ (not the page itself) to served.
type cloudFront struct {
	root   string
	served atomic.Int64
	gz     sync.Map // path → gzipped body
	log    func(path string, size int, sent int64)
}

// cloudTypes are the Content-Types infra/sitesync gives the files the search
// page loads; every other extension is application/octet-stream.
var cloudTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
	".txt": "text/plain; charset=utf-8",
}

func (c *cloudFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(p)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype, compressible := cloudTypes[path.Ext(p)]
	if !compressible {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	cw := &countWriter{ResponseWriter: w}
	defer func() {
		if strings.HasPrefix(p, "/search/") && path.Base(p) != "index.html" || strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".css") {
			c.served.Add(cw.n)
			if c.log != nil {
				c.log(p, len(data), cw.n)
			}
		}
	}()
	if r.Header.Get("Range") != "" || !compressible || len(data) < 1000 || len(data) > 10_000_000 ||
		!strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		http.ServeContent(cw, r, p, time.Time{}, bytes.NewReader(data))
		return
	}
	z, ok := c.gz.Load(p)
	if !ok {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		z, _ = c.gz.LoadOrStore(p, b.Bytes())
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Vary", "Accept-Encoding")
	cw.Write(z.([]byte))
}

// httptestServer serves h on loopback until the benchmark or test ends.
func httptestServer(tb testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// writeBenchPage writes the search page, its script and its stylesheet under
// root, the stylesheet as a file of its own (as the site serves it).
func writeBenchPage(tb testing.TB, root string) {
	var buf bytes.Buffer
	buf.WriteString(`<!doctype html><html lang="zh-CN"><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width,initial-scale=1"><title>搜索</title>` +
		`<link rel="stylesheet" href="/search.css"><style>body{font-family:system-ui,sans-serif;margin:0 1em;max-width:40em}</style><h1>搜索</h1>`)
	err := RenderPage(&buf, Page{ScriptURL: "/search.js", Browse: []Link{{"优秀工作案例", "/cases/"}, {"调研报告", "/reports/"}}})
	if err != nil {
		tb.Fatal(err)
	}
	for name, data := range map[string][]byte{"search/index.html": buf.Bytes(), "search.js": Script, "search.css": Style} {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
