// Package build generates the whole portal from a content tree: it loads and
// validates the content, arranges it, and writes every page, the search
// index, the feed, the sitemap, the form and admin pages and the assets.
package build

import (
	"io/fs"
	"runtime"
	"time"

	"dunban/lambda/form"
	"dunban/site/asset"
	"dunban/site/content"
	"dunban/site/model"
	"dunban/site/render"
	"dunban/site/search"
	"dunban/site/spool"
)

// Config is what a build needs.
type Config struct {
	// Content is the content tree (notices/, cases/, reports/, …).
	Content fs.FS
	// Out is the folder the portal is written to; it is replaced whole.
	Out string
	// API is the root of the form collector's API, e.g. /api or https://….
	API string
	// Base is the portal's origin for the sitemap and feed, e.g.
	// https://example.org; empty gives root-relative addresses.
	Base string
	// Templates overrides the embedded templates (used by serve to reload them).
	Templates fs.FS
	// Reload adds the development live-reload script to every page.
	Reload bool
	// Workers is how many pages are rendered at once; 0 means GOMAXPROCS.
	Workers int
	// TempDir holds the spool of rendered bodies ("" for the system default).
	TempDir string
}

// Stats describe a finished build.
type Stats struct {
	Articles int
	Files    int
	Elapsed  time.Duration
}

// Vocabulary is the regions and school types front matter must use.
func Vocabulary() content.Vocabulary {
	return content.Vocabulary{Regions: form.Regions, SchoolTypes: form.SchoolTypes}
}

// Build generates the portal. Content problems come back as content.Errors.
func Build(cfg Config) (Stats, error) {
	start := time.Now()
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	sp, err := spool.New(cfg.TempDir)
	if err != nil {
		return Stats{}, err
	}
	defer sp.Close()
	index := search.NewBuilder()
	loader := &content.Loader{Vocabulary: Vocabulary(), Bodies: sp, Workers: cfg.Workers,
		OnText: func(a *content.Article, text []byte) { index.Add(searchDoc(a, text)) }}
	arts, err := loader.Load(cfg.Content)
	if err != nil {
		return Stats{}, err
	}
	site := model.New(arts, Vocabulary())
	g, err := newGenerator(cfg, site, sp)
	if err != nil {
		return Stats{}, err
	}
	if err := content.CheckLinks(arts, g.exists); err != nil {
		return Stats{}, err
	}
	files, err := g.write(index)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Articles: len(arts), Files: files, Elapsed: time.Since(start)}, nil
}

func searchDoc(a *content.Article, text []byte) search.Doc {
	return search.Doc{URL: a.URL, Title: a.Title, Section: a.Section.Name, Date: a.Date, Summary: a.Summary, Text: string(text)}
}

// generator holds what page writers share.
type generator struct {
	cfg    Config
	site   *model.Site
	spool  *spool.Spool
	assets *asset.Set
	r      *render.Renderer
	jobs   []job
	urls   map[string]bool
}

func newGenerator(cfg Config, site *model.Site, sp *spool.Spool) (*generator, error) {
	g := &generator{cfg: cfg, site: site, spool: sp, assets: asset.NewSet(), urls: map[string]bool{}}
	g.assets.Add("app.css", render.AppCSS())
	g.assets.Add("search.js", search.Script)
	g.assets.Add("search.css", search.Style)
	if err := addExtraAssets(g.assets); err != nil {
		return nil, err
	}
	r, err := render.New(render.Options{Templates: cfg.Templates, Asset: g.assetURL, Term: g.termURL})
	if err != nil {
		return nil, err
	}
	g.r = r
	g.plan()
	return g, nil
}

func (g *generator) assetURL(name string) string {
	if u := g.assets.URL(name); u != "" {
		return u
	}
	return "/assets/missing/" + name
}

func (g *generator) termURL(taxonomy, name string) string {
	if t := g.site.TermOf(taxonomy, name); t != nil {
		return t.URL
	}
	return "/" + taxonomy + "/"
}

// exists reports whether the site has a page or file at path p.
func (g *generator) exists(p string) bool {
	return g.urls[p] || g.urls[p+"index.html"]
}
