package render

import (
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"dunban/site/content"
	"dunban/site/model"
)

// The layout, the article page and the list page are also written in Go:
// they are 13,000 of the 13,500 pages of a 10,000-article build, and the
// template engine's reflection costs more than the rest of the page. The
// Go writers are used with the embedded templates only (a test holds their
// output byte for byte equal to the templates'), so that templates edited
// under serve still take effect.

// pageWriter appends a page's HTML with the escaping html/template applies.
type pageWriter struct{ b []byte }

var writers = sync.Pool{New: func() any { return &pageWriter{b: make([]byte, 0, 16<<10)} }}

func (w *pageWriter) raw(s string) { w.b = append(w.b, s...) }

// text appends s escaped for HTML text or a quoted attribute.
func (w *pageWriter) text(s string) { w.b = appendEscaped(w.b, s) }

// dotted appends " · " and s escaped, when s is not empty.
func (w *pageWriter) dotted(s string) {
	if s != "" {
		w.raw(" · ")
		w.text(s)
	}
}

// esc appends s escaped as template.HTMLEscapeString does.
func (w *pageWriter) esc(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '+' || int(c) >= len(escapes) || escapes[c] == "" {
			continue
		}
		w.b = append(w.b, s[start:i]...)
		w.b = append(w.b, escapes[s[i]]...)
		start = i + 1
	}
	w.b = append(w.b, s[start:]...)
}

// url appends s as html/template writes a URL in a quoted attribute:
// an unsafe scheme replaced, then normalised, then escaped.
func (w *pageWriter) url(s string) { w.b = appendEscaped(w.b, normalizeURL(filterURL(s))) }

// escapes is html/template's replacement table for text and attributes.
var escapes = [...]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(escapes) || escapes[c] == "" {
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, escapes[c]...)
		start = i + 1
	}
	return append(b, s[start:]...)
}

