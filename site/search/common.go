package search

import (
	"cmp"
	"slices"
	"strings"
)

// CommonChars is the number of characters search/common.txt lists as the
// ones results show most often. The script lays them out, unseen,
// while a query's files are on their way, so that the results' text is set
// in glyphs the page has already shaped (a glyph's first layout in a window
// costs several times its next ones). 500 cover 95% of the characters the
// benchmark corpus's results show, for 1.1 KB of gzip.
const CommonChars = 500

// commonChars returns the CJK characters that the most documents show in
// their results (title, summary, stored text), most first (ties by code
// point), at most n of them.
func (b *Builder) commonChars(n int) string {
	docs := make([]int32, 0x30000) // CJK is below U+30000 (classOf)
	last := make([]int32, 0x30000) // the last document counted, plus one
	for i := range b.docs {
		r := newRecord(b.docs[i].Doc)
		for _, text := range []string{r.Title, r.Summary, r.Text} {
			for _, c := range text {
				if classOf(c) == cjk && last[c] != int32(i+1) {
					last[c] = int32(i + 1)
					docs[c]++
				}
			}
		}
	}
	var chars []rune
	for c, k := range docs {
		if k > 0 {
			chars = append(chars, rune(c))
		}
	}
	slices.SortFunc(chars, func(x, y rune) int { return cmp.Or(cmp.Compare(docs[y], docs[x]), cmp.Compare(x, y)) })
	var s strings.Builder
	for _, c := range chars[:min(n, len(chars))] {
		s.WriteRune(c)
	}
	return s.String()
}
