package build

import (
	"fmt"
	"html/template"
	"io"
	"sync"
	"time"

	"dunban/lambda/board"
	"dunban/lambda/form"
	"dunban/lambda/formhtml"
	"dunban/site/adminpage"
	"dunban/site/render"
)

// formSet is what the form pages need from the content folder.
type formSet struct {
	c   *form.Content
	now time.Time
	key bodyKey // what their bodies are drawn from, when cfg.Bodies keeps them
}

func loadForms(cfg Config) (*formSet, error) {
	c, err := form.LoadContent(cfg.Content)
	if err != nil {
		return nil, fmt.Errorf("form pages need units.csv and rounds/<year>.json in the content folder: %w", err)
	}
	fs := &formSet{c: c, now: cfg.Now()}
	if cfg.Bodies != nil {
		if fs.key, err = newBodyKey(cfg.Content, cfg.API, fs.now); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// links lists the online forms for the home page, with their deadlines.
func (fs *formSet) links() []render.FormLink {
	var out []render.FormLink
	for _, f := range form.All() {
		l := render.FormLink{Title: f.Title, URL: "/forms/" + f.ID + "/"}
		fr := fs.c.Round.Form(f.ID)
		switch {
		case fs.c.Round.Ended(fs.now):
			l.Due = "本年度报送已结束"
		case !fr.Open:
			l.Due = "暂未开放"
		case len(fr.Periods) == 1 && !fr.Periods[0].Due.IsZero():
			l.Due = "截止：" + form.DueText(fr.Periods[0].Due)
		default:
			l.Due = f.Submitter
		}
		out = append(out, l)
	}
	return out
}

// drawn is a page whose body another package draws from the form content.
type drawn struct {
	page *render.Page
	draw func(w io.Writer) error
}

// formPages adds the forms index, one page per form and the admin page
// (not linked, noindex, kept out of the sitemap), their bodies drawn at
// once or taken from cfg.Bodies.
func (g *generator) formPages() {
	home := []render.Crumb{{Name: "首页", URL: "/"}}
	styles := []string{g.assetURL("forms/" + formhtml.Style)}
	pages := []drawn{{&render.Page{Title: "在线填报", Path: "/forms/", Nav: "forms", Crumbs: home, Styles: styles}, func(w io.Writer) error {
		return formhtml.Index(w, g.forms.c.Round, "/forms/", g.forms.now)
	}}}
	crumbs := append(home, render.Crumb{Name: "在线填报", URL: "/forms/"})
	opt := formhtml.Options{
		Presign: g.cfg.API + "/upload/report", Cadres: g.cfg.API + "/cadres",
		Units: g.forms.c.Units, Round: g.forms.c.Round, Now: g.forms.now,
	}
	scripts := []string{g.assetURL("forms/" + formhtml.Script)}
	for _, f := range form.All() {
		o := opt
		o.Action = g.cfg.API + "/submit/" + f.ID
		pages = append(pages, drawn{&render.Page{Title: f.Title, Path: "/forms/" + f.ID + "/", Nav: "forms", Crumbs: crumbs, Styles: styles, Scripts: scripts}, func(w io.Writer) error {
			return formhtml.Fragment(w, f, o)
		}})
	}
	pages = append(pages, g.admin())
	bodies, errs := make([]string, len(pages)), make([]error, len(pages))
	var wg sync.WaitGroup
	for i, d := range pages {
		wg.Go(func() { bodies[i], errs[i] = g.cfg.Bodies.body(g.forms.key, d.page.Path, d.draw) })
	}
	wg.Wait()
	for i, d := range pages {
		g.addFragment(d.page, bodies[i], errs[i])
	}
}

// fragment adds a page whose body another package writes; the body is
// rendered when the page is planned, so the page links are known.
func (g *generator) fragment(p *render.Page, body func(w io.Writer) error) {
	s, err := drawString(body)
	g.addFragment(p, s, err)
}

// addFragment adds a page of body, or of err when drawing it failed. A
// heading in p.Data (a render.FragmentData) is kept.
func (g *generator) addFragment(p *render.Page, body string, err error) {
	d, _ := p.Data.(render.FragmentData)
	d.Body = template.HTML(body)
	p.Data = d
	p.Reload = g.cfg.Reload
	g.add(job{path: p.Path, sitemap: !p.NoIndex, write: func(w io.Writer, _ *[]byte) error {
		if err != nil {
			return fmt.Errorf("page %s: %w", p.Path, err)
		}
		return g.r.Render(w, render.Fragment, p)
	}})
}

// admin is /admin/.
func (g *generator) admin() drawn {
	p := &render.Page{Title: "管理员：报送情况与数据导出", Path: "/admin/", NoIndex: true,
		Styles:  []string{g.assetURL("admin/" + adminpage.Style), g.assetURL("board/" + board.Style)},
		Scripts: []string{g.assetURL("admin/" + adminpage.Script)}}
	rd := g.forms.c.Round
	return drawn{p, func(w io.Writer) error {
		return adminpage.Fragment(w, adminpage.Options{API: g.cfg.API, Now: g.forms.now, Units: g.forms.c.Units, Year: rd.Year, Years: []int{rd.Year}})
	}}
}
