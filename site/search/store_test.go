package search

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONString checks that every string encodes to valid JSON that
// decodes to the same text (invalid UTF-8 bytes read as U+FFFD each).
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "驻校蹲班", "a\"b\\c\n\t\x00\x1f", "\u2028\u2029", "\xff\xfe团", "</script>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, enc, err)
		}
		var want strings.Builder
		for _, r := range s {
			want.WriteRune(r)
		}
		if got != want.String() {
			t.Fatalf("%q → %s → %q", s, enc, got)
		}
		if strings.ContainsAny(string(enc), "\u2028\u2029\n") {
			t.Fatalf("%s holds a raw line separator", enc)
		}
	})
}

func TestAppendRecord(t *testing.T) {
	t.Parallel()
	r := record{URL: "/cases/a/", Title: "标题\"引号\"", Date: "2021-02-25", Text: "正文"}
	got := string(appendRecord(nil, r))
	want := `{"u":"/cases/a/","t":"标题\"引号\"","d":"2021-02-25","x":"正文"}` + "\n"
	if got != want {
		t.Errorf("appendRecord = %s, want %s", got, want)
	}
}
