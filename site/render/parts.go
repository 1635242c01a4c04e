package render

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
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
	w := &pageWriter{}
	w.toc(a)
	return template.HTML(w.b)
}

func (w *pageWriter) toc(a *content.Article) {
	for _, h := range a.TOC {
		w.raw(`<li class="toc-`)
		w.b = append(w.b, '0'+byte(h.Level))
		w.raw(`"><a href="#`)
		w.esc(url.PathEscape(h.ID))
		w.raw(`">`)
		w.esc(h.Text)
		w.raw("</a></li>")
	}
}

// tagLinks writes an article's tags as list items linking to their pages.
func tagLinks(a *content.Article, term func(taxonomy, name string) string) template.HTML {
	w := &pageWriter{}
	w.tagLinks(a, term)
	return template.HTML(w.b)
}

func (w *pageWriter) tagLinks(a *content.Article, term func(taxonomy, name string) string) {
	for _, t := range a.Tags {
		w.raw(`<li><a href="`)
		w.esc(escapePath(term("tags", t)))
		w.raw(`">`)
		w.esc(t)
		w.raw("</a></li>")
	}
}

// metaList writes the definition list items of an article's metadata:
// date, issuer, author, unit, region, school and length.
func metaList(a *content.Article, term func(taxonomy, name string) string) template.HTML {
	w := &pageWriter{}
	w.metaList(a, term)
	return template.HTML(w.b)
}

func (w *pageWriter) metaList(a *content.Article, term func(taxonomy, name string) string) {
	open := func(label string) { w.raw("<div><dt>" + label + "</dt><dd>") }
	const end = "</dd></div>\n"
	link := func(taxonomy, name string) {
		w.raw(`<a href="`)
		w.esc(escapePath(term(taxonomy, name)))
		w.raw(`">`)
		w.esc(name)
		w.raw("</a>")
	}
	open("日期")
	w.raw(`<time datetime="`)
	w.b = a.Date.AppendFormat(w.b, time.DateOnly)
	w.raw(`">`)
	w.b = appendDate(w.b, a.Date)
	w.raw("</time>" + end)
	for _, f := range [...][2]string{{"发文机关", a.Issuer}, {"作者", a.Author}, {"单位", a.Unit}} {
		if f[1] != "" {
			open(f[0])
			w.esc(f[1])
			w.raw(end)
		}
	}
	if a.Region != "" {
		open("地区")
		link("regions", a.Region)
		w.raw(end)
	}
	if a.School != "" {
		open("学校")
		w.esc(a.School)
		if a.SchoolType != "" {
			w.raw("（")
			link("school-types", a.SchoolType)
			w.raw("）")
		}
		w.raw(end)
	}
	open("篇幅")
	w.raw("约 ")
	w.b = strconv.AppendInt(w.b, int64(a.Chars), 10)
	w.raw(" 字，阅读约 ")
	w.b = strconv.AppendInt(w.b, int64(a.ReadingMinutes()), 10)
	w.raw(" 分钟" + end)
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
