// Package markdown converts one markdown file with YAML front matter into
// HTML, and reports what the rest of the generator needs to know about it:
// the front matter as a YAML tree, the headings, the links and the plain text.
package markdown

import (
	"bytes"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.abhg.dev/goldmark/frontmatter"
	"gopkg.in/yaml.v3"
)

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Ref is a link or image destination found in the body, with its line in the file.
type Ref struct {
	Dest  string
	Line  int
	Image bool
}

// Doc is what a conversion learned about a file besides its HTML.
type Doc struct {
	// Meta is the front matter mapping, or nil when the file has none.
	Meta *yaml.Node
	// MetaErr is the front matter's YAML syntax error, with its file line.
	MetaErr *LineError
	TOC     []Heading
	Refs    []Ref
	// Text is the body as plain text, one block per line. It is valid until
	// the Converter's next Convert.
	Text []byte
	// Chars counts the body's characters, spaces excluded.
	Chars int
	src   []byte // the converted file, for line numbers
	lines int    // how many lines it has
}

// LineError is a problem at a line of the converted file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Converter turns markdown into HTML with GFM, CJK and front matter support.
// It is not safe for concurrent use: make one per goroutine.
type Converter struct {
	md   goldmark.Markdown
	text bytes.Buffer
}

// New returns a Converter.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.CJK,
			&frontmatter.Extender{},
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(tableWrap{}, 100))),
	)
	return &Converter{md: md}
}

// Convert writes the HTML body of src to w and returns what it found.
func (c *Converter) Convert(w io.Writer, src []byte) (*Doc, error) {
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	d := &Doc{src: src, lines: bytes.Count(src, []byte("\n")) + 1}
	d.readMeta(src, pc)
	c.text.Reset()
	d.walk(root, src, &c.text)
	if b, ok := w.(*bytes.Buffer); ok {
		w = bufWriter{b}
	}
	if err := c.md.Renderer().Render(w, src, root); err != nil {
		return d, fmt.Errorf("render markdown: %w", err)
	}
	return d, nil
}

// bufWriter lets goldmark write straight into a bytes.Buffer instead of
// through a bufio.Writer of its own for every document.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// Line returns the 1-based line of byte offset off in the converted file.
// It counts the line breaks before off: a file has only a few links to
// place, so this is cheaper than an index of every line of every file.
func (d *Doc) Line(off int) int {
	return bytes.Count(d.src[:min(max(off, 0), len(d.src))], []byte("\n")) + 1
}

func (d *Doc) readMeta(src []byte, pc parser.Context) {
	fm := frontmatter.Get(pc)
	if fm == nil {
		return
	}
	if m, ok := quickMeta(src); ok {
		shiftLines(m, 1, d.lines)
		d.Meta = m
		return
	}
	var doc yaml.Node
	if err := fm.Decode(&doc); err != nil {
		d.MetaErr = yamlError(err, d.lines)
		return
	}
	if len(doc.Content) == 0 {
		d.Meta = &yaml.Node{Kind: yaml.MappingNode, Line: 1}
		return
	}
	shiftLines(doc.Content[0], 1, d.lines)
	d.Meta = doc.Content[0]
}

// shiftLines moves YAML node lines from front-matter lines to file lines
// (the opening "---" is line 1).
func shiftLines(n *yaml.Node, by, last int) {
	n.Line = min(n.Line+by, last)
	for _, c := range n.Content {
		shiftLines(c, by, last)
	}
}

func yamlError(err error, last int) *LineError {
	var line int
	msg := err.Error()
	if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &line); scanErr == nil {
		return &LineError{Line: min(line+1, last), Msg: "front matter 格式错误：" + msg}
	}
	return &LineError{Line: 1, Msg: "front matter 格式错误：" + msg}
}

func (d *Doc) walk(root ast.Node, src []byte, buf *bytes.Buffer) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument && buf.Len() > 0 && buf.Bytes()[buf.Len()-1] != '\n' {
				buf.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			d.heading(n, src)
		case *ast.Link:
			d.Refs = append(d.Refs, Ref{Dest: string(n.Destination), Line: d.nodeLine(n)})
		case *ast.Image:
			d.Refs = append(d.Refs, Ref{Dest: string(n.Destination), Line: d.nodeLine(n), Image: true})
		case *ast.AutoLink:
			d.Refs = append(d.Refs, Ref{Dest: autoLinkDest(n, src), Line: d.nodeLine(n)})
		case *ast.Text:
			buf.Write(n.Segment.Value(src))
		case *ast.String:
			buf.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	d.Text = buf.Bytes()
	d.Chars = countChars(d.Text)
}

// autoLinkDest is where an autolink goes: a bare e-mail address is a
// mailto: link, as goldmark renders it, not a path on this site.
func autoLinkDest(n *ast.AutoLink, src []byte) string {
	if n.AutoLinkType == ast.AutoLinkEmail {
		return "mailto:" + string(n.URL(src))
	}
	return string(n.URL(src))
}

func (d *Doc) heading(n *ast.Heading, src []byte) {
	if n.Level < 2 || n.Level > 3 {
		return
	}
	id, _ := n.AttributeString("id")
	idb, _ := id.([]byte)
	d.TOC = append(d.TOC, Heading{Level: n.Level, ID: string(idb), Text: plain(n, src)})
}

// nodeLine finds the line of an inline node from its first text segment,
// or from its enclosing block.
func (d *Doc) nodeLine(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return d.Line(t.Segment.Start)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return d.Line(p.Lines().At(0).Start)
		}
	}
	return 1
}

func plain(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// countChars counts runes that are not white space. Only the first byte of
// a character is looked at, except for the few that may start a space.
func countChars(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < utf8.RuneSelf:
			if !asciiSpace[c] {
				n++
			}
			i++
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			// These may start U+0085, U+00A0, U+1680, U+2000–U+205F or U+3000.
			r, size := utf8.DecodeRune(b[i:])
			if !unicode.IsSpace(r) {
				n++
			}
			i += size
		case c >= 0xE0 && c <= 0xEF && i+2 < len(b) && valid3(c, b[i+1], b[i+2]):
			n++ // Han and the rest of the BMP above U+0800: never a space here
			i += 3
		default:
			_, size := utf8.DecodeRune(b[i:])
			n++ // no other character is a space, nor is an invalid byte
			i += size
		}
	}
	return n
}

// valid3 reports whether c, c1, c2 is a valid three-byte UTF-8 sequence.
func valid3(c, c1, c2 byte) bool {
	lo, hi := byte(0x80), byte(0xBF)
	switch c {
	case 0xE0:
		lo = 0xA0
	case 0xED:
		hi = 0x9F
	}
	return c1 >= lo && c1 <= hi && c2&0xC0 == 0x80
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
