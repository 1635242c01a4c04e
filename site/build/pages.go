package build

import (
	"html/template"
	"io"
	"strconv"
	"time"
	"unsafe"

	"dunban/site/content"
	"dunban/site/feed"
	"dunban/site/model"
	"dunban/site/render"
	"dunban/site/search"
)

// intros are shown at the top of each section's list.
var intros = map[string]string{
	"notices": "共青团内蒙古自治区委员会关于学校共青团“驻校蹲班”工作的通知，按发布日期排列。",
	"cases":   "各地各校团干部在“驻校蹲班”中总结提炼的优秀工作案例。",
	"reports": "团干部在“驻校蹲班”中走访调研形成的调研报告。",
}

// job writes one file of the portal.
type job struct {
	path    string // address on the portal; a trailing slash means index.html
	sitemap bool
	lastmod time.Time
	write   func(w io.Writer, scratch *[]byte) error
}

func (g *generator) add(j job) {
	g.jobs = append(g.jobs, j)
	g.urls[j.path] = true
}

// page adds an HTML page of the given kind.
func (g *generator) page(kind string, p *render.Page, inSitemap bool, lastmod time.Time) {
	p.Reload = g.cfg.Reload
	g.add(job{path: p.Path, sitemap: inSitemap, lastmod: lastmod, write: func(w io.Writer, _ *[]byte) error {
		return g.r.Render(w, kind, p)
	}})
}

// plan lists every file of the portal.
func (g *generator) plan() {
	g.home()
	for _, l := range g.site.Sections {
		g.list(l.Name, intros[l.Key], l.URL, l.Key, l.Articles, nil)
		for _, a := range l.Articles {
			g.article(a)
		}
	}
	g.browse()
	g.search()
	g.formPages()
	g.page(render.NotFound, &render.Page{Title: "页面不存在", Path: "/404.html", NoIndex: true}, false, time.Time{})
	g.add(job{path: "/feed.xml", write: func(w io.Writer, _ *[]byte) error {
		return feed.Write(w, g.cfg.Base, g.site.Articles)
	}})
	g.add(job{path: "/robots.txt", write: g.robots})
	for p, data := range render.Icons() {
		g.add(job{path: p, write: func(w io.Writer, _ *[]byte) error { _, err := w.Write(data); return err }})
	}
	g.add(job{path: "/sitemap.xml", write: g.sitemap})
	for _, p := range g.assets.Paths() {
		g.urls[p] = true
	}
}

func latest(arts []*content.Article, n int) []*content.Article { return arts[:min(n, len(arts))] }

func (g *generator) home() {
	d := render.HomeData{
		Cases:   latest(g.site.Section(content.Cases.Key).Articles, 6),
		Reports: latest(g.site.Section(content.Reports.Key).Articles, 6),
		Regions: g.site.Taxonomy("regions"),
		Forms:   g.forms.links(),
	}
	if n := g.site.Section(content.Notices.Key).Articles; len(n) > 0 {
		d.Notice = n[0]
	}
	g.page(render.Home, &render.Page{Path: "/", Nav: "home",
		Description: render.SiteDescription, Data: d}, true, time.Time{})
}

// list adds the pages of a paginated list of arts at base.
func (g *generator) list(heading, intro, base, nav string, arts []*content.Article, crumbs []render.Crumb) {
	for _, p := range model.Paginate(base, arts) {
		title := heading
		if p.Number > 1 {
			title += "（第" + strconv.Itoa(p.Number) + "页）"
		}
		g.page(render.List, &render.Page{Title: title, Path: p.URL, Nav: nav, Crumbs: crumbs,
			Data: render.ListData{Heading: heading, Intro: intro, Count: len(arts), Pager: p}}, p.Number == 1, time.Time{})
	}
}

func (g *generator) article(a *content.Article) {
	nav := g.site.Nav(a)
	crumbs := []render.Crumb{{Name: "首页", URL: "/"}, {Name: a.Section.Name, URL: "/" + a.Section.Key + "/"}}
	p := &render.Page{Title: a.Title, Description: a.Summary, Path: a.URL, Nav: a.Section.Key, Crumbs: crumbs, Reload: g.cfg.Reload}
	g.add(job{path: a.URL, sitemap: true, lastmod: a.Date, write: func(w io.Writer, scratch *[]byte) error {
		body, err := g.spool.Get(a.Body, scratch)
		if err != nil {
			return err
		}
		q := *p
		// The body is only read while the page renders, before the scratch
		// buffer is reused, so it need not be copied into a string.
		q.Data = render.ArticleData{Article: a, Nav: nav, Body: template.HTML(unsafe.String(unsafe.SliceData(body), len(body)))}
		return g.r.Render(w, render.Article, &q)
	}})
}

func (g *generator) browse() {
	home := []render.Crumb{{Name: "首页", URL: "/"}}
	g.page(render.Browse, &render.Page{Title: "分类浏览", Path: "/browse/", Nav: "browse", Crumbs: home,
		Data: render.BrowseData{Heading: "分类浏览", Taxonomies: g.site.Taxonomies}}, true, time.Time{})
	up := append(home, render.Crumb{Name: "分类浏览", URL: "/browse/"})
	for _, t := range g.site.Taxonomies {
		heading := "按" + t.Name + "浏览"
		g.page(render.Browse, &render.Page{Title: heading, Path: t.URL, Nav: "browse", Crumbs: up,
			Data: render.BrowseData{Heading: heading, Taxonomies: []*model.Taxonomy{t}}}, true, time.Time{})
		crumbs := append(up[:len(up):len(up)], render.Crumb{Name: t.Name, URL: t.URL})
		for _, term := range t.Terms {
			g.list(t.Name+"："+term.Name, "", term.URL, "browse", term.Articles, crumbs)
		}
	}
}

func (g *generator) search() {
	var links []search.Link
	for _, l := range g.site.Sections {
		links = append(links, search.Link{Title: l.Name, URL: l.URL})
	}
	links = append(links, search.Link{Title: "分类浏览", URL: "/browse/"})
	g.fragment(&render.Page{Title: "搜索", Path: "/search/", Nav: "search", Styles: []string{g.assetURL("search.css")},
		Data: render.FragmentData{Heading: "搜索"}}, func(w io.Writer) error {
		return search.RenderPage(w, search.Page{ScriptURL: g.assetURL("search.js"), Browse: links})
	})
}
