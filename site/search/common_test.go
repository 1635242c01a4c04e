package search

import (
	"strings"
	"testing"
)

func TestCommonChars(t *testing.T) {
	t.Parallel()
	doc := func(url, title, summary, text string) Doc {
		return Doc{URL: url, Title: title, Summary: summary, Text: text}
	}
	tests := []struct {
		name string
		docs []Doc
		n    int
		want string
	}{
		{"by documents, not occurrences", []Doc{doc("/a/", "团团团团", "", "日"), doc("/b/", "日", "", "班"), doc("/c/", "班日", "", "")}, 10, "日班团"},
		{"ties by code point", []Doc{doc("/a/", "甲乙", "", "")}, 10, "乙甲"},
		{"at most n", []Doc{doc("/a/", "甲乙丙", "", "甲乙"), doc("/b/", "甲乙", "", "")}, 2, "乙甲"},
		{"summary, text and kana count; letters, digits and punctuation do not", []Doc{doc("/a/", "A1，", "の", "〇")}, 10, "〇の"},
		{"a summary counts", []Doc{doc("/a/", "", "丁", "甲")}, 10, "丁甲"},
		{"astral Han", []Doc{doc("/a/", "𠀀", "", "")}, 10, "𠀀"},
		{"none", nil, 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder()
			for _, d := range tt.docs {
				b.Add(d)
			}
			b.flush()
			if got := b.commonChars(tt.n); got != tt.want {
				t.Errorf("commonChars(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

// TestCommonFile holds that the index lists its common characters in their
// own file, not in meta.json, which every query waits for.
func TestCommonFile(t *testing.T) {
	t.Parallel()
	dir := build(t, sample)
	c := string(dir.files[commonName])
	if !strings.HasPrefix(c, "团") || len([]rune(c)) > CommonChars {
		t.Errorf("%s = %q", commonName, c)
	}
	if m := dir.files["search/meta.json"]; len(m) > 200 {
		t.Errorf("meta.json is %d bytes: %s", len(m), m)
	}
}
