// Package build generates the whole portal from a content tree: it loads and
// validates the content, arranges it, and writes every page, the search
// index, the feed, the sitemap, the form and admin pages and the assets.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"dunban/lambda/board"
	"dunban/lambda/form"
	"dunban/lambda/formhtml"
	"dunban/site/adminpage"
	"dunban/site/asset"
	"dunban/site/content"
	"dunban/site/model"
	"dunban/site/output"
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
	// Output, if set, receives the files instead of Out (serve keeps the
	// site in memory this way).
	Output output.Files
	// API is the root of the form collector's API, e.g. /api or https://….
	API string
	// Base is the portal's origin for the sitemap and feed, e.g.
	// https://example.org; empty gives root-relative addresses.
	Base string
	// Templates overrides the embedded templates (used by serve to reload them).
	Templates fs.FS
	// Chrome overrides the built-in chrome.html of package chrome (used by
	// serve to reload it).
	Chrome fs.FS
	// Reload, if set, adds the development live-reload script to every
	// page, naming this build (a number) to the server.
	Reload string
	// Workers is how many pages are rendered at once; 0 means GOMAXPROCS.
	Workers int
	// TempDir holds the spool of rendered bodies ("" for the system default).
	TempDir string
	// Now is the build's clock (form pages show whether deadlines passed);
	// nil means time.Now.
	Now func() time.Time
	// Bodies, if set, keeps the form and admin page bodies for the next
	// build (serve sets it: most rebuilds leave them as they were).
	Bodies *Bodies
	// Converted, if set, keeps the converted articles for the next build,
	// which converts again only the files that changed (serve sets it).
	Converted *content.Converted
}

// Stats describe a finished build.
type Stats struct {
	Articles int
	Files    int
	Elapsed  time.Duration
	// Phases are the durations of the build's steps, in order: load (the
	// markdown and the search index's postings), model (arranging, link
	// check), search index (encoding and writing it) and pages (pages and
	// assets, written at the same time).
	Phases []Phase
}

// Phase is one timed step of a build.
type Phase struct {
	Name string
	Took time.Duration
}

// clock records phases for Stats; it is safe for concurrent use.
type clock struct {
	mu     sync.Mutex
	phases []Phase
}

func (c *clock) since(name string, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.phases = append(c.phases, Phase{name, time.Since(t)})
}

// bodyMemory is how many bytes of rendered article bodies a build keeps in
// memory (a portal of some 1,500 articles keeps them all); bodies past it
// wait in a temporary file until their pages are written, which keeps a
// 10,000-page build's peak memory under 300 MiB.
const bodyMemory = 16 << 20

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
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	forms, err := loadForms(cfg)
	if err != nil {
		return Stats{}, err
	}
	sp := spool.New(cfg.TempDir, bodyMemory)
	defer sp.Close()
	b := &builder{cfg: cfg, forms: forms, spool: sp, clock: &clock{}}
	if cfg.Output != nil {
		err = b.run(cfg.Output)
	} else {
		err = WriteDir(cfg.Out, b.run)
	}
	if err != nil {
		return Stats{}, err
	}
	return Stats{Articles: b.articles, Files: b.files, Elapsed: time.Since(start), Phases: b.clock.phases}, nil
}

// builder is one run of Build.
type builder struct {
	cfg             Config
	forms           *formSet
	spool           *spool.Spool
	clock           *clock
	articles, files int
}

// run loads the content while it builds the search index's postings, then
// arranges the site and checks its links, then writes the search index and
// last the pages and the assets. Nothing reaches out unless the content is
// free of problems. The steps follow one another, each on every core; the
// index goes first so that its postings (most of the build's memory) are let
// go before the pages are rendered, and the garbage collector does not scan
// them again and again while it keeps the heap under its limit.
func (b *builder) run(out output.Files) error {
	index := search.NewBuilder()
	arts, err := b.load(index)
	if err != nil {
		return err
	}
	t := time.Now()
	g, err := b.check(arts)
	if err != nil {
		return err
	}
	b.clock.since("model", t)
	b.articles, b.files = len(arts), len(g.jobs)
	t = time.Now()
	if err := index.Write(out); err != nil {
		return err
	}
	b.clock.since("search index", t)
	if err := g.write(out); err != nil {
		return err
	}
	if err := b.spool.Close(); err != nil {
		return fmt.Errorf("release rendered bodies: %w", err)
	}
	return nil
}

