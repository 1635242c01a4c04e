package render

import (
	"strings"
	"testing"
	"time"

	"dunban/site/content"
	"dunban/site/markdown"
	"dunban/site/model"
)

func TestPartsEscape(t *testing.T) {
	a := &content.Article{
		TOC:  []markdown.Heading{{Level: 2, ID: "一-目标", Text: "一、目标"}, {Level: 3, ID: "a&b", Text: `<script>"x"</script>`}},
		Tags: []string{"团日", `"><b>`},
	}
	got := string(toc(a))
	want := `<li class="toc-2"><a href="#%E4%B8%80-%E7%9B%AE%E6%A0%87">一、目标</a></li>` +
		`<li class="toc-3"><a href="#a&amp;b">&lt;script&gt;&#34;x&#34;&lt;/script&gt;</a></li>`
	if got != want {
		t.Errorf("toc:\n got %s\nwant %s", got, want)
	}
	got = string(tagLinks(a, func(_, name string) string { return "/tags/" + name + "/" }))
	want = `<li><a href="/tags/%E5%9B%A2%E6%97%A5/">团日</a></li><li><a href="/tags/%22%3E%3Cb%3E/">&#34;&gt;&lt;b&gt;</a></li>`
	if got != want {
		t.Errorf("tags:\n got %s\nwant %s", got, want)
	}
}

func TestDate(t *testing.T) {
	if got := Date(mustDate("2021-02-25")); got != "2021年2月25日" {
		t.Errorf("Date = %q", got)
	}
}

func mustDate(s string) (t time.Time) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMetaList(t *testing.T) {
	a := &content.Article{Date: mustDate("2021-05-18"), Author: "<张三>", Region: "包头市", School: "某校", SchoolType: "中等职业学校", Chars: 401}
	got := string(metaList(a, func(tx, name string) string { return "/" + tx + "/" + name + "/" }))
	for _, want := range []string{
		`<dt>日期</dt><dd><time datetime="2021-05-18">2021年5月18日</time></dd>`,
		`<dt>作者</dt><dd>&lt;张三&gt;</dd>`,
		`<a href="/regions/%E5%8C%85%E5%A4%B4%E5%B8%82/">包头市</a>`,
		`某校（<a href="/school-types/%E4%B8%AD%E7%AD%89%E8%81%8C%E4%B8%9A%E5%AD%A6%E6%A0%A1/">中等职业学校</a>）`,
		`约 401 字，阅读约 2 分钟`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("meta lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "发文机关") || strings.Contains(got, "单位") {
		t.Errorf("empty fields shown: %s", got)
	}
}

func TestPageLinks(t *testing.T) {
	got := string(pageLinks([]model.PageLink{{Number: 1, URL: "/tags/团日/"}, {}, {Number: 5, URL: "/tags/团日/page/5/", Current: true}}))
	want := `<li><a href="/tags/%E5%9B%A2%E6%97%A5/" aria-label="第 1 页">1</a></li>` +
		`<li class="gap" aria-hidden="true">…</li>` +
		`<li><a href="/tags/%E5%9B%A2%E6%97%A5/page/5/" aria-current="page">5</a></li>`
	if got != want {
		t.Errorf("pageLinks:\n got %s\nwant %s", got, want)
	}
}
