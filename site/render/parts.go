package render

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"dunban/site/content"
	"dunban/site/model"
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

// metaList writes the definition list items of an article's metadata:
// date, issuer, author, unit, region, school and length.
func metaList(a *content.Article, term func(taxonomy, name string) string) template.HTML {
	var b strings.Builder
	item := func(label, html string) {
		b.WriteString("<div><dt>")
		b.WriteString(label)
		b.WriteString("</dt><dd>")
		b.WriteString(html)
		b.WriteString("</dd></div>\n")
	}
	esc := template.HTMLEscapeString
	link := func(taxonomy, name string) string {
		return `<a href="` + esc(escapePath(term(taxonomy, name))) + `">` + esc(name) + "</a>"
	}
	item("日期", `<time datetime="`+a.Date.Format(time.DateOnly)+`">`+Date(a.Date)+"</time>")
	for _, f := range [][2]string{{"发文机关", a.Issuer}, {"作者", a.Author}, {"单位", a.Unit}} {
		if f[1] != "" {
			item(f[0], esc(f[1]))
		}
	}
	if a.Region != "" {
		item("地区", link("regions", a.Region))
	}
	if a.School != "" {
		school := esc(a.School)
		if a.SchoolType != "" {
			school += "（" + link("school-types", a.SchoolType) + "）"
		}
		item("学校", school)
	}
	item("篇幅", fmt.Sprintf("约 %d 字，阅读约 %d 分钟", a.Chars, a.ReadingMinutes()))
	return template.HTML(b.String())
}

// cardList joins the list entries of arts.
func cardList(arts []*content.Article, card func(*content.Article) template.HTML) template.HTML {
	var b strings.Builder
	for _, a := range arts {
		b.WriteString(string(card(a)))
	}
	return template.HTML(b.String())
}

// pageLinks writes the numbered links of a pager; number 0 is a gap.
func pageLinks(links []model.PageLink) template.HTML {
	var b strings.Builder
	for _, l := range links {
		href := template.HTMLEscapeString(escapePath(l.URL))
		switch {
		case l.Number == 0:
			b.WriteString(`<li class="gap" aria-hidden="true">…</li>`)
		case l.Current:
			fmt.Fprintf(&b, `<li><a href="%s" aria-current="page">%d</a></li>`, href, l.Number)
		default:
			fmt.Fprintf(&b, `<li><a href="%s" aria-label="第 %d 页">%d</a></li>`, href, l.Number, l.Number)
		}
	}
	return template.HTML(b.String())
}

// escapePath percent-encodes a site path, keeping its slashes.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }
