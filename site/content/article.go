// Package content loads the portal's markdown from an fs.FS: it reads every
// article of every section, validates its front matter and links, and reports
// every problem at once with file and line.
package content

import (
	"time"

	"dunban/site/markdown"
)

// Section is a folder of content/ with its Chinese display name.
type Section struct {
	Key  string // folder and URL segment, e.g. "cases"
	Name string // display name, e.g. "优秀工作案例"
}

// Notices, Cases and Reports are the three sections, in display order.
var (
	Notices  = Section{Key: "notices", Name: "通知"}
	Cases    = Section{Key: "cases", Name: "优秀工作案例"}
	Reports  = Section{Key: "reports", Name: "调研报告"}
	Sections = []Section{Notices, Cases, Reports}
)

// Article is one published or draft page of a section.
type Article struct {
	Section Section
	File    string // path inside the content FS, e.g. "cases/baotou.md"
	Slug    string
	URL     string // e.g. "/cases/baotou/"

	Title      string
	Date       time.Time
	Author     string
	Unit       string
	Region     string
	SchoolType string
	School     string
	Tags       []string
	Summary    string
	Draft      bool
	DocNumber  string // notices only: 文号
	Issuer     string // notices only: 发文机关

	TOC   []markdown.Heading
	Refs  []markdown.Ref
	Chars int  // characters of the body, spaces excluded
	Body  Body // where the rendered HTML body is kept
}

// Body locates an article's rendered HTML in a BodyStore.
type Body struct {
	Off int64
	Len int
}

// BodyStore keeps rendered article bodies until the pages are written.
// Put is called from several goroutines at once.
type BodyStore interface {
	Put(html []byte) (Body, error)
}

// ReadingMinutes estimates reading time at 400 Chinese characters a minute.
func (a *Article) ReadingMinutes() int {
	m := (a.Chars + 399) / 400
	if m < 1 {
		m = 1
	}
	return m
}

// Year is the year of the article's date.
func (a *Article) Year() int { return a.Date.Year() }
