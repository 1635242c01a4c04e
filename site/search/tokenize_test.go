package search

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want rune
	}{
		{'A', 'a'}, {'z', 'z'}, {'５', '5'}, {'Ａ', 'a'}, {'ｑ', 'q'}, {'！', '!'},
		{0x3000, ' '}, {'É', 'é'}, {'×', '×'}, {'Ω', 'ω'}, {'Ж', 'ж'}, {'Ё', 'ё'},
		{'团', '团'}, {'，', ','}, {'。', '。'}, {'ᠮ', 'ᠮ'},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"one han", "团", []string{"团"}},
		{"han run", "驻校蹲班", []string{"驻", "驻校", "校", "校蹲", "蹲", "蹲班", "班"}},
		{"punctuation splits runs", "团委，学校。", []string{"团", "团委", "委", "学", "学校", "校"}},
		{"latin lower-cased", "WeChat App", []string{"wechat", "app"}},
		{"digits beside han", "2021年3月", []string{"2021", "年", "3", "月"}},
		{"full-width latin and digits", "ＱＱ群１２３", []string{"qq", "群", "123"}},
		{"ideographic space", "主题　团日", []string{"主", "主题", "题", "团", "团日", "日"}},
		{"mixed letters digits", "v2ray-5G", []string{"v2ray", "5g"}},
		{"accented latin", "Ürümqi Café", []string{"ürümqi", "café"}},
		{"cyrillic", "Москва", []string{"москва"}},
		{"mongolian script", "ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ", []string{"ᠮᠣᠩᠭᠣᠯ", "ᠤᠯᠤᠰ"}},
		{"astral han", "𠀀𠀁", []string{"𠀀", "𠀀𠀁", "𠀁"}},
		{"kana", "カタ", []string{"カ", "カタ", "タ"}},
		{"symbols only", "——《》“”…%@#", nil},
		{"quotes inside han", "“驻校蹲班”", []string{"驻", "驻校", "校", "校蹲", "蹲", "蹲班", "班"}},
		{"ling zero", "二〇二一", []string{"二", "二〇", "〇", "〇二", "二", "二一", "一"}},
		{"long word cut", strings.Repeat("a", 40), []string{strings.Repeat("a", MaxWordLen)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"spaces", "  　 ", nil},
		{"one han", "团", []string{"团"}},
		{"two han", "团日", []string{"团日"}},
		{"bigrams", "主题团日", []string{"主题", "题团", "团日"}},
		{"repeated bigram once", "团团团", []string{"团团"}},
		{"two words", "团日 驻校", []string{"团日", "驻校"}},
		{"single han between", "中 文", []string{"中", "文"}},
		{"latin", "WeChat", []string{"wechat"}},
		{"full-width latin", "ＷｅＣｈａｔ", []string{"wechat"}},
		{"mixed order", "中文ab中", []string{"中文", "ab", "中"}},
		{"digits and han", "2021年", []string{"2021", "年"}},
		{"word then run", "ab中文cd", []string{"ab", "中文", "cd"}},
		{"punctuation", "团委，学校！", []string{"团委", "学校"}},
		{"only punctuation", "？！。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QueryTerms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("QueryTerms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzQueryTerms checks that every query term of a text is one of its index
// terms (so a query finds the text it was cut from), that terms are valid and
// non-empty, and that folding twice changes nothing.
func FuzzQueryTerms(f *testing.F) {
	for _, s := range []string{"驻校蹲班", "ＷｅＣｈａｔ 团日", "2021年3月10日15:00前", "中文ab中", "𠀀𠀁x", "ᠮᠣᠩᠭᠣᠯ", "\xff团"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		index := map[string]bool{}
		for _, term := range Terms(s) {
			if term == "" || !utf8.ValidString(term) {
				t.Fatalf("Terms(%q) has bad term %q", s, term)
			}
			index[term] = true
		}
		for _, term := range QueryTerms(s) {
			if !index[term] {
				t.Fatalf("query term %q of %q is not an index term", term, s)
			}
		}
		checkCounter(t, s)
		folded := strings.Map(Fold, s)
		if strings.Map(Fold, folded) != folded {
			t.Fatalf("Fold is not idempotent on %q", s)
		}
		if !slices.Equal(Terms(folded), Terms(s)) {
			t.Fatalf("Terms of folded %q differ", s)
		}
	})
}

// checkCounter checks that the builder's inline counting sees the same terms
// as Terms.
func checkCounter(t *testing.T, s string) {
	t.Helper()
	want := map[string]uint32{}
	for _, term := range Terms(s) {
		want[term]++
	}
	c := &counter{uni: make([]uint32, bmp), keys: newTable(4), words: map[string]uint32{}}
	c.scan(s, 0)
	got := map[string]uint32{}
	for _, r := range c.uniUsed {
		got[string(rune(r))] = c.uni[r]
	}
	wantNext, gotNext := map[string]uint32{}, map[string]uint32{}
	for _, tri := range trigrams(s) {
		wantNext[string(tri[:2])] |= nextBit(tri[2])
	}
	c.keys.each(func(k uint64, v uint32) {
		got[keyString(k)] = v & countMask
		if v&nextMask != 0 {
			gotNext[keyString(k)] = v & nextMask
		}
	})
	for w, v := range c.words {
		got[w] = v
	}
	if !maps.Equal(got, want) || c.n != len(Terms(s)) {
		t.Errorf("counter on %q: %v (%d), Terms: %v", s, got, c.n, want)
	}
	if !maps.Equal(gotNext, wantNext) {
		t.Errorf("counter on %q: following characters %v, want %v", s, gotNext, wantNext)
	}
}

func TestCounterMatchesTerms(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "驻校蹲班驻校", "ＷｅＣｈａｔ 团日 wechat", "2021年3月10日15:00前", "中文ab中", "𠀀𠀁x𠀀𠀁",
		"ᠮᠣᠩᠭᠣᠯ", "\xff团\xe5\x9b", "\xed\xa0\x80团", strings.Repeat("ab", 40) + "团团",
		"主题团日𠀀𠀁𠀂团日", strings.Repeat("𠀀𠀁𠀂𠀃", 40)} {
		checkCounter(t, s)
	}
}
