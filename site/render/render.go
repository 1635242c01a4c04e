// Package render writes the portal's HTML pages into io.Writers from
// embedded templates, and provides the stylesheet they link to.
package render

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/chrome"
	"dunban/site/content"
	"dunban/site/model"
)

//go:embed templates/*.html
var embedded embed.FS

//go:embed assets/app.css
var appCSS []byte

//go:embed assets/reload.js
var reloadJS []byte

// Templates are the embedded page templates.
var Templates fs.FS = mustSub(embedded, "templates")

// AppCSS is the portal's stylesheet: the page chrome's (package chrome, read
// from fsys as Options.Chrome is; nil for the built-in one) followed by the
// portal's own. Its URL must be known to Options.Asset before New, which
// writes it into the pages once.
func AppCSS(fsys fs.FS) ([]byte, error) {
	if fsys == nil {
		fsys = chrome.Files
	}
	c, err := chrome.Parse(fsys)
	if err != nil {
		return nil, err
	}
	return append([]byte(c.CSS()+"\n"), appCSS...), nil
}

// ReloadJS is the development-only script that reloads the page on rebuild.
func ReloadJS() []byte { return reloadJS }

func mustSub(f embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // embed guarantees the folder exists
	}
	return sub
}

// Kinds of page, one template file each.
const (
	Home     = "home.html"
	List     = "list.html"
	Browse   = "browse.html"
	Article  = "article.html"
	Fragment = "fragment.html"
	NotFound = "notfound.html"
)

// navs are the navigation entries a page may mark as current.
var navs = []string{"", "home", "notices", "cases", "reports", "browse", "forms", "search"}

var kinds = []string{Home, List, Browse, Article, Fragment, NotFound}

// SiteDescription describes the portal where a page has no description of its own.
const SiteDescription = "内蒙古自治区学校共青团“驻校蹲班”工作：通知、优秀工作案例、调研报告与在线填报。"

// Page is what every template gets.
type Page struct {
	Title       string
	Description string // for search engines and the share card; SiteDescription if empty
	Path        string // this page's address
	Nav         string // active navigation entry: home, notices, cases, …
	NoIndex     bool
	Reload      string   // the build's number for the development reload script; "" for none
	Crumbs      []Crumb  // breadcrumb trail above the title
	Styles      []string // extra stylesheet URLs
	Scripts     []string // extra script URLs (deferred)
	Data        any      // the kind's own data
}

// Crumb is one step of a breadcrumb trail.
type Crumb = chrome.Crumb

// Renderer executes page templates. It is safe for concurrent use.
type Renderer struct {
	base  *template.Template
	pages map[string]*template.Template
	frags fragments
}

// useChrome parses the chrome (nil: the built-in one) and gives the
// templates its parts: masthead (one per navigation entry, made once),
// crumbs and footer.
func (r *Renderer) useChrome(fsys fs.FS, funcs template.FuncMap) error {
	if fsys == nil {
		fsys = chrome.Files
	}
	c, err := chrome.Parse(fsys)
	if err != nil {
		return err
	}
	mast := map[string]template.HTML{}
	for _, nav := range navs {
		mast[nav] = template.HTML(c.Masthead("/", nav))
	}
	footer := template.HTML(c.Footer("/"))
	funcs["masthead"] = func(nav string) template.HTML { return mast[nav] }
	funcs["footer"] = func() template.HTML { return footer }
	funcs["crumbs"] = func(crumbs []Crumb, title string) template.HTML { return template.HTML(c.Crumbs(crumbs, title)) }
	return nil
}

// Options configure a Renderer.
type Options struct {
	// Templates holds layout.html and one file per kind; nil means the embedded ones.
	Templates fs.FS
	// Chrome holds chrome.html and chrome.css, the masthead, crumbs and
	// footer every page shares with the collector's pages; nil means the
	// built-in one (package chrome).
	Chrome fs.FS
	// Asset maps a logical asset name ("app.css") to its URL; New writes
	// the stylesheet's into the templates once (see AppCSS).
	Asset func(name string) string
	// Term maps a taxonomy key and term name to the term's URL.
	Term func(taxonomy, name string) string
	// Base is the portal's public origin (https://…) for the share card's
	// absolute addresses; empty gives root-relative ones.
	Base string
	// Card returns an article's list entry made earlier by Renderer.Card;
	// nil renders it on every use.
	Card func(a *content.Article) template.HTML
}

