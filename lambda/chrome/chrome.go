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
	"html"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed chrome.html chrome.css
var files embed.FS

// Files holds chrome.html, the chrome's markup, and chrome.css, its style
// sheet, as built into the program.
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

// parts are the parts chrome.html defines, each with the placeholders it may use.
var parts = map[string][]string{
	"masthead": {"root", "nav"},
	"nav-item": {"href", "current", "label"},
	"crumbs":   {"crumbs", "title"},
	"crumb":    {"href", "name"},
	"footer":   {"root"},
}

// Chrome is a parsed chrome.html, its parts by name, with chrome.css. (Not
// html/template: the collector's Lambda stays within its size budget without it.)
type Chrome struct {
	parts map[string]part
	css   string
}

// part is a part's text split at its placeholders: literal markup at even
// indexes, a placeholder's name at odd ones.
type part []string

var (
	definition  = regexp.MustCompile(`(?s)\{\{define "([a-z-]+)"\}\}(.*?)\{\{end\}\}`)
	placeholder = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
)

// Parse reads chrome.html and chrome.css from fsys and checks that
// chrome.html defines every part, each with only its own placeholders.
func Parse(fsys fs.FS) (*Chrome, error) {
	src, err := fs.ReadFile(fsys, "chrome.html")
	if err != nil {
		return nil, fmt.Errorf("parse chrome: %w", err)
	}
	css, err := fs.ReadFile(fsys, "chrome.css")
	if err != nil {
		return nil, fmt.Errorf("parse chrome: %w", err)
	}
	bodies := map[string]string{}
	for _, m := range definition.FindAllSubmatch(src, -1) {
		bodies[string(m[1])] = string(m[2])
	}
	c := &Chrome{parts: map[string]part{}, css: string(css)}
	for name, allowed := range parts {
		body, ok := bodies[name]
		if !ok {
			return nil, fmt.Errorf("parse chrome: chrome.html defines no %q", name)
		}
		var pt part
		last := 0
		for _, m := range placeholder.FindAllStringSubmatchIndex(body, -1) {
			if hole := body[m[2]:m[3]]; !slices.Contains(allowed, hole) {
				return nil, fmt.Errorf("parse chrome: %q in %q: the part's placeholders are %s", body[m[0]:m[1]], name, strings.Join(allowed, ", "))
			}
			pt = append(pt, body[last:m[0]], body[m[2]:m[3]])
			last = m[1]
		}
		c.parts[name] = append(pt, body[last:])
	}
	return c, nil
}

// Builtin is the chrome built into the program (Files), parsed once.
var Builtin = sync.OnceValues(func() (*Chrome, error) { return Parse(Files) })

// CSS is the chrome's style sheet: colours, type, the masthead, navigation,
// breadcrumbs, footer and their print rules. Pages serve it before their own.
func (c *Chrome) CSS() string { return c.css }

// fill is part name with its placeholders filled: kv are placeholder and
// value pairs, values escaped unless their placeholder is in raw.
func (c *Chrome) fill(name string, raw []string, kv ...string) string {
	var b strings.Builder
	for i, s := range c.parts[name] {
		if i%2 == 0 {
			b.WriteString(s)
			continue
		}
		for j := 0; j+1 < len(kv); j += 2 {
			if kv[j] != s {
				continue
			}
			if slices.Contains(raw, s) {
				b.WriteString(kv[j+1])
			} else {
				b.WriteString(html.EscapeString(kv[j+1]))
			}
		}
	}
	return b.String()
}

// root returns the portal's root URL ending in a slash ("/" when empty).
func root(portal string) string {
	if portal == "" {
		return "/"
	}
	return strings.TrimSuffix(portal, "/") + "/"
}

// Masthead is what comes first in <body>: the skip link and the masthead,
// with the entry nav marked current. portal is the portal's root URL ("/"
// on the portal itself).
func (c *Chrome) Masthead(portal, nav string) string {
	r := root(portal)
	var items strings.Builder
	for _, it := range Nav {
		current := ""
		if it.Key == nav {
			current = ` aria-current="page"`
		}
		items.WriteString(c.fill("nav-item", []string{"current"}, "href", r+it.Path, "current", current, "label", it.Label))
	}
	return c.fill("masthead", []string{"nav"}, "root", r, "nav", items.String())
}

// Crumbs is the breadcrumb trail ending at the current page's title; empty
// without crumbs.
func (c *Chrome) Crumbs(crumbs []Crumb, title string) string {
	if len(crumbs) == 0 {
		return ""
	}
	var items strings.Builder
	for _, cr := range crumbs {
		items.WriteString(c.fill("crumb", nil, "href", cr.URL, "name", cr.Name))
	}
	return c.fill("crumbs", []string{"crumbs"}, "crumbs", items.String(), "title", title)
}

// Footer is the page footer: who runs the programme, how to reach them, and
// the portal's standing links.
func (c *Chrome) Footer(portal string) string {
	return c.fill("footer", nil, "root", root(portal))
}
