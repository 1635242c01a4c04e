package render

import (
	"bytes"
	"testing"

	"dunban/site/content"
	"dunban/site/markdown"
	"dunban/site/model"
)

// TestWriteMatchesTemplates holds the pages written in Go byte for byte
// equal to what the templates write, escaping included.
func TestWriteMatchesTemplates(t *testing.T) {
	opts := func(tmpl bool) Options {
		o := Options{
			Asset: func(name string) string { return "/assets/" + name + "?v=1&x=<'\"+>" },
			Term:  func(tx, name string) string { return "/" + tx + "/" + name + "/" },
		}
		if tmpl {
			o.Templates = Templates
		}
		return o
	}
	fast, err := New(opts(false))
	if err != nil {
		t.Fatal(err)
	}
	slow, err := New(opts(true))
	if err != nil {
		t.Fatal(err)
	}
	if !fast.fast || slow.fast {
		t.Fatal("fast path not chosen by Templates")
	}
	odd := `<b>"a" & 'b' + c</b>` + "\x00 驻校"
	a := &content.Article{Section: content.Notices, URL: "/notices/a+b/", Title: odd, Date: mustDate("2021-02-25"),
		Author: odd, Unit: "团委", Region: "包头市", SchoolType: "高级中学", School: odd, Tags: []string{"团日", odd},
		Summary: odd, DocNumber: "内团办发〔2021〕5号 " + odd, Issuer: odd, Chars: 1234,
		TOC: []markdown.Heading{{Level: 2, ID: "一", Text: odd}, {Level: 3, ID: "a b", Text: "二"}}}
	b := &content.Article{Section: content.Cases, URL: "/cases/中文/", Title: "案例", Date: mustDate("2022-03-01"),
		TOC: []markdown.Heading{{Level: 2, ID: "x", Text: "x"}}}
	c := &content.Article{Section: content.Reports, URL: "javascript:alert(1)", Title: "报告", Date: mustDate("2020-01-01"), Summary: "摘要"}
	pages := []testPage{}
	for _, nav := range []*model.Nav{nil, {}, {Prev: b}, {Next: c, Related: []*content.Article{b, c, a}}} {
		for _, art := range []*content.Article{a, b, c} {
			pages = append(pages, testPage{Article, Page{Title: art.Title, Description: art.Summary, Path: art.URL, Nav: art.Section.Key,
				Crumbs: []Crumb{{Name: "首页", URL: "/"}, {Name: odd, URL: "/a b/%zz/%41"}},
				Data:   ArticleData{Article: art, Nav: nav, Body: "<p>正文 & </p>"}}})
		}
	}
	arts := []*content.Article{a, b, c}
	for _, pg := range model.Paginate("/tags/团日/", slices3(arts, 70)) {
		for _, intro := range []string{"", odd} {
			pages = append(pages, testPage{List, Page{Title: odd, Path: pg.URL, Nav: "browse", NoIndex: intro == "", Reload: intro != "",
				Styles: []string{"/s.css", "/x y.css"}, Scripts: []string{"/a.js", "data:x"},
				Data: ListData{Heading: odd, Intro: intro, Count: 70, Pager: pg}}})
		}
	}
	pages = append(pages, testPage{List, Page{Path: "/empty/", Data: ListData{Heading: "空", Pager: model.Paginate("/empty/", nil)[0]}}})
	for _, art := range arts {
		var got, want bytes.Buffer
		if err := fast.Card(&got, art); err != nil {
			t.Fatal(err)
		}
		if err := slow.Card(&want, art); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("card of %s differs from the template:\n%s", art.URL, firstDiff(got.String(), want.String()))
		}
	}
	for i, pg := range pages {
		var got, want bytes.Buffer
		if err := fast.Render(&got, pg.kind, &pg.p); err != nil {
			t.Fatal(err)
		}
		if err := slow.Render(&want, pg.kind, &pg.p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("page %d (%s %s) differs from the template:\n%s", i, pg.kind, pg.p.Path, firstDiff(got.String(), want.String()))
		}
	}
}

type testPage struct {
	kind string
	p    Page
}

func slices3(arts []*content.Article, n int) []*content.Article {
	var out []*content.Article
	for i := range n {
		out = append(out, arts[i%len(arts)])
	}
	return out
}

func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return " got …" + got[from:min(len(got), i+80)] + "\nwant …" + want[from:min(len(want), i+80)]
}

func TestEscapeLikeTemplates(t *testing.T) {
	for _, tc := range []struct{ in, text, url string }{
		{`a<b>&"'+`, "a&lt;b&gt;&amp;&#34;&#39;&#43;", "a%3cb%3e&amp;%22%27&#43;"},
		{"/tags/团日/", "/tags/团日/", "/tags/%e5%9b%a2%e6%97%a5/"},
		{"/a%41%zz", "/a%41%zz", "/a%41%25zz"},
		{"javascript:x", "javascript:x", "#ZgotmplZ"},
		{"HTTPS://x", "HTTPS://x", "HTTPS://x"},
		{"\x00", "\uFFFD", "%00"},
	} {
		w := &pageWriter{}
		w.text(tc.in)
		if string(w.b) != tc.text {
			t.Errorf("text(%q) = %q, want %q", tc.in, w.b, tc.text)
		}
		w.b = w.b[:0]
		w.url(tc.in)
		if string(w.b) != tc.url {
			t.Errorf("url(%q) = %q, want %q", tc.in, w.b, tc.url)
		}
	}
}