// New parses the templates.
func New(o Options) (*Renderer, error) {
	if o.Templates == nil {
		o.Templates = Templates
	}
	funcs := template.FuncMap{
		"asset":           o.Asset,
		"term":            o.Term,
		"date":            Date,
		"isodate":         func(t time.Time) string { return t.Format(time.DateOnly) },
		"sitedescription": func() string { return SiteDescription },
		"abs":             func(p string) string { return strings.TrimSuffix(o.Base, "/") + p },
		"toc":             toc,
	}
	r := &Renderer{pages: map[string]*template.Template{}}
	funcs["once"], funcs["each"] = r.frags.once, r.frags.each
	if err := r.useChrome(o.Chrome, funcs); err != nil {
		return nil, err
	}
	card := o.Card
	if card == nil {
		card = r.cardHTML
	}
	funcs["cards"] = func(arts []*content.Article) template.HTML { return cardList(arts, card) }
	base, err := template.New("layout").Funcs(funcs).ParseFS(o.Templates, "layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	if err := bake(base, o.Templates, funcs); err != nil {
		return nil, err
	}
	r.base = base
	r.frags.base = base
	for _, k := range kinds {
		t, err := template.Must(base.Clone()).ParseFS(o.Templates, k)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", k, err)
		}
		r.pages[k] = t
	}
	return r, nil
}

// Render writes the page of the given kind to w.
func (r *Renderer) Render(w io.Writer, kind string, p *Page) error {
	t, ok := r.pages[kind]
	if !ok {
		return fmt.Errorf("render: unknown page kind %q", kind)
	}
	if err := t.ExecuteTemplate(w, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	return nil
}

// Card writes an article's entry in lists (title, section, date, summary).
func (r *Renderer) Card(w io.Writer, a *content.Article) error {
	if err := r.base.ExecuteTemplate(w, "card", a); err != nil {
		return fmt.Errorf("render card %s: %w", a.URL, err)
	}
	return nil
}

func (r *Renderer) cardHTML(a *content.Article) template.HTML {
	var b strings.Builder
	if err := r.Card(&b, a); err != nil {
		return template.HTML("<!-- " + template.HTMLEscapeString(err.Error()) + " -->")
	}
	return template.HTML(b.String())
}

// Date formats t the Chinese way, e.g. 2021年2月25日.
func Date(t time.Time) string { return string(appendDate(make([]byte, 0, 24), t)) }

func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, "年"...)
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(d), 10)
	return append(b, "日"...)
}

// cardList joins the list entries of arts.
func cardList(arts []*content.Article, card func(*content.Article) template.HTML) template.HTML {
	size := 0
	for _, a := range arts {
		size += len(card(a))
	}
	var b strings.Builder
	b.Grow(size)
	for _, a := range arts {
		b.WriteString(string(card(a)))
	}
	return template.HTML(b.String())
}

// ArticleData is the data of an article page.
type ArticleData struct {
	Article *content.Article
	Nav     *model.Nav
	Body    template.HTML
}

// ListData is the data of a paginated list page.
type ListData struct {
	Heading string
	Intro   string
	Count   int
	Pager   model.Pager
}

// HomeData is the data of the home page.
type HomeData struct {
	Notice  *content.Article
	Cases   []*content.Article
	Reports []*content.Article
	Regions *model.Taxonomy
	Forms   []FormLink
}

// BrowseData is the data of a page listing taxonomies and their terms.
type BrowseData struct {
	Heading    string
	Taxonomies []*model.Taxonomy
}

// FormLink is one online form as listed on the home page and the forms index.
type FormLink struct {
	Title, URL, Due, Note string
}

// FragmentData is the data of a page whose body another package rendered.
type FragmentData struct {
	Heading string // the page's h1, when the fragment has none
	Body    template.HTML
}

// anchor is the link to the element with the given id on the same page,
// "#" and the id escaped as html/template escapes a URL fragment.
func anchor(id string) template.URL {
	return template.URL(appendAnchor(make([]byte, 0, 1+3*len(id)), id))
}

// appendAnchor appends anchor(id) to b.
func appendAnchor(b []byte, id string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '#')
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}
