package serve

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Static serves the built portal in dir: folders by their index.html,
// fingerprinted assets with a long cache, everything else uncached, and
// 404.html for what does not exist.
func Static(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(p))
		if strings.HasSuffix(r.URL.Path, "/") {
			name = filepath.Join(name, "index.html")
		}
		if info, err := os.Stat(name); err != nil || (info.IsDir() && !strings.HasSuffix(r.URL.Path, "/")) {
			if err == nil {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			notFound(w, dir)
			return
		}
		setCache(w, p)
		files.ServeHTTP(w, r)
	})
}

func notFound(w http.ResponseWriter, dir string) {
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if err != nil {
		_, _ = w.Write([]byte("<!DOCTYPE html><title>404</title><p>页面不存在。</p>"))
		return
	}
	_, _ = w.Write(page)
}
