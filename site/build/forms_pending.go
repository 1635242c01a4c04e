package build

// PENDING(forms): until lambda/formhtml lands, form pages show the form's
// title and intro only; replace this file with the formhtml wiring.

import (
	"html/template"
	"time"

	"dunban/lambda/form"
	"dunban/site/asset"
	"dunban/site/render"
)

func addFormAssets(*asset.Set) error { return nil }

func (g *generator) formPage(f *form.Form, crumbs []render.Crumb) {
	body := "<h1>" + template.HTMLEscapeString(f.Title) + "</h1><p>" + template.HTMLEscapeString(f.Intro) + "</p>"
	g.page(render.Fragment, &render.Page{Title: f.Title, Path: "/forms/" + f.ID + "/", Nav: "forms", Crumbs: crumbs,
		Data: render.FragmentData{Body: template.HTML(body)}}, true, time.Time{})
}

// admin adds /admin/ (PENDING(bundle): site/adminpage).
func (g *generator) admin() {
	g.page(render.Fragment, &render.Page{Title: "管理", Path: "/admin/", NoIndex: true,
		Data: render.FragmentData{Body: "<h1>管理</h1><p>管理页面尚未启用。</p>"}}, false, time.Time{})
}
