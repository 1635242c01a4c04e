package render

import (
	"html/template"
	"net/url"
	"strings"

	"dunban/site/content"
)

// The parts below are the loops of the article page. They are written in Go
// rather than in the template because a 10,000-page build runs them for
// every page, and the template engine's per-item reflection and URL
// normalisation cost more than the rest of the page.

// toc writes the table of contents links of an article's h2/h3 headings.
func toc(a *content.Article) template.HTML {
	var b strings.Builder
	for _, h := range a.TOC {
		b.WriteString(`<li class="toc-`)
		b.WriteByte('0' + byte(h.Level))
		b.WriteString(`"><a href="#`)
		b.WriteString(template.HTMLEscapeString(url.PathEscape(h.ID)))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(h.Text))
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// tagLinks writes an article's tags as list items linking to their pages.
func tagLinks(a *content.Article, term func(taxonomy, name string) string) template.HTML {
	var b strings.Builder
	for _, t := range a.Tags {
		b.WriteString(`<li><a href="`)
		b.WriteString(template.HTMLEscapeString(escapePath(term("tags", t))))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(t))
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// escapePath percent-encodes a site path, keeping its slashes.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }
