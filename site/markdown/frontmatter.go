package markdown

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Front matter as people write it is a flat list of `key: value` lines:
// quoted and unquoted text, dates, true/false, flow lists (`[团日, "调研"]`),
// block lists (`- 团日` lines under the key) and comments. Those are read
// here without the YAML library, which costs more than the rest of reading
// a page's metadata; anything else (numbers, nulls, escapes, nested maps,
// multi-line text, …) goes to the library. A test and a fuzz target hold
// the nodes built here equal to the library's.

// quickMeta reads the front matter at the start of src, when it is in the
// forms above, into the mapping node yaml.v3 would give (lines counted from
// the first line after the opening "---"). ok is false when the library
// must read it.
func quickMeta(src []byte) (m *yaml.Node, ok bool) {
	rest, found := bytes.CutPrefix(src, []byte("---\n"))
	if !found {
		return nil, false
	}
	m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Column: 1}
	var list *yaml.Node // the block list being read, if any
	for line := 1; ; line++ {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return nil, false
		}
		l := rest[:i]
		rest = rest[i+1:]
		if !printable(l) {
			return nil, false
		}
		switch {
		case string(l) == "---":
			if list != nil && len(list.Content) == 0 || len(m.Content) == 0 {
				return nil, false
			}
			m.Line = m.Content[0].Line
			return m, true
		case isBlank(l):
			continue
		case l[0] == ' ' || l[0] == '-':
			if list == nil || !quickItem(list, l, line) {
				return nil, false
			}
			continue
		}
		if list != nil && len(list.Content) == 0 {
			return nil, false // a key without a value is null
		}
		list = nil
		k, v, ok := quickPair(l, line)
		if !ok {
			return nil, false
		}
		if v == nil {
			v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			list = v
		}
		m.Content = append(m.Content, k, v)
	}
}

// isBlank reports whether l is empty, spaces, or a comment line.
func isBlank(l []byte) bool {
	t := bytes.TrimLeft(l, " ")
	return len(t) == 0 || t[0] == '#'
}

// quickItem reads one `- value` line of a block list into list.
func quickItem(list *yaml.Node, l []byte, line int) bool {
	t := bytes.TrimLeft(l, " ")
	ind := len(l) - len(t)
	if !bytes.HasPrefix(t, []byte("- ")) {
		return false
	}
	if len(list.Content) == 0 {
		list.Line, list.Column = line, ind+1
	} else if list.Column != ind+1 {
		return false
	}
	val := bytes.TrimLeft(t[2:], " ")
	col := ind + 1 + len(t) - len(val)
	v, ok := quickScalar(val, line, col, false)
	if !ok || v.Tag != "!!str" {
		return false
	}
	list.Content = append(list.Content, v)
	return true
}

// quickPair reads one `key: value` line. v is nil for `key:` alone, which
// a block list may follow.
func quickPair(l []byte, line int) (k, v *yaml.Node, ok bool) {
	i := bytes.IndexByte(l, ':')
	if i <= 0 {
		return nil, nil, false
	}
	for _, c := range l[:i] {
		if (c < 'a' || c > 'z') && c != '_' {
			return nil, nil, false
		}
	}
	if key := string(l[:i]); key == "null" || key == "true" || key == "false" || key == "y" || key == "n" {
		return nil, nil, false // not text keys in YAML
	}
	k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(l[:i]), Line: line, Column: 1}
	after := l[i+1:]
	if isBlank(after) {
		if len(after) > 0 && after[0] == '#' {
			return nil, nil, false // "key:#" is not a comment
		}
		return k, nil, true
	}
	if after[0] != ' ' {
		return nil, nil, false
	}
	val := bytes.TrimLeft(after, " ")
	col := i + 2 + len(after) - len(val)
	if val[0] == '[' {
		v, ok = quickList(val, line, col)
	} else {
		v, ok = quickScalar(val, line, col, false)
	}
	return k, v, ok
}

