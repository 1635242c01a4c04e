package build

import (
	"time"

	"dunban/lambda/form"
	"dunban/site/asset"
	"dunban/site/render"
)

// formLinks lists the online forms for the home page and the forms index.
func formLinks() []render.FormLink {
	var out []render.FormLink
	for _, f := range form.All() {
		out = append(out, render.FormLink{Title: f.Title, URL: "/forms/" + f.ID + "/", Note: f.Submitter})
	}
	return out
}

// forms adds the forms index and one page per form.
func (g *generator) forms() {
	home := []render.Crumb{{Name: "首页", URL: "/"}}
	g.page(render.Forms, &render.Page{Title: "在线填报", Path: "/forms/", Nav: "forms", Crumbs: home,
		Data: render.FormsData{Forms: formLinks()}}, true, time.Time{})
	crumbs := append(home, render.Crumb{Name: "在线填报", URL: "/forms/"})
	for _, f := range form.All() {
		g.formPage(f, crumbs)
	}
}

// addExtraAssets registers the assets other packages' pages need.
func addExtraAssets(s *asset.Set) error {
	return addFormAssets(s)
}
