//go:build unix

package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dunban/site/content"
	"dunban/site/markdown"
	"dunban/site/model"
)

// benchArticle is an article shaped like the synthetic corpus's average:
// three tags, a region and school type, seven headings with long Chinese
// ids, four related articles, a neighbour on each side and 40 KB of body.
func benchArticle(i int) *content.Article {
	a := &content.Article{Section: content.Cases, URL: "/cases/synth-" + strconv.Itoa(i) + "/",
		Title: "在课堂、食堂、宿舍和操场听青年心声——包头市某某民族学校案例" + strconv.Itoa(i), Date: mustDate("2025-06-25"),
		Author: "合成作者196", Unit: "包头市团委", Region: "包头市", School: "包头市某某民族学校", SchoolType: "九年一贯制学校",
		Tags:    []string{"结对帮扶", "推优入党", "问卷调查"},
		Summary: "通过座谈交流、个人访谈和问卷调查，了解包头市某某民族学校团学工作现状并提出改进建议。", Chars: 12660}
	for h := range 7 {
		text := "二、联一年开主要在实训常关于演示例，文，这80%以上担任务成团有团员个" + strconv.Itoa(h)
		a.TOC = append(a.TOC, markdown.Heading{Level: 2 + h%2, ID: strings.NewReplacer("、", "-", "，", "-", "%", "").Replace(text), Text: text})
	}
	return a
}

// newBench is a renderer that makes each card once, as the build does.
func newBench(b *testing.B) *Renderer {
	cards := map[*content.Article]template.HTML{}
	var r *Renderer
	r, err := New(Options{
		Asset: func(name string) string { return "/assets/" + name },
		Term:  func(tx, name string) string { return "/" + tx + "/" + name + "/" },
		Card: func(a *content.Article) template.HTML {
			if c, ok := cards[a]; ok {
				return c
			}
			var s strings.Builder
			if err := r.Card(&s, a); err != nil {
				b.Fatal(err)
			}
			cards[a] = template.HTML(s.String())
			return cards[a]
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func BenchmarkArticle(b *testing.B) {
	r := newBench(b)
	a := benchArticle(0)
	nav := &model.Nav{Prev: benchArticle(1), Next: benchArticle(2)}
	for i := range 4 {
		nav.Related = append(nav.Related, benchArticle(3+i))
	}
	body := template.HTML(strings.Repeat("<p>团问，约两个班级团支部活动一至4个班级团，参与人讲指部“职业学、高一步。</p>\n", 400))
	crumbs := []Crumb{{Name: "首页", URL: "/"}, {Name: a.Section.Name, URL: "/" + a.Section.Key + "/"}}
	p := &Page{Title: a.Title, Description: a.Summary, Path: a.URL, Nav: "cases", Crumbs: crumbs,
		Data: ArticleData{Article: a, Nav: nav, Body: body}}
	buf := renderLoop(b, r, Article, p)
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}

func BenchmarkList(b *testing.B) {
	r := newBench(b)
	var items []*content.Article
	for i := range 20 {
		items = append(items, benchArticle(i))
	}
	pager := model.Paginate("/tags/团日/", append(append(items, items...), items...))[1]
	p := &Page{Title: "团日（第2页）", Path: pager.URL, Nav: "browse",
		Crumbs: []Crumb{{Name: "首页", URL: "/"}, {Name: "分类浏览", URL: "/browse/"}, {Name: "标签", URL: "/tags/"}},
		Data:   ListData{Heading: "团日", Count: 60, Pager: pager}}
	renderLoop(b, r, List, p)
}

// renderLoop renders p as kind until the benchmark stops, reports the CPU
// time per page and returns the last page.
func renderLoop(b *testing.B, r *Renderer, kind string, p *Page) *bytes.Buffer {
	var buf bytes.Buffer
	cpu := cpuTime()
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, kind, p); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	return &buf
}

// cpuTime is the user and system time the process has used so far: on a
// loaded machine it varies much less than the wall time of ns/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process's CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
