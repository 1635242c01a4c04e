package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"reflect"
	"strings"
	"sync"

	"dunban/site/markdown"
)

// baked are the templates of layout.html whose output is the same on every
// page of a build (they draw on the build's base URL and asset names only).
var baked = []string{"og-image", "stylesheet"}

// bake replaces each baked template in set by its own output, rendered once
// from a copy of layout.html: every page then copies the text instead of
// running the actions. The output is parsed as plain text (NUL delimiters,
// which html/template never writes), so no action is read into it.
func bake(set *template.Template, fsys fs.FS, funcs template.FuncMap) error {
	probe, err := template.New("layout").Funcs(funcs).ParseFS(fsys, "layout.html")
	if err != nil {
		return fmt.Errorf("parse layout: %w", err)
	}
	for _, name := range baked {
		var b strings.Builder
		if err := probe.ExecuteTemplate(&b, name, nil); err != nil {
			return fmt.Errorf("bake %s: %w", name, err)
		}
		if strings.Contains(b.String(), "\x00") {
			return fmt.Errorf("bake %s: output holds NUL", name)
		}
		if _, err := set.New(name).Delims("\x00", "\x00").Parse(b.String()); err != nil {
			return fmt.Errorf("bake %s: %w", name, err)
		}
	}
	return nil
}

// fragments are the parts of pages that many pages share (a tag's link, a
// date), each rendered once by its template in layout.html and then reused
// as it is, which spares html/template's actions on every page that shows
// it. It is safe for concurrent use.
type fragments struct {
	base *template.Template
	m    sync.Map // fragmentKey → template.HTML
}

type fragmentKey struct {
	name string
	data any
}

// once is the template name executed on data, which must be comparable
// (a string, a time, a pager link): rendered on first use, then kept.
func (f *fragments) once(name string, data any) (template.HTML, error) {
	if t := reflect.TypeOf(data); t == nil || !t.Comparable() {
		return "", fmt.Errorf("once %s: %T is not comparable", name, data)
	}
	k := fragmentKey{name, data}
	if h, ok := f.m.Load(k); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := f.base.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	f.m.Store(k, h)
	return h, nil
}

// each is once of name for each item, joined.
func (f *fragments) each(name string, items []string) (template.HTML, error) {
	var b strings.Builder
	for _, it := range items {
		h, err := f.once(name, it)
		if err != nil {
			return "", err
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// tocEntry is one line of an article's table of contents.
type tocEntry struct {
	// Sub marks a level-3 heading; the others are level 2 (package
	// markdown puts no other levels in a table of contents). A condition
	// costs the template no call, unlike writing the level.
	Sub bool
	// Href is the whole href attribute of the link to the heading, written
	// as html/template writes href="{{anchor .ID}}" (TestTOCHref holds
	// them equal): anchor leaves nothing for the URL or attribute escapers
	// to change, so the href costs one escaper call instead of anchor's
	// and three escapers'.
	Href template.HTMLAttr
	Text string
}

// toc is the table of contents of an article with the headings hs; none
// for fewer than two.
func toc(hs []markdown.Heading) []tocEntry {
	if len(hs) < 2 {
		return nil
	}
	size := 0
	for _, h := range hs {
		size += len(`href="#"`) + 3*len(h.ID)
	}
	// All the hrefs in one string, each entry's a part of it.
	b := make([]byte, 0, size)
	ends := make([]int, len(hs))
	for i, h := range hs {
		b = append(b, `href="`...)
		b = appendAnchor(b, h.ID)
		b = append(b, '"')
		ends[i] = len(b)
	}
	all := string(b)
	es := make([]tocEntry, len(hs))
	start := 0
	for i, h := range hs {
		es[i] = tocEntry{Sub: h.Level > 2, Href: template.HTMLAttr(all[start:ends[i]]), Text: h.Text}
		start = ends[i]
	}
	return es
}
