package markdown

import (
	"bytes"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The front matter that tools write (and the synthetic benchmark pages) is
// a flat list of `key: "text"`, `key: 2021-02-25`, `key: true|false` and
// `key: ["a", "b"]` lines. Those are read here without the YAML library,
// which costs more than the rest of reading a page's metadata; anything
// else goes to the library. A test and a fuzz target hold the nodes built
// here equal to the library's.

// quickMeta reads the front matter at the start of src, when it is in the
// simple form above, into the mapping node yaml.v3 would give (lines
// counted from the first line after the opening "---"). ok is false when
// the library must read it.
func quickMeta(src []byte) (m *yaml.Node, ok bool) {
	rest, found := bytes.CutPrefix(src, []byte("---\n"))
	if !found {
		return nil, false
	}
	m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	for line := 1; ; line++ {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return nil, false
		}
		l := rest[:i]
		rest = rest[i+1:]
		if string(l) == "---" {
			return m, len(m.Content) > 0
		}
		k, v, ok := quickPair(l, line)
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
}

// quickPair reads one `key: value` line.
func quickPair(l []byte, line int) (k, v *yaml.Node, ok bool) {
	i := bytes.Index(l, []byte(": "))
	if i <= 0 {
		return nil, nil, false
	}
	for _, c := range l[:i] {
		if (c < 'a' || c > 'z') && c != '_' {
			return nil, nil, false
		}
	}
	if key := string(l[:i]); key == "null" || key == "true" || key == "false" {
		return nil, nil, false // not text keys in YAML
	}
	k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(l[:i]), Line: line, Column: 1}
	col := i + 3
	val := l[i+2:]
	switch {
	case len(val) > 0 && val[0] == '[':
		v, ok = quickList(val, line, col)
	case len(val) > 0 && val[0] == '"':
		var s string
		if s, ok = quoted(val); ok {
			v = &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: s, Line: line, Column: col}
		}
	case string(val) == "true" || string(val) == "false":
		v, ok = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: string(val), Line: line, Column: col}, true
	case isDate(val):
		v, ok = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(val), Line: line, Column: col}, true
	}
	return k, v, ok
}

// quickList reads `["a", "b"]` or `[]`.
func quickList(val []byte, line, col int) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col}
	if string(val) == "[]" {
		return n, true
	}
	pos := 1
	for {
		if pos >= len(val) || val[pos] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(val[pos+1:], '"')
		if end < 0 {
			return nil, false
		}
		end += pos + 2
		s, ok := quoted(val[pos:end])
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str",
			Value: s, Line: line, Column: col + utf8.RuneCount(val[:pos])})
		switch {
		case string(val[end:]) == "]":
			return n, true
		case bytes.HasPrefix(val[end:], []byte(", \"")):
			pos = end + 2
		default:
			return nil, false
		}
	}
}

// quoted reads a whole double-quoted string without escapes, of printable
// characters that YAML does not treat as line breaks.
func quoted(q []byte) (string, bool) {
	if len(q) < 2 || q[len(q)-1] != '"' {
		return "", false
	}
	s := q[1 : len(q)-1]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7F || c == '"' || c == '\\' {
				return "", false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError || r == 0xFEFF || r == 0x85 || r == 0x2028 || r == 0x2029 || (r >= 0x80 && r < 0xA0) ||
			(r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF {
			return "", false
		}
		i += size
	}
	return string(s), true
}

// isDate reports whether v is a valid date written YYYY-MM-DD.
func isDate(v []byte) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	for i, c := range v {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	_, err := time.Parse(time.DateOnly, string(v))
	return err == nil
}
