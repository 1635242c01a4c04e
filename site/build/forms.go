package build

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
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
}

func loadForms(cfg Config) (*formSet, error) {
	c, err := form.LoadContent(cfg.Content)
	if err != nil {
		return nil, fmt.Errorf("form pages need units.csv and rounds/<year>.json in the content folder: %w", err)
	}
	return &formSet{c: c, now: cfg.Now()}, nil
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

// formPages adds the forms index and one page per form.
func (g *generator) formPages() {
	home := []render.Crumb{{Name: "首页", URL: "/"}}
	styles := []string{g.assetURL("forms/" + formhtml.Style)}
	g.fragment(&render.Page{Title: "在线填报", Path: "/forms/", Nav: "forms", Crumbs: home, Styles: styles}, func(w io.Writer) error {
		return formhtml.Index(w, g.forms.c.Round, "/forms/", g.forms.now)
	})
	crumbs := append(home, render.Crumb{Name: "在线填报", URL: "/forms/"})
	opt := formhtml.Options{
		Presign: g.cfg.API + "/upload/report", Cadres: g.cfg.API + "/cadres",
		Units: g.forms.c.Units, Round: g.forms.c.Round, Now: g.forms.now,
	}
	scripts := []string{g.assetURL("forms/" + formhtml.Script)}
	for _, f := range form.All() {
		o := opt
		o.Action = g.cfg.API + "/submit/" + f.ID
		g.fragment(&render.Page{Title: f.Title, Path: "/forms/" + f.ID + "/", Nav: "forms", Crumbs: crumbs, Styles: styles, Scripts: scripts}, func(w io.Writer) error {
			return formhtml.Fragment(w, f, o)
		})
	}
}

// fragment adds a page whose body another package writes; the body is
// rendered when the page is planned, so the page links are known. A
// heading in p.Data (a render.FragmentData) is kept.
func (g *generator) fragment(p *render.Page, body func(w io.Writer) error) {
	var buf bytes.Buffer
	err := body(&buf)
	d, _ := p.Data.(render.FragmentData)
	d.Body = template.HTML(buf.String())
	p.Data = d
	p.Reload = g.cfg.Reload
	g.add(job{path: p.Path, sitemap: !p.NoIndex, write: func(w io.Writer, _ *[]byte) error {
		if err != nil {
			return fmt.Errorf("page %s: %w", p.Path, err)
		}
		return g.r.Render(w, render.Fragment, p)
	}})
}

// admin adds /admin/: not linked, noindex, kept out of the sitemap.
func (g *generator) admin() {
	p := &render.Page{Title: "管理员：报送情况与数据导出", Path: "/admin/", NoIndex: true,
		Styles:  []string{g.assetURL("admin/" + adminpage.Style), g.assetURL("board/" + board.Style)},
		Scripts: []string{g.assetURL("admin/" + adminpage.Script)}}
	rd := g.forms.c.Round
	g.fragment(p, func(w io.Writer) error {
		return adminpage.Fragment(w, adminpage.Options{API: g.cfg.API, Now: g.forms.now, Units: g.forms.c.Units, Year: rd.Year, Years: []int{rd.Year}})
	})
}
