// Package output names what receives the files of a generated site: the
// build's pages, the search index and the assets are all written through
// Files, to a folder on disk (Dir) or to serve's in-memory site.
package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Files receives files by slash-separated name below the site root, e.g.
// "cases/baotou/index.html" or "search/meta.json". WriteFile may be called
// from several goroutines at once and must not keep data after it returns.
type Files interface {
	WriteFile(name string, data []byte) error
}

// Dir writes files under a folder on disk, creating folders as needed.
type Dir string

// WriteFile writes data to name under d.
func (d Dir) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	err := os.WriteFile(p, data, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
	}
	return err
}
