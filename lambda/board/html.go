package board

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// page is HTML being written: raw markup from this package and escaped
// text from everywhere else. It avoids html/template on purpose, as
// lambda/formhtml does: its reflection keeps every method of every type
// in the admin Lambda's binary (10.1 MiB grew to 16.2 MiB). The escaping
// is html/template's, so the output did not change when it went.
type page struct{ bytes.Buffer }

// raw writes markup as it is.
func (p *page) raw(s ...string) {
	for _, x := range s {
		p.WriteString(x)
	}
}

// escaper escapes text and quoted attribute values as html/template does.
var escaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// text writes s escaped for text or a quoted attribute value.
func (p *page) text(s string) { escaper.WriteString(p, s) }

// num writes an integer.
func (p *page) num(n int) { p.WriteString(strconv.Itoa(n)) }

// attr writes ` name="value"` with the value escaped.
func (p *page) attr(name, value string) {
	p.raw(" ", name, `="`)
	p.text(value)
	p.raw(`"`)
}

// attrs writes a run of attributes given as name, value pairs.
func (p *page) attrs(nv ...string) {
	for i := 0; i+1 < len(nv); i += 2 {
		p.attr(nv[i], nv[i+1])
	}
}

// nums writes a run of numeric attributes given as names and values.
func (p *page) nums(names []string, values ...int) {
	for i, n := range names {
		p.attr(n, strconv.Itoa(values[i]))
	}
}

// url writes ` name="u"` for a link: u normalized as html/template does,
// and replaced by "#ZgotmplZ" if its scheme is not http, https or mailto
// (trusted: a tel: link this package built from digits).
func (p *page) url(name, u string, trusted bool) {
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
	p.attr(name, b.String())
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