// filterURL is html/template's check that a URL's scheme is safe.
func filterURL(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 && !strings.Contains(s[:i], "/") {
		switch strings.ToLower(s[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	return s
}

// normalizeURL percent-encodes the bytes html/template encodes in a URL,
// keeping valid escapes.
func normalizeURL(s string) string {
	const hex = "0123456789abcdef"
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeep(c) || (c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', hex[c>>4], hex[c&0xF])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

func urlKeep(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// writePage writes p in the layout, with main writing the page's own part.
func (r *Renderer) writePage(out io.Writer, p *Page, main func(w *pageWriter) error) error {
	w := writers.Get().(*pageWriter)
	defer func() {
		if cap(w.b) <= 1<<20 {
			writers.Put(w)
		}
	}()
	w.b = w.b[:0]
	r.head(w, p)
	if err := main(w); err != nil {
		return err
	}
	w.raw(footer)
	_, err := out.Write(w.b)
	return err
}

// head writes the layout up to and including the opening of <main>.
func (r *Renderer) head(w *pageWriter, p *Page) {
	w.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Title != "" {
		w.text(p.Title)
		w.raw(" - ")
	}
	w.raw("驻校蹲班</title>")
	if p.Description != "" {
		w.raw("\n<meta name=\"description\" content=\"")
		w.text(p.Description)
		w.raw("\">")
	}
	if p.NoIndex {
		w.raw("\n<meta name=\"robots\" content=\"noindex, nofollow\">")
	}
	w.raw("\n<meta name=\"format-detection\" content=\"telephone=no\">\n<meta name=\"theme-color\" content=\"#b71c1c\">\n<link rel=\"stylesheet\" href=\"")
	w.url(r.asset("app.css"))
	w.raw("\">")
	for _, s := range p.Styles {
		w.raw("\n<link rel=\"stylesheet\" href=\"")
		w.url(s)
		w.raw("\">")
	}
	w.raw("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"驻校蹲班 最新文章\" href=\"/feed.xml\">")
	for _, s := range p.Scripts {
		w.raw("\n<script src=\"")
		w.url(s)
		w.raw("\" defer></script>")
	}
	if p.Reload {
		w.raw("\n<script src=\"/_dunban/reload.js\" defer></script>")
	}
	w.raw("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n")
	w.raw(string(r.mast[p.Nav]))
	if len(p.Crumbs) > 0 {
		w.raw("\n<nav class=\"crumbs wrap\" aria-label=\"当前位置\">\n<ol>")
		for _, c := range p.Crumbs {
			w.raw("<li><a href=\"")
			w.url(c.URL)
			w.raw("\">")
			w.text(c.Name)
			w.raw("</a></li>")
		}
		w.raw("<li aria-current=\"page\">")
		w.text(p.Title)
		w.raw("</li></ol>\n</nav>")
	}
	w.raw("\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n")
}

const footer = `
</main>
<footer class="footer">
<div class="wrap">
<p>共青团内蒙古自治区委员会学校部 · 联系电话 <a href="tel:0471-6931811">0471-6931811</a></p>
<p><a href="/feed.xml">订阅更新（Atom）</a> · <a href="/browse/">分类浏览</a> · <a href="/forms/">在线填报</a></p>
</div>
</footer>
</body>
</html>
`

// article writes the main part of an article page.
func (r *Renderer) article(w *pageWriter, d ArticleData) {
	a := d.Article
	w.raw("\n\n<article class=\"article\" aria-labelledby=\"title\">\n<header class=\"article-head\">\n<p class=\"eyebrow\">")
	w.text(a.Section.Name)
	w.dotted(a.DocNumber)
	w.raw("</p>\n<h1 id=\"title\">")
	w.text(a.Title)
	w.raw("</h1>\n<dl class=\"meta\">")
	w.metaList(a, r.term)
	w.raw("</dl>")
	if len(a.Tags) > 0 {
		w.raw("\n<ul class=\"tags\" aria-label=\"标签\">")
		w.tagLinks(a, r.term)
		w.raw("</ul>")
	}
	w.raw("\n</header>")
	if len(a.TOC) > 1 {
		w.raw("\n<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">目录</h2>\n<ul>")
		w.toc(a)
		w.raw("</ul>\n</nav>")
	}
	w.raw("\n<div class=\"prose\">\n")
	w.raw(string(d.Body))
	w.raw("\n</div>\n</article>\n")
	if d.Nav != nil {
		r.prevNext(w, d.Nav)
	}
	w.raw("\n")
}

// prevNext writes the previous/next links and the related articles.
func (r *Renderer) prevNext(w *pageWriter, n *model.Nav) {
	w.raw("\n<nav class=\"prevnext\" aria-label=\"上一篇和下一篇\">\n")
	link := func(a *content.Article, rel, label string) {
		if a == nil {
			return
		}
		w.raw("<a rel=\"" + rel + "\" href=\"")
		w.url(a.URL)
		w.raw("\"><span>" + label + "</span>")
		w.text(a.Title)
		w.raw("</a>")
	}
	link(n.Next, "next", "较新一篇")
	w.raw("\n")
	link(n.Prev, "prev", "较早一篇")
	w.raw("\n</nav>\n")
	if len(n.Related) > 0 {
		w.raw("\n<section class=\"related block\" aria-labelledby=\"related-title\">\n<h2 id=\"related-title\">相关文章</h2>\n")
		r.cards(w, n.Related)
		w.raw("\n</section>\n")
	}
	w.raw("\n")
}

// cards writes the "cards" template: a list of article entries.
func (r *Renderer) cards(w *pageWriter, arts []*content.Article) {
	if len(arts) == 0 {
		w.raw("<p class=\"empty\">暂无文章。</p>")
		return
	}
	w.raw("<ul class=\"cards\">")
	for _, a := range arts {
		w.raw(string(r.card(a)))
	}
	w.raw("</ul>")
}

// list writes the main part of a list page.
func (r *Renderer) list(w *pageWriter, d ListData) {
	w.raw("\n<h1>")
	w.text(d.Heading)
	if d.Pager.Number > 1 {
		w.raw("<span class=\"pageno\">（第 " + strconv.Itoa(d.Pager.Number) + " 页）</span>")
	}
	w.raw("</h1>\n")
	if d.Intro != "" {
		w.raw("<p class=\"intro\">")
		w.text(d.Intro)
		w.raw("</p>")
	}
	w.raw("\n<p class=\"count-line\">共 " + strconv.Itoa(d.Count) + " 篇</p>\n")
	r.cards(w, d.Pager.Items)
	w.raw("\n")
	if p := d.Pager; p.Total > 1 {
		w.raw("<nav class=\"pager\" aria-label=\"分页\">\n")
		if p.PrevURL != "" {
			w.raw("<a rel=\"prev\" href=\"")
			w.url(p.PrevURL)
			w.raw("\">上一页</a>")
		}
		w.raw("\n<ol>")
		w.raw(string(pageLinks(p.Pages)))
		w.raw("</ol>\n")
		if p.NextURL != "" {
			w.raw("<a rel=\"next\" href=\"")
			w.url(p.NextURL)
			w.raw("\">下一页</a>")
		}
		w.raw("\n</nav>")
	}
	w.raw("\n")
}

// card writes the "card" template: an article's entry in lists.
func (w *pageWriter) card(a *content.Article) {
	w.raw("<li class=\"card\">\n<h3 class=\"card-title\"><a href=\"")
	w.url(a.URL)
	w.raw("\">")
	w.text(a.Title)
	w.raw("</a></h3>\n<p class=\"card-meta\"><span class=\"badge\">")
	w.text(a.Section.Name)
	w.raw("</span> <time datetime=\"")
	w.text(a.Date.Format(time.DateOnly))
	w.raw("\">")
	w.b = appendDate(w.b, a.Date)
	w.raw("</time>")
	w.dotted(a.Region)
	w.dotted(a.School)
	w.raw("</p>\n<p class=\"card-summary\">")
	w.text(a.Summary)
	w.raw("</p>\n</li>")
}

// writeFast writes the pages of the kinds written in Go; ok is false for
// the other kinds.
func (r *Renderer) writeFast(out io.Writer, kind string, p *Page) (ok bool, err error) {
	switch d := p.Data.(type) {
	case ArticleData:
		if kind == Article {
			return true, r.writePage(out, p, func(w *pageWriter) error { r.article(w, d); return nil })
		}
	case ListData:
		if kind == List {
			return true, r.writePage(out, p, func(w *pageWriter) error { r.list(w, d); return nil })
		}
	}
	return false, nil
}
