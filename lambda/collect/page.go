package collect

import (
	"html"
	"strconv"
	"strings"

	"dunban/lambda/form"
)

// The message page for refused requests is built without templates, so it
// shows even when a formhtml page cannot be rendered.

const pageStyle = `body{font:16px/1.7 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;padding:1.25rem;max-width:40rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem;color:#a4161a}h1.ok{color:#1b5e20}
.receipt{font:700 1.5rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;padding:.75rem 1rem;border:2px solid #1b5e20;border-radius:.5rem;display:inline-block;user-select:all;word-break:break-all}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#555}dd{margin:0;word-break:break-all}
ul{padding-left:1.25rem}li{margin:.35rem 0}a{color:#0b57d0}.late{color:#a4161a}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input[type=file]{font-size:1rem;max-width:100%}
button{font-size:1.05rem;padding:.6rem 1.4rem;margin-top:1rem;border:0;border-radius:.4rem;background:#a4161a;color:#fff}
button:focus,a:focus{outline:3px solid #f9a825;outline-offset:2px}
footer{margin-top:2rem;color:#555;font-size:.9rem}
@media print{a{color:#000;text-decoration:none}button,form{display:none}}`

// page builds one small HTML page, escaping everything it is given.
type page struct{ b strings.Builder }

func newPage(title string) *page {
	p := &page{}
	p.raw(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
		`<title>`)
	p.text(title + " · 驻校蹲班")
	p.raw(`</title><style>` + pageStyle + `</style></head><body><main>`)
	return p
}

func (p *page) raw(s string)  { p.b.WriteString(s) }
func (p *page) text(s string) { p.b.WriteString(html.EscapeString(s)) }

// el writes <tag attrs>text</tag>; attrs must be trusted markup.
func (p *page) el(tag, attrs, text string) {
	p.raw("<" + tag + attrs + ">")
	p.text(text)
	p.raw("</" + tag + ">")
}

func (p *page) link(href, text string) {
	p.raw(`<a href="` + html.EscapeString(href) + `">`)
	p.text(text)
	p.raw(`</a>`)
}

func (p *page) bytes(portal string) []byte {
	p.raw(`</main><footer>`)
	p.link(portal, "返回“驻校蹲班”门户首页")
	p.raw(`</footer></body></html>`)
	return []byte(p.b.String())
}

// safeBack is a link target for "back to the form": an http(s) URL or a
// path on this site, never a javascript: or other scheme.
func safeBack(ref string) string {
	if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") ||
		(strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//")) {
		return ref
	}
	return ""
}

// messageHTML is the page for a refused request, with every field
// problem listed when there are some.
func messageHTML(title, msg string, errs form.Errors, back, portal string) []byte {
	p := newPage(title)
	p.el("h1", "", title)
	p.el("p", "", msg)
	if len(errs) > 0 {
		p.raw(`<ul>`)
		for _, e := range errs {
			p.raw(`<li>`)
			if e.Label != "" {
				where := e.Label
				if e.Row >= 0 {
					where += "（第" + strconv.Itoa(e.Row+1) + "行）"
				}
				p.el("strong", "", where)
				p.text("：")
			}
			p.text(e.Message)
			p.raw(`</li>`)
		}
		p.raw(`</ul>`)
	}
	p.raw(`<p>`)
	if back = safeBack(back); back != "" {
		p.link(back, "返回表单修改")
		p.text("（")
	}
	p.text("用浏览器的“后退”返回表单，已填写的内容通常仍在。")
	if back != "" {
		p.text("）")
	}
	p.raw(`</p>`)
	return p.bytes(portal)
}