// quickScalar reads a value to the end of its line (or, in a flow list,
// an item): quoted text, true/false, a date or unquoted text, with an
// optional comment after it.
func quickScalar(val []byte, line, col int, flow bool) (*yaml.Node, bool) {
	if len(val) == 0 {
		return nil, false
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line, Column: col}
	switch val[0] {
	case '"', '\'':
		end := bytes.IndexByte(val[1:], val[0])
		if end < 0 || !endsValue(val[end+2:], flow) {
			return nil, false
		}
		s, ok := quoted(val[1 : end+1])
		n.Value, n.Style = s, yaml.DoubleQuotedStyle
		if val[0] == '\'' {
			n.Style = yaml.SingleQuotedStyle
		}
		return n, ok
	}
	v := val
	if i := bytes.Index(v, []byte(" #")); i >= 0 && !flow {
		v = v[:i]
	}
	v = bytes.TrimRight(v, " ")
	s := string(v)
	switch {
	case s == "true" || s == "false":
		n.Tag, n.Value = "!!bool", s
		return n, true
	case isDate(v):
		n.Tag, n.Value = "!!timestamp", s
		return n, true
	}
	n.Value = s
	return n, isPlainText(v, flow)
}

// endsValue reports whether what follows a quoted value ends it: nothing,
// spaces, or a comment.
func endsValue(rest []byte, flow bool) bool {
	if flow {
		return len(bytes.Trim(rest, " ")) == 0
	}
	t := bytes.TrimLeft(rest, " ")
	return len(t) == 0 || t[0] == '#' && len(t) < len(rest)
}

// isPlainText reports whether v, written without quotes, is text to YAML:
// it starts with a letter, a non-ASCII character or a digit (then with a
// character no number or time holds), is not a YAML word
// (yes, null, …), and holds nothing that YAML would read as structure.
func isPlainText(v []byte, flow bool) bool {
	if len(v) == 0 {
		return false
	}
	c := v[0]
	isDigit := '0' <= c && c <= '9'
	if c < utf8.RuneSelf && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && !isDigit {
		return false
	}
	if isDigit && !bytes.ContainsFunc(v, notNumeric) {
		return false // may be a number or a time
	}
	if yamlWords[strings.ToLower(string(v))] || v[len(v)-1] == ':' || bytes.Contains(v, []byte(": ")) {
		return false
	}
	if flow && bytes.ContainsAny(v, ",[]{}#:") {
		return false
	}
	_, ok := quoted(v)
	return ok
}

// notNumeric reports whether r cannot be part of a YAML number or time,
// so that text holding it is text even when it starts with a digit.
func notNumeric(r rune) bool {
	return r >= utf8.RuneSelf || ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') && !strings.ContainsRune("abcdefotxzABCDEFOTXZ", r)
}

// yamlWords are the unquoted words YAML reads as something other than text.
var yamlWords = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true, "on": true,
	"off": true, "y": true, "n": true}

// quickList reads a flow list, `["a", b]` or `[]`, with an optional comment.
func quickList(val []byte, line, col int) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col}
	end := bytes.IndexByte(val, ']')
	if end < 0 || !endsValue(val[end+1:], false) {
		return nil, false
	}
	inner := val[1:end]
	if len(bytes.Trim(inner, " ")) == 0 {
		return n, true
	}
	pos := 1
	for _, item := range bytes.Split(inner, []byte(",")) {
		t := bytes.TrimLeft(item, " ")
		at := pos + len(item) - len(t)
		pos += len(item) + 1
		t = bytes.TrimRight(t, " ")
		if len(t) == 0 {
			return nil, false
		}
		v, ok := quickScalar(t, line, col+utf8.RuneCount(val[:at]), true)
		if !ok || v.Tag != "!!str" {
			return nil, false
		}
		n.Content = append(n.Content, v)
	}
	return n, true
}

// quoted checks text without escapes: no quotes or backslashes.
func quoted(s []byte) (string, bool) {
	if bytes.ContainsAny(s, `"'\`) {
		return "", false
	}
	return string(s), true
}

// printable reports whether a line holds only characters YAML reads as
// they are: no control characters, byte-order marks or line separators.
func printable(s []byte) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError || r == 0xFEFF || r == 0x85 || r == 0x2028 || r == 0x2029 || (r >= 0x80 && r < 0xA0) ||
			(r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
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
