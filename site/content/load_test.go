package content

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

var vocab = Vocabulary{Regions: []string{"包头市", "高校"}, SchoolTypes: []string{"高级中学", "中等职业学校"}}

// bodyStore keeps bodies in memory for tests.
type bodyStore struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (s *bodyStore) Put(b []byte) (Body, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies = append(s.bodies, append([]byte(nil), b...))
	return Body{Off: int64(len(s.bodies) - 1), Len: len(b)}, nil
}

const goodCase = `---
title: 示例案例
date: 2021-05-18
author: 张三
unit: 包头市团委
region: 包头市
school_type: 中等职业学校
school: 包头市某职业学校
tags: [团支部, 示例]
summary: 一段摘要。
draft: false
---

## 一、基本情况

正文见[通知](/notices/n2021/)。
`

const goodNotice = `---
title: 关于深入推进2021年全区学校共青团“驻校蹲班”工作的通知
date: 2021-02-25
doc_number: 内团办发〔2021〕5号
issuer: 共青团内蒙古自治区委员会办公室
---

正文。
`

func load(t *testing.T, files map[string]string) ([]*Article, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	l := &Loader{Vocabulary: vocab, Bodies: &bodyStore{}, Workers: 2}
	return l.Load(fsys)
}

func TestLoadGood(t *testing.T) {
	t.Parallel()
	arts, err := load(t, map[string]string{"cases/good.md": goodCase, "notices/n2021.md": goodNotice})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2", len(arts))
	}
	for _, a := range arts {
		switch a.URL {
		case "/cases/good/":
			if a.Region != "包头市" || len(a.Tags) != 2 || a.Date.Day() != 18 || len(a.TOC) != 1 || a.TOC[0].ID != "一-基本情况" {
				t.Errorf("case loaded wrong: %+v", a)
			}
		case "/notices/n2021/":
			if a.DocNumber != "内团办发〔2021〕5号" || a.Issuer == "" {
				t.Errorf("notice loaded wrong: %+v", a)
			}
		default:
			t.Errorf("unexpected URL %s", a.URL)
		}
	}
}

