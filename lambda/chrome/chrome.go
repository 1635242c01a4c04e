// Package chrome is the portal's page chrome, written once in chrome.html
// and chrome.css: the skip link, the masthead with its navigation, the
// breadcrumb trail, the footer and the style sheet they need. The portal's
// pages (site/render) and the collector's pages (lambda/formhtml: receipts,
// errors, the upload step) both draw it from here, so a change to the chrome
// shows everywhere.
//
// It imports only the standard library, so the collector's Lambda can use it.
package chrome

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
)

// CSS is the chrome's style sheet: colours, type, the masthead, navigation,
// breadcrumbs, footer and their print rules. Pages serve it before their own.
//
//go:embed chrome.css
var CSS string

//go:embed chrome.html
var files embed.FS

// Files holds chrome.html, the chrome's markup, as built into the program.
var Files fs.FS = files

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

// Chrome is a parsed chrome.html.
type Chrome struct{ t *template.Template }

// Parse reads chrome.html from fsys.
func Parse(fsys fs.FS) (*Chrome, error) {
	t, err := template.ParseFS(fsys, "chrome.html")
	if err != nil {
		return nil, fmt.Errorf("parse chrome: %w", err)
	}
	for _, name := range []string{"masthead", "crumbs", "footer"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("parse chrome: chrome.html defines no %q", name)
		}
	}
	return &Chrome{t: t}, nil
}

// Builtin is the chrome built into the program (Files), parsed once.
var Builtin = sync.OnceValues(func() (*Chrome, error) { return Parse(Files) })

// view is what chrome.html's templates get.
type view struct {
	Root, Current, Title string
	Nav                  []NavItem
	Crumbs               []Crumb
}

// root returns the portal's root URL ending in a slash ("/" when empty).
func root(portal string) string {
	if portal == "" {
		return "/"
	}
	return strings.TrimSuffix(portal, "/") + "/"
}

func (c *Chrome) run(name string, v view) (string, error) {
	var b strings.Builder
	if err := c.t.ExecuteTemplate(&b, name, v); err != nil {
		return "", fmt.Errorf("chrome %s: %w", name, err)
	}
	return b.String(), nil
}

// Masthead is what comes first in <body>: the skip link and the masthead,
// with the entry nav marked current. portal is the portal's root URL ("/"
// on the portal itself).
func (c *Chrome) Masthead(portal, nav string) (string, error) {
	return c.run("masthead", view{Root: root(portal), Current: nav, Nav: Nav})
}

// Crumbs is the breadcrumb trail ending at the current page's title; empty
// without crumbs.
func (c *Chrome) Crumbs(crumbs []Crumb, title string) (string, error) {
	return c.run("crumbs", view{Crumbs: crumbs, Title: title})
}

// Footer is the page footer: who runs the programme, how to reach them, and
// the portal's standing links.
func (c *Chrome) Footer(portal string) (string, error) {
	return c.run("footer", view{Root: root(portal)})
}
