package search

import "unicode/utf16"

// The index files are text, so that the portal's CDN compresses them (it
// compresses text types only). Numbers are written with two alphabets of 32
// printable ASCII characters each: a number is its base-32 digits, most
// significant first, every digit but the last written as 'P'+d and the last
// as '0'+d; so 0–31 take one character, up to 1,023 two. Small fixed-width
// values (0–63) are one character '0'+v.
const (
	lastDigit = '0' // '0'…'O': the last digit of a number
	moreDigit = 'P' // 'P'…'o': a digit with more to follow
	symBase   = '0' // '0'…'o': a value 0–63
)

// appendNum appends x in the number alphabet.
func appendNum(b []byte, x uint32) []byte {
	if x < 32 {
		return append(b, lastDigit+byte(x))
	}
	var d [7]byte
	i := len(d) - 1
	d[i] = lastDigit + byte(x&31)
	for x >>= 5; x > 0; x >>= 5 {
		i--
		d[i] = moreDigit + byte(x&31)
	}
	return append(b, d[i:]...)
}

// appendSym appends v (0–63) as one character.
func appendSym(b []byte, v byte) []byte { return append(b, symBase+v) }

// appendTerm appends a term as its length in UTF-16 code units (what the
// script's strings count) and its text.
func appendTerm(b []byte, t string) []byte {
	n := 0
	for _, r := range t {
		n += utf16.RuneLen(r)
	}
	b = appendNum(b, uint32(n))
	return append(b, t...)
}

// readNum decodes the number at s[i:] and returns it and the index after it;
// ok is false if s ends first or holds a character of neither alphabet.
func readNum(s string, i int) (x uint32, next int, ok bool) {
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= moreDigit && c < moreDigit+32:
			x = x<<5 | uint32(c-moreDigit)
		case c >= lastDigit && c < lastDigit+32:
			return x<<5 | uint32(c-lastDigit), i + 1, true
		default:
			return 0, i, false
		}
	}
	return 0, i, false
}
