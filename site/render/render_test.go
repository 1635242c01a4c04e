package render

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"dunban/site/content"
	"dunban/site/markdown"
	"dunban/site/model"
)

func mustDate(s string) (t time.Time) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDate(t *testing.T) {
	t.Parallel()
	if got := Date(mustDate("2021-02-25")); got != "2021年2月25日" {
		t.Errorf("Date = %q", got)
	}
}

func newTest(t *testing.T) *Renderer {
	t.Helper()
	r, err := New(Options{
		Asset: func(name string) string { return "/assets/" + name },
		Term:  func(tx, name string) string { return "/" + tx + "/" + name + "/" },
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestArticle checks the parts of an article page the template writes from
// the article's fields: metadata, tags, table of contents, escaping.
func TestArticle(t *testing.T) {
	t.Parallel()
	r := newTest(t)
	a := &content.Article{Section: content.Cases, URL: "/cases/a/", Title: "标题", Date: mustDate("2021-05-18"),
		Author: "<张三>", Region: "包头市", School: "某校", SchoolType: "中等职业学校", Chars: 401,
		Tags: []string{"团日", `"><b>`},
		TOC:  []markdown.Heading{{Level: 2, ID: "一-目标", Text: "一、目标"}, {Level: 3, ID: "a&b", Text: `<script>"x"</script>`}}}
	var b strings.Builder
	if err := r.Render(&b, Article, &Page{Title: a.Title, Path: a.URL, Data: ArticleData{Article: a}}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		`<dt>日期</dt><dd><time datetime="2021-05-18">2021年5月18日</time></dd>`,
		`<dt>作者</dt><dd>&lt;张三&gt;</dd>`,
		`<a href="/regions/%e5%8c%85%e5%a4%b4%e5%b8%82/">包头市</a>`,
		`某校（<a href="/school-types/%e4%b8%ad%e7%ad%89%e8%81%8c%e4%b8%9a%e5%ad%a6%e6%a0%a1/">中等职业学校</a>）`,
		`约 401 字，阅读约 2 分钟`,
		`<li class="toc-2"><a href="#%e4%b8%80-%e7%9b%ae%e6%a0%87">一、目标</a></li>`,
		`<li class="toc-3"><a href="#a%26b">&lt;script&gt;&#34;x&#34;&lt;/script&gt;</a></li>`,
		`<li><a href="/tags/%e5%9b%a2%e6%97%a5/">团日</a></li>`,
		`<li><a href="/tags/%22%3e%3cb%3e/">&#34;&gt;&lt;b&gt;</a></li>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("article page lacks %s\n%s", want, got)
		}
	}
	for _, absent := range []string{"发文机关", "<dt>单位"} {
		if strings.Contains(got, absent) {
			t.Errorf("empty field %s shown", absent)
		}
	}
}

// TestTOCHref checks that a table-of-contents entry's href attribute, which
// the template writes as it is, is what html/template writes for
// href="{{anchor .ID}}" and for href="#{{.ID}}".
func TestTOCHref(t *testing.T) {
	t.Parallel()
	funcs := template.FuncMap{"anchor": anchor}
	byAnchor := template.Must(template.New("").Funcs(funcs).Parse(`<a href="{{anchor .}}">`))
	plain := template.Must(template.New("").Parse(`<a href="#{{.}}">`))
	whole := template.Must(template.New("").Parse(`<a {{.}}>`))
	ids := []string{"一-目标任务", "section-2", "a b&c\"<%>", "（一）学校 概况", "x.y_z~", "'javascript:x'", "%e4%b8", ""}
	var hs []markdown.Heading
	for _, id := range ids {
		hs = append(hs, markdown.Heading{Level: 2, ID: id})
	}
	for i, e := range toc(hs) {
		var want, also, got strings.Builder
		for _, run := range []error{byAnchor.Execute(&want, ids[i]), plain.Execute(&also, ids[i]), whole.Execute(&got, e.Href)} {
			if run != nil {
				t.Fatal(run)
			}
		}
		if got.String() != want.String() || got.String() != also.String() {
			t.Errorf("toc href %q: got %s, want %s", ids[i], got.String(), want.String())
		}
	}
	if es := toc(hs[:1]); es != nil {
		t.Errorf("toc of one heading = %v, want none", es)
	}
}

func TestPager(t *testing.T) {
	t.Parallel()
	r := newTest(t)
	p := model.Pager{Number: 5, Total: 5, PrevURL: "/tags/团日/page/4/",
		Pages: []model.PageLink{{Number: 1, URL: "/tags/团日/"}, {}, {Number: 5, URL: "/tags/团日/page/5/", Current: true}}}
	var b strings.Builder
	if err := r.Render(&b, List, &Page{Title: "团日", Data: ListData{Heading: "团日", Pager: p}}); err != nil {
		t.Fatal(err)
	}
	want := `<li><a href="/tags/%e5%9b%a2%e6%97%a5/" aria-label="第 1 页">1</a></li>` +
		`<li class="gap" aria-hidden="true">…</li>` +
		`<li><a href="/tags/%e5%9b%a2%e6%97%a5/page/5/" aria-current="page">5</a></li>`
	if !strings.Contains(b.String(), want) {
		t.Errorf("pager lacks\n%s\nin\n%s", want, b.String())
	}
}

// TestAnchor checks that a table-of-contents link is written as
// html/template writes "#" and the id in a URL.
func TestAnchor(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("").Parse(`<a href="#{{.}}">`))
	byAnchor := template.Must(template.New("").Funcs(template.FuncMap{"anchor": anchor}).Parse(`<a href="{{anchor .}}">`))
	for _, id := range []string{"一-目标任务", "section-2", "a b&c\"<%>", "（一）学校 概况", "x.y_z~", ""} {
		var want, got strings.Builder
		if err := tmpl.Execute(&want, id); err != nil {
			t.Fatal(err)
		}
		if err := byAnchor.Execute(&got, id); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("anchor %q: got %s, want %s", id, got.String(), want.String())
		}
	}
}

// TestOnce checks that a shared fragment is its template's output, made
// once, and that a value that cannot be a key is refused.
func TestOnce(t *testing.T) {
	t.Parallel()
	r := newTest(t)
	calls := 0
	r.frags.base = template.Must(template.New("").Funcs(template.FuncMap{"count": func() int { calls++; return calls }}).
		Parse(`{{define "x"}}<b title="{{.}}">{{count}}</b>{{end}}`))
	for range 2 {
		if h, err := r.frags.once("x", `"<`); err != nil || h != `<b title="&#34;&lt;">1</b>` {
			t.Errorf("once = %q, %v", h, err)
		}
	}
	if h, err := r.frags.each("x", []string{"a", `"<`}); err != nil || h != `<b title="a">2</b><b title="&#34;&lt;">1</b>` {
		t.Errorf("each = %q, %v", h, err)
	}
	if _, err := r.frags.once("x", []string{"a"}); err == nil {
		t.Error("once took a slice")
	}
}

// TestBaked checks that the parts made once per build (the share picture's
// address, the stylesheet link) are written as the templates write them.
func TestBaked(t *testing.T) {
	t.Parallel()
	const base = `https://例子.cn/a b"<`
	r, err := New(Options{Base: base, Asset: func(name string) string { return "/assets/" + name + "?v=<1>" },
		Term: func(tx, name string) string { return "/" + tx + "/" }})
	if err != nil {
		t.Fatal(err)
	}
	var page, want strings.Builder
	if err := r.Render(&page, NotFound, &Page{Title: "x", Path: "/404.html"}); err != nil {
		t.Fatal(err)
	}
	direct := template.Must(template.New("").Parse(`<meta property="og:image" content="{{.}}/share.png">` + "\n" +
		`<link rel="stylesheet" href="{{"/assets/app.css?v=<1>"}}">`))
	if err := direct.Execute(&want, base); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(want.String(), "\n") {
		if !strings.Contains(page.String(), line) {
			t.Errorf("page lacks %s\n%s", line, page.String())
		}
	}
}
