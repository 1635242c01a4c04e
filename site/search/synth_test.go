package search

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"dunban/lambda/form"
	"dunban/site/content"
	"dunban/site/synth"
)

// synthDocs turns n synthetic pages into documents, the way the generator
// would: front matter to fields, markdown to plain text.
func synthDocs(n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		name, body := synth.Page(i, 1)
		docs[i] = synthDoc(name, string(body))
	}
	return docs
}

var (
	mdLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdPrefix = regexp.MustCompile(`^(#+ |\d+\. |- )`)
	mdRule   = regexp.MustCompile(`^\|( *-+ *\|)+$`)
)

func synthDoc(name, md string) Doc {
	var d Doc
	section := strings.Split(name, "/")[0]
	d.Section = map[string]string{"cases": "优秀工作案例", "reports": "调研报告"}[section]
	d.URL = "/" + strings.TrimSuffix(name, ".md") + "/"
	_, rest, _ := strings.Cut(md, "---\n")
	front, body, _ := strings.Cut(rest, "---\n")
	for line := range strings.Lines(front) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ": ")
		v = strings.Trim(v, `"`)
		switch k {
		case "title":
			d.Title = v
		case "summary":
			d.Summary = v
		case "date":
			d.Date, _ = time.Parse(time.DateOnly, v)
		}
	}
	var text strings.Builder
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if mdRule.MatchString(line) {
			continue
		}
		line = mdPrefix.ReplaceAllString(line, "")
		line = mdLink.ReplaceAllString(line, "$1")
		line = strings.ReplaceAll(line, "|", " ")
		text.WriteString(line)
		text.WriteString(" ")
	}
	d.Text = strings.TrimSpace(text.String())
	return d
}

func stat(dir, name string) (os.FileInfo, error) {
	return os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
}

// queryKinds are the queries of the fresh-page benchmark by kind.
var queryKinds = []struct {
	name    string
	queries []string
}{
	{"2char", []string{"团日", "驻校", "学生", "帮扶"}},
	{"4char", []string{"主题团日", "驻校蹲班", "结对帮扶", "团学干部"}},
	{"long", []string{"主题团日活动的组织和开展情况", "驻校蹲班团干部联系班级团支部", "学生思想动态调研报告"}},
}

var (
	proseOnce sync.Once
	proseSet  []Doc
	proseErr  error
)

// proseCorpus is the realistic pages the build benchmarks use
// (synth.Prose.RealPage: varied lengths, four front-matter styles, images,
// long tables, text that compresses like the project's own articles), read
// by the build's own loader so the index gets the text a build gives it.
func proseCorpus(tb testing.TB) []Doc {
	proseOnce.Do(func() { proseSet, proseErr = loadRealistic(benchDocs) })
	if proseErr != nil {
		tb.Fatal(proseErr)
	}
	return proseSet
}

// loadRealistic loads n realistic pages through content.Loader.
func loadRealistic(n int) ([]Doc, error) {
	m, err := synth.NewProse(os.DirFS("../../content"))
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for i := range n {
		name, page := m.RealPage(i, 1)
		fsys[name] = &fstest.MapFile{Data: page}
	}
	var mu sync.Mutex
	var docs []Doc
	l := content.Loader{Vocabulary: content.Vocabulary{Regions: form.Regions, SchoolTypes: form.SchoolTypes},
		Bodies: discardBodies{}, OnText: func(a *content.Article, text []byte) {
			d := Doc{URL: a.URL, Title: a.Title, Section: a.Section.Name, Date: a.Date, Summary: a.Summary, Text: string(text)}
			mu.Lock()
			docs = append(docs, d)
			mu.Unlock()
		}}
	if _, err := l.Load(fsys); err != nil {
		return nil, fmt.Errorf("load realistic pages: %w", err)
	}
	slices.SortFunc(docs, func(a, b Doc) int { return strings.Compare(a.URL, b.URL) })
	return docs, nil
}

// discardBodies drops the rendered bodies, which the index does not need.
type discardBodies struct{}

func (discardBodies) Put([]byte) (content.Body, error) { return content.Body{}, nil }
