package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bodies keeps the bodies of the form pages, the forms index and the admin
// page between builds (serve rebuilds on every save), so that they are
// drawn again only when what they are drawn from changed: units.csv and
// rounds/ in the content folder, the collector's address, or the minute of
// the build's clock (deadlines are to the minute; the admin page's months
// follow the clock). The build time a form body carries as rendered_at,
// which the collector's fill-time check reads from pages without script,
// is always the current build's. The zero value is ready to use; it is
// safe for concurrent use.
type Bodies struct {
	mu   sync.Mutex
	key  string          // what the kept bodies were drawn from
	kept map[string]kept // by page path
}

// kept is a body cut around the build time it carries (stamped), or whole.
type kept struct {
	before, after string
	stamped       bool
}

// bodyKey names what a build's form and admin bodies are drawn from.
type bodyKey struct {
	key   string // content fingerprint, API and minute; "" when not kept
	stamp string // the build time as a form's rendered_at writes it
}

// newBodyKey fingerprints the form content of fsys for a build at now.
func newBodyKey(fsys fs.FS, api string, now time.Time) (bodyKey, error) {
	h := sha256.New()
	names, err := fs.Glob(fsys, "rounds/*.json")
	if err != nil {
		return bodyKey{}, fmt.Errorf("fingerprint rounds: %w", err)
	}
	for _, name := range append([]string{"units.csv"}, names...) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return bodyKey{}, fmt.Errorf("fingerprint %s: %w", name, err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	fmt.Fprintf(h, "api %q\nminute %d\n", api, now.Truncate(time.Minute).Unix())
	return bodyKey{key: hex.EncodeToString(h.Sum(nil)), stamp: strconv.FormatInt(now.UnixMilli(), 10)}, nil
}

// body returns the body of the page at path: the one kept when k is what
// it was drawn from, else the one draw writes, which is kept for the next
// build. A nil c keeps nothing.
func (c *Bodies) body(k bodyKey, path string, draw func(w io.Writer) error) (string, error) {
	if c == nil || k.key == "" {
		return drawString(draw)
	}
	if s, ok := c.lookup(k, path); ok {
		return s, nil
	}
	s, err := drawString(draw)
	if err != nil {
		return "", err
	}
	c.keep(k, path, s)
	return s, nil
}

func drawString(draw func(w io.Writer) error) (string, error) {
	var buf bytes.Buffer
	err := draw(&buf)
	return buf.String(), err
}

func (c *Bodies) lookup(k bodyKey, path string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.kept[path]
	if !ok || c.key != k.key {
		return "", false
	}
	if b.stamped {
		return b.before + k.stamp + b.after, true
	}
	return b.before, true
}

// keep keeps s, drawn from k, cut around k's build time when s carries it
// once; a body carrying it more than once (the time would be ambiguous)
// is not kept.
func (c *Bodies) keep(k bodyKey, path, s string) {
	b := kept{before: s}
	switch strings.Count(s, k.stamp) {
	case 0:
	case 1:
		b.before, b.after, _ = strings.Cut(s, k.stamp)
		b.stamped = true
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != k.key {
		c.key, c.kept = k.key, map[string]kept{}
	}
	c.kept[path] = b
}
