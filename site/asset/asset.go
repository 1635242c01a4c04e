// Package asset names static files by their content hash, so they can be
// cached for a year, and writes them out.
package asset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"dunban/site/output"
)

// Prefix is the folder of fingerprinted files on the portal.
const Prefix = "/assets/"

// Set maps logical asset names ("app.css", "search/search.js") to
// fingerprinted URLs ("/assets/app.3f9a1c2b.css"). It is not safe for
// concurrent Add; URL may be called concurrently once adding is done.
type Set struct {
	urls  map[string]string
	files map[string][]byte // output path below the site root → content
}

// NewSet returns an empty Set.
func NewSet() *Set { return &Set{urls: map[string]string{}, files: map[string][]byte{}} }

// Add registers data under the logical name and returns its URL.
func (s *Set) Add(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	u := Prefix + hashed
	s.urls[name] = u
	s.files[strings.TrimPrefix(u, "/")] = data
	return u
}

// AddFS registers every file of fsys under prefix, keeping their relative names
// below the logical prefix.
func (s *Set) AddFS(prefix string, fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		s.Add(path.Join(prefix, p), data)
		return nil
	})
}

// URL returns the fingerprinted URL of a logical name, or "" if unknown.
func (s *Set) URL(name string) string { return s.urls[name] }

// Paths lists the output paths of all assets, sorted.
func (s *Set) Paths() []string {
	out := make([]string, 0, len(s.files))
	for p := range s.files {
		out = append(out, "/"+p)
	}
	sort.Strings(out)
	return out
}

// Write writes every asset to out.
func (s *Set) Write(out output.Files) error {
	for p, data := range s.files {
		if err := out.WriteFile(p, data); err != nil {
			return fmt.Errorf("write asset %s: %w", p, err)
		}
	}
	return nil
}
