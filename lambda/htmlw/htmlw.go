// Package htmlw writes the collector's and the admin board's HTML: raw
// markup from the calling package and escaped text from everywhere else,
// into one buffer. It avoids html/template on purpose: its reflection keeps
// every method of every type in a Lambda's binary (the collector's 8.5 MiB
// grew to 13.4 MiB, the admin's 10.1 MiB to 16.2 MiB). The escaping is
// html/template's, so pages read the same as if it wrote them.
//
// It imports only the standard library.
package htmlw

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Page is HTML being written.
type Page struct{ bytes.Buffer }

// Raw writes markup as it is.
func (p *Page) Raw(s ...string) {
	for _, x := range s {
		p.WriteString(x)
	}
}

// escaper escapes text and quoted attribute values as html/template does.
var escaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// Text writes s escaped for text or a quoted attribute value.
func (p *Page) Text(s string) { _, _ = escaper.WriteString(p, s) }

// Num writes an integer.
func (p *Page) Num(n int) { p.WriteString(strconv.Itoa(n)) }

// Attr writes ` name="value"` with the value escaped.
func (p *Page) Attr(name, value string) {
	p.Raw(" ", name, `="`)
	p.Text(value)
	p.Raw(`"`)
}

// AttrIf writes ` name="value"` only when value is not empty.
func (p *Page) AttrIf(name, value string) {
	if value != "" {
		p.Attr(name, value)
	}
}

// Attrs writes a run of attributes given as name, value pairs.
func (p *Page) Attrs(nv ...string) {
	for i := 0; i+1 < len(nv); i += 2 {
		p.Attr(nv[i], nv[i+1])
	}
}

// Nums writes a run of numeric attributes given as names and values.
func (p *Page) Nums(names []string, values ...int) {
	for i, n := range names {
		p.Attr(n, strconv.Itoa(values[i]))
	}
}

// Flag writes ` name` (a boolean attribute) when on.
func (p *Page) Flag(name string, on bool) {
	if on {
		p.Raw(" ", name)
	}
}

// HiddenUnless writes ` hidden` unless shown.
func (p *Page) HiddenUnless(shown bool) { p.Flag("hidden", !shown) }

// El writes <tag class="class">text</tag> and a newline.
func (p *Page) El(tag, class, text string) {
	p.Raw("<", tag)
	p.AttrIf("class", class)
	p.Raw(">")
	p.Text(text)
	p.Raw("</", tag, ">\n")
}

// URL writes ` name="u"` for a link: u normalized as html/template does,
// and replaced by "#ZgotmplZ" if its scheme is not http, https or mailto
// (trusted: a tel: link the caller built from digits).
func (p *Page) URL(name, u string, trusted bool) {
	if !trusted && !safeScheme(u) {
		u = "#ZgotmplZ"
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if urlKeep(c) || c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	p.Attr(name, b.String())
}

func safeScheme(u string) bool {
	i := strings.IndexByte(u, ':')
	if i < 0 || strings.ContainsRune(u[:i], '/') {
		return true
	}
	s := strings.ToLower(u[:i])
	return s == "http" || s == "https" || s == "mailto"
}

// urlKeep is whether a byte stays as it is in a normalized URL: the
// reserved and unreserved characters of RFC 3986 except ' ( ).
func urlKeep(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
