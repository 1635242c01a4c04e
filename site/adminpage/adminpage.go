// Package adminpage renders the admin page (/admin/) of the portal as an
// HTML fragment: an admin enters their token, chooses a scope and a year,
// looks at the board of their scope (drawn by the admin API, see
// lambda/board) and downloads a bundle. It works without JavaScript (plain
// form posts: the board comes back as a page, the bundle as a download)
// and better with it (the board appears in the page).
// The site wraps the fragment in its layout, marks the page noindex and
// links it from nowhere. Besides the standard library it imports only
// lambda/grade (itself standard library only) for the grade rule it shows.
package adminpage

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/grade"
)

// Assets holds the page's script and style, named Script and Style.
//
//go:embed assets
var assets embed.FS

// Assets is the page's script and stylesheet.
var Assets, _ = fs.Sub(assets, "assets") // fs.Sub fails only for an invalid path

// Names of the files in Assets.
const (
	Script = "admin.js"
	Style  = "admin.css"
)

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("admin").Parse(pageHTML))

// Options are what the fragment needs from the site.
type Options struct {
	API    string    // the API root, e.g. /api or https://abc.execute-api.cn-north-1.amazonaws.com.cn
	Script string    // URL of Script as served ("" = the layout loads it)
	Style  string    // URL of Style as served ("" = the layout loads it)
	Now    time.Time // build time: the month fields start at its year's January and its month
	// Units offers every scope of the registry in the scope list, grouped
	// as the forms group units; the API refuses one outside the admin's own.
	Units *form.Registry
	Year  int   // the year shown first (the newest round's); 0: Now's year
	Years []int // the years offered (those with a round); empty: Year only
}

// ScopeGroup is a labelled run of scopes in the scope list.
type ScopeGroup struct {
	Label  string
	Scopes []string
}

// scopeGroups lists 全区, the 盟市, each 盟市's 旗县, then the 高校.
func scopeGroups(reg *form.Registry) []ScopeGroup {
	out := []ScopeGroup{{Label: "自治区", Scopes: []string{form.ScopeAll}}}
	if reg == nil {
		return out
	}
	units := reg.Units()
	add := func(label string, keep func(form.Unit) bool) {
		g := ScopeGroup{Label: label}
		for _, u := range units {
			if keep(u) {
				g.Scopes = append(g.Scopes, u.Name)
			}
		}
		if len(g.Scopes) > 0 {
			out = append(out, g)
		}
	}
	add("盟市", func(u form.Unit) bool { return u.Kind == form.KindLeague })
	for _, l := range reg.OfKinds(form.KindLeague) {
		add(l.Name+"所辖旗县（市、区）", func(u form.Unit) bool { return u.Kind == form.KindCounty && u.Parent == l.Name })
	}
	add("高校", func(u form.Unit) bool { return u.Kind == form.KindUniversity })
	return out
}

// Forms are the form ids and titles offered, in portal order.
var Forms = []struct{ ID, Title string }{
	{"arrangement", "工作安排表"},
	{"tasklist", "个人任务清单"},
	{"monthly", "任务清单完成情况（月报）"},
	{"report", "阶段性总结报告 / 调研报告"},
	{"case", "优秀工作案例"},
}

// Fragment writes the page body.
func Fragment(w io.Writer, o Options) error {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(time.FixedZone("CST", 8*3600))
	year := o.Year
	if year == 0 {
		year = now.Year()
	}
	years := o.Years
	if len(years) == 0 {
		years = []int{year}
	}
	from, to := fmt.Sprintf("%04d-01", year), now.Format("2006-01")
	if now.Year() != year {
		to = fmt.Sprintf("%04d-12", year)
	}
	data := struct {
		Options
		From, To      string
		Forms         []struct{ ID, Title string }
		Scopes        []ScopeGroup
		Year          int
		Years         []int
		Targets, Rule string
	}{o, from, to, Forms, scopeGroups(o.Units), year, years, grade.TargetsText, grade.Rule}
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("admin page: %w", err)
	}
	return nil
}
