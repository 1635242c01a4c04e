// Package unitcode is the 单位填报码: the code each reporting unit is given
// and types beside its name on every form, so that only the unit can report
// for itself. It makes codes, reads them as people type them, and keeps
// only salted, slow hashes of them (a Book), which it checks in constant time.
//
// It imports only the standard library.
package unitcode

import (
	"crypto/rand"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Alphabet is the symbols a code is made of: the digits 2–9 and the capital
// letters without I and O, so no two of them are mistaken for each other
// (0/O, 1/I/l) on paper or over the phone.
const Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Length is the number of symbols of a code: 10 symbols of 5 bits each, 50
// bits, so that guessing one under the API's throttling is hopeless.
const Length = 10

// group is the number of symbols between the dashes of a printed code.
const group = 5

// New returns a fresh random code, printed in groups: e.g. KQ7MZ-3XHPD.
func New() string {
	b := make([]byte, Length)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	for i := range b {
		b[i] = Alphabet[b[i]%byte(len(Alphabet))] // 256 is a multiple of 32: uniform
	}
	return Format(string(b))
}

// Format prints a normalised code in groups of five joined by dashes.
func Format(code string) string {
	var s strings.Builder
	for i := 0; i < len(code); i += group {
		if i > 0 {
			s.WriteByte('-')
		}
		s.WriteString(code[i:min(i+group, len(code))])
	}
	return s.String()
}

// Normalize reads a code as a person typed it: full-width characters (a
// Chinese input method) as their ASCII forms, small letters as capitals,
// and spaces, dashes, underscores and dots dropped wherever they are.
// The result is a code only if Valid says so.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～': // full-width ASCII
			r = r - '！' + '!'
		case r == '\u3000' || r == '\u2014' || r == '\u2013' || r == '\u2010' || r == '\u2012' || r == '\u2212' || r == '\u30fc':
			continue // ideographic space, dashes, minus and the katakana long mark some keyboards type for -
		}
		switch {
		case r == ' ' || r == '-' || r == '_' || r == '.' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
		if b.Len() > 4*Length {
			break // longer than any code with its separators; Valid refuses it
		}
	}
	return b.String()
}

// Valid reports whether s, normalised, is a code: Length symbols of Alphabet.
func Valid(s string) bool {
	if len(s) != Length {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(Alphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// Issued is a code handed out: the unit and its code as printed.
type Issued struct {
	Unit, Code string
}

// WriteSheet writes the codes to hand out as a CSV that Excel and WPS open
// as it is: UTF-8 with a byte-order mark, CRLF line ends, a header row
// 单位名称, 填报码.
func WriteSheet(w io.Writer, codes []Issued) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("write codes: %w", err)
	}
	cw.Write([]string{"单位名称", "填报码"})
	for _, c := range codes {
		cw.Write([]string{c.Unit, c.Code})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write codes: %w", err)
	}
	return nil
}
