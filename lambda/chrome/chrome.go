// Package chrome is the portal's page chrome, written once: the skip link,
// the masthead with its navigation, the breadcrumb trail, the footer and the
// style sheet they need. The portal's pages (site/render) and the
// collector's pages (lambda/formhtml: receipts, errors, the upload step)
// both draw it from here, so a change to the chrome shows everywhere.
//
// It imports only the standard library, so the collector's Lambda can use it.
package chrome

import (
	_ "embed"
	"html"
	"strings"
)

// CSS is the chrome's style sheet: colours, type, the masthead, navigation,
// breadcrumbs, footer and their print rules. Pages serve it before their own.
//
//go:embed chrome.css
var CSS string

// NavItem is one entry of the main navigation.
type NavItem struct {
	Key   string // the Nav value that marks it current, e.g. "forms"
	Label string // e.g. 在线填报
	Path  string // relative to the portal's root, e.g. "forms/"
}

// Nav is the main navigation, in order.
var Nav = []NavItem{
	{"home", "首页", ""},
	{"notices", "通知", "notices/"},
	{"cases", "案例", "cases/"},
	{"reports", "调研报告", "reports/"},
	{"browse", "分类浏览", "browse/"},
	{"forms", "在线填报", "forms/"},
	{"search", "搜索", "search/"},
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct{ Name, URL string }

// root returns the portal's root URL ending in a slash ("/" when empty).
func root(portal string) string {
	if portal == "" {
		return "/"
	}
	return strings.TrimSuffix(portal, "/") + "/"
}

// Top writes what comes first in <body>: the skip link and the masthead,
// with the entry nav marked current. portal is the portal's root URL ("/"
// on the portal itself).
func Top(b *strings.Builder, portal, nav string) {
	r := root(portal)
	esc := html.EscapeString
	b.WriteString("<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"masthead\">\n<div class=\"wrap\">\n<a class=\"brand\" href=\"")
	b.WriteString(esc(r))
	b.WriteString("\"><span class=\"brand-name\">驻校蹲班</span><span class=\"brand-sub\">全区学校共青团“驻校蹲班”工作</span></a>\n<nav class=\"nav\" aria-label=\"主导航\">\n<ul>\n")
	for _, it := range Nav {
		b.WriteString("<li><a href=\"")
		b.WriteString(esc(r + it.Path))
		b.WriteString("\"")
		if it.Key == nav {
			b.WriteString(" aria-current=\"page\"")
		}
		b.WriteString(">")
		b.WriteString(it.Label)
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ul>\n</nav>\n</div>\n</header>")
}

// Masthead returns Top's markup.
func Masthead(portal, nav string) string {
	var b strings.Builder
	Top(&b, portal, nav)
	return b.String()
}

// Crumbs writes the breadcrumb trail ending at the current page's title.
func Crumbs(b *strings.Builder, crumbs []Crumb, title string) {
	if len(crumbs) == 0 {
		return
	}
	b.WriteString("\n<nav class=\"crumbs wrap\" aria-label=\"当前位置\">\n<ol>")
	for _, c := range crumbs {
		b.WriteString("<li><a href=\"")
		b.WriteString(html.EscapeString(c.URL))
		b.WriteString("\">")
		b.WriteString(html.EscapeString(c.Name))
		b.WriteString("</a></li>")
	}
	b.WriteString("<li aria-current=\"page\">")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</li></ol>\n</nav>")
}

// Footer returns the page footer: who runs the programme, how to reach
// them, and the portal's standing links.
func Footer(portal string) string {
	r := html.EscapeString(root(portal))
	return "<footer class=\"footer\">\n<div class=\"wrap\">\n" +
		"<p>共青团内蒙古自治区委员会学校部 · 联系电话 <a href=\"tel:0471-6931811\">0471-6931811</a></p>\n" +
		"<p><a href=\"" + r + "feed.xml\">订阅更新（Atom）</a> · <a href=\"" + r + "browse/\">分类浏览</a> · <a href=\"" + r + "forms/\">在线填报</a></p>\n" +
		"</div>\n</footer>"
}
