package markdown

import (
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading anchors that keep Chinese text readable: letters and
// digits of any script stay, spaces become hyphens, the rest is dropped.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate returns a unique id for a heading whose text is value.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slugify(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put records an id that is already in use.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// Slugify keeps letters and digits of any script (ASCII lower-cased) and
// turns runs of anything else into single hyphens.
func Slugify(s string) string {
	out := make([]rune, 0, len(s))
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && len(out) > 0 {
				out = append(out, '-')
			}
			dash = false
			out = append(out, unicode.ToLower(r))
		default:
			dash = true
		}
	}
	return string(out)
}