// load reads and converts the content, adding each published article's
// text to index. Content problems come back as content.Errors, with broken
// links found in the same run.
func (b *builder) load(index *search.Builder) ([]*content.Article, error) {
	loader := &content.Loader{Vocabulary: Vocabulary(), Bodies: b.spool, Workers: b.cfg.Workers, Converted: b.cfg.Converted,
		OnText: func(a *content.Article, text []byte) { index.Add(searchDoc(a, text)) }}
	t := time.Now()
	arts, err := loader.Load(b.cfg.Content)
	var problems content.Errors
	if err != nil && !errors.As(err, &problems) {
		return nil, err
	}
	b.clock.since("load", t)
	if problems != nil {
		// Arrange what loaded anyway, to report broken links in this run too.
		_, err := b.check(arts)
		return nil, content.Join(problems, err)
	}
	return arts, nil
}

// check arranges the articles, plans every page and checks the links.
func (b *builder) check(arts []*content.Article) (*generator, error) {
	site := model.New(arts, Vocabulary())
	g, err := newGenerator(b.cfg, site, b.spool, b.forms)
	if err != nil {
		return nil, err
	}
	g.clock = b.clock
	return g, content.CheckLinks(arts, g.exists)
}

// searchDoc is the search entry of a. Its text aliases text, which the
// loader reuses: the index copies what it keeps of it.
func searchDoc(a *content.Article, text []byte) search.Doc {
	return search.Doc{URL: a.URL, Title: a.Title, Section: a.Section.Name, Date: a.Date, Summary: a.Summary,
		Text: unsafe.String(unsafe.SliceData(text), len(text))}
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
	cards  map[*content.Article]template.HTML
	forms  *formSet
	clock  *clock
}

func newGenerator(cfg Config, site *model.Site, sp *spool.Spool, forms *formSet) (*generator, error) {
	g := &generator{cfg: cfg, site: site, spool: sp, forms: forms, assets: asset.NewSet(), urls: map[string]bool{}}
	g.assets.Add("search.js", search.Script)
	g.assets.Add("search.css", search.Style)
	if err := g.assets.AddFS("forms", formhtml.Assets); err != nil {
		return nil, err
	}
	if err := g.assets.AddFS("admin", adminpage.Assets); err != nil {
		return nil, err
	}
	if err := g.assets.AddFS("board", board.Assets); err != nil {
		return nil, err
	}
	css, err := render.AppCSS(cfg.Chrome)
	if err != nil {
		return nil, err
	}
	g.assets.Add("app.css", css)
	r, err := render.New(render.Options{Templates: cfg.Templates, Chrome: cfg.Chrome, Base: cfg.Base, Asset: g.assetURL, Term: g.termURL, Card: g.card})
	if err != nil {
		return nil, err
	}
	g.r = r
	if err := g.makeCards(); err != nil {
		return nil, err
	}
	if err := g.images(); err != nil {
		return nil, fmt.Errorf("read %s/: %w", imageDir, err)
	}
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

func (g *generator) card(a *content.Article) template.HTML { return g.cards[a] }

// makeCards renders every article's list entry once, on all workers.
func (g *generator) makeCards() error {
	arts := g.site.Articles
	out := make([]template.HTML, len(arts))
	errs := make([]error, g.cfg.Workers)
	var wg sync.WaitGroup
	for w := range g.cfg.Workers {
		wg.Go(func() {
			var b bytes.Buffer // reused: each card is copied out once, at its size
			for i := w; i < len(arts) && errs[w] == nil; i += g.cfg.Workers {
				b.Reset()
				errs[w] = g.r.Card(&b, arts[i])
				out[i] = template.HTML(b.String())
			}
		})
	}
	wg.Wait()
	g.cards = make(map[*content.Article]template.HTML, len(arts))
	for i, a := range arts {
		g.cards[a] = out[i]
	}
	return errors.Join(errs...)
}

// exists reports whether the site has a page or file at path p.
func (g *generator) exists(p string) bool {
	return g.urls[p] || g.urls[p+"index.html"]
}
