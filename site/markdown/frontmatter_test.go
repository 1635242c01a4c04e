package markdown

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"dunban/site/synth"
)

// libraryMeta is the mapping yaml.v3 reads from the front matter of src.
func libraryMeta(t *testing.T, src string) *yaml.Node {
	t.Helper()
	body, _, _ := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(body+"\n"), &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

func TestQuickMetaMatchesLibrary(t *testing.T) {
	srcs := []string{
		"---\ntitle: \"驻校蹲班\"\ndate: 2021-02-25\ndraft: false\ntags: [\"团日\", \"调研\"]\nempty: []\n---\n正文\n",
		"---\ntitle: \"a\"\ntitle: \"b\"\ndraft: true\n---\n",
		"---\ntags: [\"“引号”\", \"x y\",  \"z\"]\n---\n",
		"---\nnull: \"a\"\ntrue: \"b\"\nfalse: \"c\"\nnull_: \"d\"\n---\n",
	}
	for i := range 50 {
		_, body := synth.Page(i, 1)
		srcs = append(srcs, string(body))
	}
	quick := 0
	for _, src := range srcs {
		m, ok := quickMeta([]byte(src))
		if !ok {
			continue
		}
		quick++
		if want := libraryMeta(t, src); !reflect.DeepEqual(m, want) {
			t.Errorf("quickMeta(%q) differs from yaml.v3", src)
		}
	}
	if quick < 52 {
		t.Errorf("only %d of %d front matters read without the library", quick, len(srcs))
	}
	for _, src := range []string{
		"---\ntitle: x\n---\n", "---\ntitle: \"a\\\"b\"\n---\n", "---\ndate: 2021-02-30\n---\n",
		"---\ntitle: \"a\" # c\n---\n", "---\n---\n", "---\ntitle: \"a\"\n", "title: \"a\"\n",
	} {
		if _, ok := quickMeta([]byte(src)); ok {
			t.Errorf("quickMeta(%q) should leave it to the library", src)
		}
	}
}

// FuzzQuickMeta checks that whatever quickMeta reads, it reads as yaml.v3 does.
func FuzzQuickMeta(f *testing.F) {
	f.Add("title", "驻校蹲班", "2021-02-25", "团日")
	f.Add("draft", "\u2028", "true", "")
	f.Fuzz(func(t *testing.T, key, text, plain, tag string) {
		src := "---\n" + key + ": \"" + text + "\"\nd: " + plain + "\ntags: [\"" + tag + "\", \"" + text + "\"]\n---\n"
		m, ok := quickMeta([]byte(src))
		if !ok {
			return
		}
		if want := libraryMeta(t, src); !reflect.DeepEqual(m, want) {
			t.Errorf("quickMeta(%q) differs from yaml.v3", src)
		}
	})
}
