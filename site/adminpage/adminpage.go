// Package adminpage renders the admin page (/admin/) of the portal as an
// HTML fragment: an admin enters their token, sees the periods and counts
// in their scope, and downloads a bundle. It works without JavaScript (a
// plain form post that answers with the download) and better with it.
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
	data := struct {
		Options
		From, To      string
		Forms         []struct{ ID, Title string }
		Targets, Rule string
	}{o, fmt.Sprintf("%04d-01", now.Year()), now.Format("2006-01"), Forms, grade.TargetsText, grade.Rule}
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("admin page: %w", err)
	}
	return nil
}
