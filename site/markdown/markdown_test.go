package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
)

const doc = `---
title: 标题
---

## 一、目标任务

第一行
第二行，见[通知](/notices/a/)。

### （一）学校 概况

| 甲 | 乙 |
| --- | --- |
| 1 | 2 |

![图](/img/a.png)
`

func TestConvert(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	d, err := New().Convert(&b, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`<h2 id="一-目标任务">一、目标任务</h2>`, "<p>第一行第二行，见", "<table>", `<h3 id="一-学校-概况">`} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "title:") {
		t.Error("front matter rendered as text")
	}
	if d.Meta == nil || d.Meta.Content[0].Value != "title" || d.Meta.Content[0].Line != 2 {
		t.Errorf("front matter not read with file lines: %+v", d.Meta)
	}
	if len(d.TOC) != 2 || d.TOC[1].Level != 3 || d.TOC[1].Text != "（一）学校 概况" {
		t.Errorf("TOC = %+v", d.TOC)
	}
	if len(d.Refs) != 2 || d.Refs[0].Dest != "/notices/a/" || d.Refs[0].Line != 8 || !d.Refs[1].Image || d.Refs[1].Line != 16 {
		t.Errorf("refs = %+v", d.Refs)
	}
	if d.Chars != len([]rune("一、目标任务第一行第二行，见通知。（一）学校概况甲乙12图")) {
		t.Errorf("Chars = %d; text %q", d.Chars, d.Text)
	}
}

// TestConvertAnyWriter checks the direct-to-buffer path writes what a plain
// io.Writer gets.
func TestConvertAnyWriter(t *testing.T) {
	t.Parallel()
	var direct bytes.Buffer
	var plain strings.Builder
	if _, err := New().Convert(&direct, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	if _, err := New().Convert(&plain, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	if direct.String() != plain.String() {
		t.Errorf("outputs differ:\n%s\n---\n%s", direct.String(), plain.String())
	}
}

func TestSlugify(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"一、目标任务": "一-目标任务", "Hello World!": "hello-world", "（一）": "一", "!!": ""} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCountChars holds countChars equal to counting the runes that
// unicode.IsSpace rejects, on any bytes.
func FuzzCountChars(f *testing.F) {
	f.Add([]byte("驻校 蹲班\u3000团\u00a0日\u2028\u0085x\xff\xed\xa0\x80\xe0\x80\x80"))
	f.Fuzz(func(t *testing.T, b []byte) {
		want := 0
		for _, r := range string(b) {
			if !unicode.IsSpace(r) {
				want++
			}
		}
		if got := countChars(b); got != want {
			t.Errorf("countChars(%q) = %d, want %d", b, got, want)
		}
	})
}

// TestTablesScroll: every table is inside a focusable scrolling region, and
// only wide ones get the hint above them.
func TestTablesScroll(t *testing.T) {
	t.Parallel()
	wide := "| 甲 | 乙 | 丙 | 丁 | 戊 | 己 |\n|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 |\n"
	for _, tt := range []struct {
		src  string
		hint bool
	}{{"| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n", false}, {wide, true}} {
		var b bytes.Buffer
		if _, err := New().Convert(&b, []byte(tt.src)); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		if !strings.Contains(html, `<div class="table-wrap" role="region" aria-label="表格（可左右滑动）" tabindex="0">`+"\n<table>") ||
			!strings.Contains(html, "</table>\n</div>") {
			t.Errorf("table not wrapped:\n%s", html)
		}
		if got := strings.Contains(html, `class="table-hint"`); got != tt.hint {
			t.Errorf("hint %v, want %v:\n%s", got, tt.hint, html)
		}
	}
}

// TestAutoLinkRefs checks that a bare e-mail address in the text is a
// mailto: link and a bare web address an outside one, so that neither is
// checked as a page of the portal.
func TestAutoLinkRefs(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	d, err := New().Convert(&b, []byte("---\ntitle: x\n---\n\n邮箱 twxxb@126.com，网站 https://example.org/a 。\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Refs) != 2 || d.Refs[0].Dest != "mailto:twxxb@126.com" || d.Refs[1].Dest != "https://example.org/a" {
		t.Errorf("refs = %+v", d.Refs)
	}
}
