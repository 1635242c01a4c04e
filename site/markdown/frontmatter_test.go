package markdown

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"dunban/site/synth"
)

// libraryMeta is the mapping yaml.v3 reads from the front matter of src.
func libraryMeta(src string) *yaml.Node {
	body, _, _ := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(body+"\n"), &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// sameNode compares what the loader reads from a node (kind, tag, value,
// position, children); comments and quoting style may differ.
func sameNode(a, b *yaml.Node) error {
	if a == nil || b == nil {
		if a != b {
			return fmt.Errorf("node %v vs %v", a, b)
		}
		return nil
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column {
		return fmt.Errorf("quick %d %s %q at %d:%d, library %d %s %q at %d:%d",
			a.Kind, a.Tag, a.Value, a.Line, a.Column, b.Kind, b.Tag, b.Value, b.Line, b.Column)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Errorf("%q: %d children, library %d", a.Value, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if err := sameNode(a.Content[i], b.Content[i]); err != nil {
			return err
		}
	}
	return nil
}

// written are front matters as people write them, all read without the library.
var written = []string{
	"---\ntitle: \"驻校蹲班\"\ndate: 2021-02-25\ndraft: false\ntags: [\"团日\", \"调研\"]\nempty: []\n---\n正文\n",
	"---\ntitle: \"a\"\ntitle: \"b\"\ndraft: true\n---\n",
	"---\ntags: [\"“引号”\", \"x y\",  \"z\"]\n---\n",
	"---\nnull_: \"d\"\n---\n",
	"---\ntitle: 包头市某职业学校：“团建指导员”带活实训班团支部\nauthor: 张某某\nregion: 包头市\n---\n",
	"---\ntags: [团支部, 办实事]\nsummary: 一两句话的摘要。 # 可省略\n---\n",
	"---\n# 案例\ntitle: 'single'\n\ndate: 2021-05-18   # YYYY-MM-DD\ntags:\n  - 团支部建设\n  - \"团建指导员\"\n---\n",
	"---\ntags:\n- 团日\n# c\n- 调研\nslug: 2021-baotou-a\nunit: 包头市团委\n---\n",
	"---\ntitle: 2021年\nslug: 2021-baotou\n---\n",
	"---\ntitle: Baotou No.1 中学\ntags: [ 团日 ,调研 ]  # c\n---\n",
}

func TestQuickMetaMatchesLibrary(t *testing.T) {
	t.Parallel()
	srcs := append([]string(nil), written...)
	prose, err := synth.NewProse(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		_, body := synth.Page(i, 1)
		_, real := prose.RealPage(i, 1)
		srcs = append(srcs, string(body), string(real))
	}
	for _, src := range srcs {
		m, ok := quickMeta([]byte(src))
		if !ok {
			t.Errorf("quickMeta(%q) left it to the library", src)
			continue
		}
		if err := sameNode(m, libraryMeta(src)); err != nil {
			t.Errorf("quickMeta(%q) differs from yaml.v3: %v", src, err)
		}
	}
	for _, src := range []string{
		"---\ntitle: \"a\\\"b\"\n---\n", "---\ndate: 2021-02-30\n---\n", "---\n---\n", "---\ntitle: \"a\"\n", "title: \"a\"\n",
		"---\ntitle: 1\n---\n", "---\ntitle: yes\n---\n", "---\ntitle: Null\n---\n", "---\ntags:\n---\n",
		"---\nsummary: 一段\n  继续\n---\n", "---\ntitle: a: b\n---\n", "---\ntags: [a, [b]]\n---\n", "---\ntags: [a,]\n---\n",
		"---\ntags: [\"a,b\"]\n---\n", "---\ntitle: - a\n---\n", "---\nsub:\n  a: b\n---\n", "---\ntitle: \"a\" b\n---\n",
		"---\ntags:\n  - a\n    - b\n---\n", "---\ntitle: @x\n---\n", "---\ntitle: 2021-02-25T10:00:00Z\n---\n", "---\ntitle: 1e5\n---\n", "---\ntrue: x\n---\n",
	} {
		if _, ok := quickMeta([]byte(src)); ok {
			t.Errorf("quickMeta(%q) should leave it to the library", src)
		}
	}
}

// FuzzQuickMeta checks that whatever quickMeta reads, it reads as yaml.v3 does.
func FuzzQuickMeta(f *testing.F) {
	for _, src := range written {
		f.Add(src)
	}
	f.Add("---\ndraft: \"\u2028\"\ntags: [\"\", a]\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		m, ok := quickMeta([]byte(src))
		if !ok {
			return
		}
		if err := sameNode(m, libraryMeta(src)); err != nil {
			t.Errorf("quickMeta(%q) differs from yaml.v3: %v", src, err)
		}
	})
}
