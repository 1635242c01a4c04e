package build

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
)

// imageDir is the content folder whose files the portal serves as they are,
// under the same path: content/images/a.jpg is /images/a.jpg.
const imageDir = "images"

// images adds a job copying every file under content/images. Files whose
// names start with "." or "_" are left out, as for pages.
func (g *generator) images() error {
	err := fs.WalkDir(g.cfg.Content, imageDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := path.Base(p)
		if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		g.add(job{path: "/" + p, write: func(w io.Writer, _ *[]byte) error {
			f, err := g.cfg.Content.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return err
		}})
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
