package content

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"sync"
)

// Converted keeps what a Loader made of each published article's file,
// by path and the sum of its bytes, so that the next Load converts only the
// files that changed (serve reloads on every save). It is safe for
// concurrent use; the zero value is ready to use.
type Converted struct {
	mu    sync.Mutex
	files map[string]*converted
}

// converted is one file's article, its rendered body and its plain text.
type converted struct {
	sum        [sha256.Size]byte
	art        Article
	body, text []byte
}

// take returns what the last Load kept.
func (c *Converted) take() map[string]*converted {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files
}

// keep replaces what is kept with the files of the Load that ended.
func (c *Converted) keep(results []loaded) {
	if c == nil {
		return
	}
	files := make(map[string]*converted, len(results))
	for _, r := range results {
		if r.kept != nil {
			files[r.kept.art.File] = r.kept
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files = files
}

// reuse gives the article of src, the bytes of file f, as last converted,
// its body put in l.Bodies and its text given to l.OnText.
func (l *Loader) reuse(prev map[string]*converted, f file, src []byte) (loaded, bool) {
	k, ok := prev[f.name]
	if !ok || k.sum != sha256.Sum256(src) {
		return loaded{}, false
	}
	a := k.art
	var err error
	if a.Body, err = l.Bodies.Put(k.body); err != nil {
		return loaded{err: fmt.Errorf("keep body of %s: %w", f.name, err)}, true
	}
	if l.OnText != nil {
		l.OnText(&a, k.text)
	}
	return loaded{art: &a, kept: k}, true
}

// newConverted is what to keep of the published article a of src.
func newConverted(a *Article, src, body, text []byte) *converted {
	return &converted{sum: sha256.Sum256(src), art: *a, body: bytes.Clone(body), text: bytes.Clone(text)}
}
