package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"

	"dunban/site/markdown"
)

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
// (a string, a time) or nil: rendered on first use, then kept.
func (f *fragments) once(name string, data any) (template.HTML, error) {
	if t := reflect.TypeOf(data); t != nil && !t.Comparable() {
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
	// to change, so the link is one action instead of four escapers.
	Href template.HTMLAttr
	Text string
}

// toc is the table of contents of an article with the headings hs; none
// for fewer than two.
func toc(hs []markdown.Heading) []tocEntry {
	if len(hs) < 2 {
		return nil
	}
	es := make([]tocEntry, len(hs))
	for i, h := range hs {
		es[i] = tocEntry{Sub: h.Level > 2, Href: template.HTMLAttr(`href="` + string(anchor(h.ID)) + `"`), Text: h.Text}
	}
	return es
}
