package formhtml

import (
	"bytes"
	"html"
	"strconv"
)

// page is HTML being written: raw markup from this package and escaped
// text from everywhere else. It avoids html/template on purpose: its
// reflection keeps every method of every type in the collector's binary
// (8.5 MB grows to 13.8 MB), and these pages are small and fixed.
type page struct{ bytes.Buffer }

// raw writes markup as it is.
func (p *page) raw(s ...string) {
	for _, x := range s {
		p.WriteString(x)
	}
}

// text writes s escaped for text or a quoted attribute value.
func (p *page) text(s string) { p.WriteString(html.EscapeString(s)) }

// attr writes ` name="value"` with the value escaped.
func (p *page) attr(name, value string) {
	p.raw(" ", name, `="`)
	p.text(value)
	p.raw(`"`)
}

// attrIf writes ` name="value"` only when value is not empty.
func (p *page) attrIf(name, value string) {
	if value != "" {
		p.attr(name, value)
	}
}

// flag writes ` name` (a boolean attribute) when on.
func (p *page) flag(name string, on bool) {
	if on {
		p.raw(" ", name)
	}
}

// hidden writes ` hidden` unless shown.
func (p *page) hiddenUnless(shown bool) { p.flag("hidden", !shown) }

// el writes <tag class="class">text</tag> and a newline.
func (p *page) el(tag, class, text string) {
	p.raw("<", tag)
	p.attrIf("class", class)
	p.raw(">")
	p.text(text)
	p.raw("</", tag, ">\n")
}

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
