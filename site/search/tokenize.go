package search

import "unicode/utf8"

// MaxWordLen is the number of characters a word term keeps; longer runs of
// letters or digits are cut to it, in the index and in queries alike.
const MaxWordLen = 32

// class is the role a folded character plays in tokenisation.
type class uint8

const (
	sep  class = iota // punctuation, space, symbols: ends a run
	cjk               // Han or kana: indexed alone and in bigrams
	word              // letters and digits: indexed as whole runs
)

// Fold maps a character to its search form: full-width ASCII to half-width,
// the ideographic space to a space, and upper-case Latin, Greek and Cyrillic
// letters to lower case. Each character folds to exactly one character, so a
// folded text lines up with its original (the search script relies on it).
func Fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	switch {
	case r >= 'A' && r <= 'Z',
		r >= 0xC0 && r <= 0xDE && r != 0xD7,
		r >= 0x391 && r <= 0x3A9 && r != 0x3A2,
		r >= 0x410 && r <= 0x42F:
		return r + 32
	case r >= 0x400 && r <= 0x40F:
		return r + 80
	}
	return r
}

// classOf tells how a folded character is indexed. The ranges are explicit so
// that the search script classifies characters exactly the same way.
func classOf(r rune) class {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return word
	case r < 0xC0:
		return sep
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF,
		r >= 0xF900 && r <= 0xFAFF, r >= 0x20000 && r <= 0x2FA1F,
		r >= 0x3040 && r <= 0x30FF && r != 0x30FB, r == 0x3007:
		return cjk
	case r <= 0x24F && r != 0xD7 && r != 0xF7,
		r >= 0x370 && r <= 0x4FF,
		r >= 0x180B && r <= 0x18AF,
		r >= 0x1100 && r <= 0x11FF, r >= 0xAC00 && r <= 0xD7AF:
		return word
	}
	return sep
}

// scanner walks folded text and reports its terms. It is reused between
// documents to keep its word buffer.
type scanner struct {
	buf []byte
}

// scan calls cjkTerm with the key of every pair of adjacent CJK characters
// and then of the second character alone (so a character key not preceded by
// a pair key starts a run), and wordTerm with every run of letters or digits
// (the slice is only valid during the call).
func (s *scanner) scan(text string, cjkTerm func(key uint64), wordTerm func(w []byte)) {
	var prev rune = -1 // previous CJK character, -1 if the last one was not CJK
	n := 0             // characters in the current word
	s.buf = s.buf[:0]
	for _, r := range text {
		r = Fold(r)
		c := classOf(r)
		if c != word && len(s.buf) > 0 {
			wordTerm(s.buf)
			s.buf, n = s.buf[:0], 0
		}
		switch c {
		case cjk:
			if prev >= 0 {
				cjkTerm(bigramKey(prev, r))
			}
			cjkTerm(uint64(r))
			prev = r
			continue
		case word:
			if n < MaxWordLen {
				s.buf = utf8.AppendRune(s.buf, r)
				n++
			}
		}
		prev = -1
	}
	if len(s.buf) > 0 {
		wordTerm(s.buf)
	}
}

// bigramKey packs two CJK characters into one term key; a single character's
// key is the character itself.
func bigramKey(a, b rune) uint64 { return 1<<42 | uint64(a)<<21 | uint64(b) }

// keyString is the term a CJK key stands for.
func keyString(k uint64) string {
	if k < 1<<42 {
		return string(rune(k))
	}
	return string([]rune{rune(k >> 21 & (1<<21 - 1)), rune(k & (1<<21 - 1))})
}

// Terms lists the index terms of text in order, with repeats: each CJK
// character, each pair of adjacent CJK characters, each word.
func Terms(text string) []string {
	var out []string
	var s scanner
	s.scan(text, func(k uint64) { out = append(out, keyString(k)) },
		func(w []byte) { out = append(out, string(w)) })
	return out
}

// QueryTerms lists the distinct terms a query looks up, in order: the
// bigrams of each run of CJK characters (the character itself for a run of
// one), and each word. Every query term of a text is an index term of it.
func QueryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	var s scanner
	var run []rune
	inRun := false // the last key was a pair: the next single character continues the run
	flush := func() {
		if len(run) == 1 {
			add(string(run))
		}
		for i := 1; i < len(run); i++ {
			add(string(run[i-1 : i+1]))
		}
		run = run[:0]
	}
	s.scan(q, func(k uint64) {
		switch {
		case k >= 1<<42:
			run = append(run, rune(k&(1<<21-1)))
			inRun = true
		case !inRun:
			flush()
			run = append(run, rune(k))
		default:
			inRun = false
		}
	}, func(w []byte) { flush(); add(string(w)) })
	flush()
	return out
}