// TestLoadErrors has one case per kind of content error; each must be
// reported with its file and line.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want string // "file:line: fragment"
	}{
		{"unknown field", strings.Replace(goodCase, "draft: false", "drafts: false", 1), "cases/x.md:11: 未知字段 \"drafts\""},
		{"missing field", strings.Replace(goodCase, "author: 张三\n", "", 1), "cases/x.md:2: 缺少字段 \"author\""},
		{"bad region", strings.Replace(goodCase, "region: 包头市", "region: 包头", 1), "cases/x.md:6: region：\"包头\" 不在可选范围内"},
		{"bad school type", strings.Replace(goodCase, "school_type: 中等职业学校", "school_type: 中职", 1), "cases/x.md:7: school_type：\"中职\" 不在可选范围内"},
		{"unreadable date", strings.Replace(goodCase, "date: 2021-05-18", "date: 2021年5月18日", 1), "cases/x.md:3: date：日期 \"2021年5月18日\" 无法识别"},
		{"impossible date", strings.Replace(goodCase, "date: 2021-05-18", "date: 2021-02-30", 1), "cases/x.md:3: date：日期"},
		{"tags not a list", strings.Replace(goodCase, "tags: [团支部, 示例]", "tags: 团支部", 1), "cases/x.md:9: tags：应为列表"},
		{"draft not bool", strings.Replace(goodCase, "draft: false", "draft: 否", 1), "cases/x.md:11: draft：应为 true 或 false"},
		{"empty title", strings.Replace(goodCase, "title: 示例案例", "title: \"\"", 1), "cases/x.md:2: title：不能为空"},
		{"duplicate key", strings.Replace(goodCase, "school: 包头市某职业学校", "school: 包头市某职业学校\nschool: 另一所", 1), "cases/x.md:"},
		{"bad slug", strings.Replace(goodCase, "draft: false", "draft: false\nslug: 包头", 1), "cases/x.md:12: slug：\"包头\" 不可用"},
		{"no front matter", "# 标题\n\n正文\n", "cases/x.md:1: 缺少 front matter"},
		{"yaml syntax", strings.Replace(goodCase, "school: 包头市某职业学校", "school: [未闭合", 1), "cases/x.md:"},
		{"broken .md link", strings.Replace(goodCase, "(/notices/n2021/)", "(../notices/n2021.md)", 1), "cases/x.md:16: 链接 \"../notices/n2021.md\" 指向 .md 文件"},
		{"outside image", goodCase + "\n![图](https://example.com/a.png)\n", "cases/x.md:18: 图片 \"https://example.com/a.png\" 来自外站"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, map[string]string{"cases/x.md": tt.file, "notices/n2021.md": goodNotice})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadFileNameNeedsSlug(t *testing.T) {
	t.Parallel()
	_, err := load(t, map[string]string{"cases/包头案例.md": goodCase})
	if err == nil || !strings.Contains(err.Error(), "cases/包头案例.md:1: 文件名不能直接作网址") {
		t.Fatalf("got %v", err)
	}
	arts, err := load(t, map[string]string{"cases/包头案例.md": strings.Replace(goodCase, "draft: false", "slug: baotou", 1), "notices/n2021.md": goodNotice})
	if err != nil || arts[0].URL != "/cases/baotou/" && arts[1].URL != "/cases/baotou/" {
		t.Fatalf("slug not used: %v", err)
	}
}

func TestLoadDuplicateURL(t *testing.T) {
	t.Parallel()
	dup := strings.Replace(goodCase, "draft: false", "slug: good", 1)
	_, err := load(t, map[string]string{"cases/good.md": goodCase, "cases/other.md": dup})
	if err == nil || !strings.Contains(err.Error(), "网址 /cases/good/ 与 cases/good.md 重复") {
		t.Fatalf("got %v", err)
	}
}

// TestLoadReportsEveryError checks problems of several files and kinds come
// back together, sorted by file and line.
func TestLoadReportsEveryError(t *testing.T) {
	t.Parallel()
	bad1 := strings.Replace(strings.Replace(goodCase, "region: 包头市", "region: 北京", 1), "date: 2021-05-18", "date: soon", 1)
	bad2 := strings.Replace(goodCase, "author: 张三\n", "writer: 张三\n", 1)
	_, err := load(t, map[string]string{"cases/a.md": bad1, "reports/b.md": bad2, "notices/n.md": "no front matter"})
	errs, ok := err.(Errors)
	if !ok {
		t.Fatalf("got %T %v, want Errors", err, err)
	}
	var got []string
	for _, p := range errs {
		got = append(got, p.String())
	}
	want := []string{"cases/a.md:3:", "cases/a.md:6:", "notices/n.md:1:", "reports/b.md:2:", "reports/b.md:4:"}
	if len(got) != len(want) {
		t.Fatalf("got %d problems:\n%s\nwant %d", len(got), strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

func TestDraftsValidatedNotPublished(t *testing.T) {
	t.Parallel()
	draft := strings.Replace(goodCase, "draft: false", "draft: true", 1)
	arts, err := load(t, map[string]string{"cases/d.md": draft, "notices/n2021.md": goodNotice})
	if err != nil || len(arts) != 1 {
		t.Fatalf("got %d articles, %v; want the notice only", len(arts), err)
	}
	_, err = load(t, map[string]string{"cases/d.md": strings.Replace(draft, "region: 包头市", "region: x", 1)})
	if err == nil {
		t.Fatal("a bad draft passed")
	}
}

func TestCheckLinks(t *testing.T) {
	t.Parallel()
	arts, err := load(t, map[string]string{"cases/good.md": goodCase + "\n[相对](../other/) [外站](https://example.org/) [锚](#top)\n", "notices/n2021.md": goodNotice})
	if err != nil {
		t.Fatal(err)
	}
	exists := map[string]bool{"/notices/n2021/": true}
	err = CheckLinks(arts, func(p string) bool { return exists[p] })
	if err == nil || !strings.Contains(err.Error(), "cases/good.md:18: 站内链接 \"../other/\" 指向的页面 /cases/other/ 不存在") {
		t.Fatalf("got %v", err)
	}
	if strings.Count(err.Error(), "站内链接") != 1 {
		t.Errorf("outside links or anchors reported: %v", err)
	}
}

func TestReadingMinutes(t *testing.T) {
	t.Parallel()
	for chars, want := range map[int]int{0: 1, 399: 1, 400: 1, 401: 2, 1800: 5} {
		if got := (&Article{Chars: chars}).ReadingMinutes(); got != want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", chars, got, want)
		}
	}
}

func TestLoadNotUTF8(t *testing.T) {
	t.Parallel()
	gbk := []byte(strings.Replace(goodCase, "正文见", "\xd5\xfd\xce\xc4", 1))
	_, err := load(t, map[string]string{"cases/x.md": string(gbk)})
	if err == nil || !strings.Contains(err.Error(), "cases/x.md:16: 文件不是 UTF-8 编码") {
		t.Fatalf("got %v", err)
	}
	arts, err := load(t, map[string]string{"cases/x.md": "\ufeff" + goodCase, "notices/n2021.md": goodNotice})
	if err != nil || len(arts) != 2 {
		t.Fatalf("a file with a byte-order mark: %v", err)
	}
}

// TestExcerpt checks that a summary made from the text keeps its first
// characters on one line, counting the spaces left between words.
func TestExcerpt(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		n    int
		want string
	}{
		{"  一、目标\n\n任务　明确  ", 20, "一、目标 任务 明确"},
		{"一二三四五", 5, "一二三四五"},
		{"一二三四五六", 5, "一二三四五…"},
		{"一二 三四五", 2, "一二…"},
		{"一二 三四五", 3, "一二 …"},
		{"", 5, ""},
	} {
		if got := excerpt([]byte(c.text), c.n); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
		}
	}
}
