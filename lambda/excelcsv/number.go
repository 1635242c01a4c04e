package excelcsv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// generalWidth is how many characters of a number the General format shows
// in a column of the default width before it rounds or switches to
// scientific notation (a mobile number shows as 1.38E+10).
const generalWidth = 10

// maxDigits is how many significant digits a spreadsheet number keeps.
const maxDigits = 15

var (
	plainNumber     = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	formattedNumber = regexp.MustCompile(`^[+-]?[¥￥$]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$`)
	fractionNumber  = regexp.MustCompile(`^[+-]?(\d+ )?\d+/\d+$`)
	negativeParens  = regexp.MustCompile(`^\((\d+(\.\d+)?)\)$`)
)

// readNumber reports whether t is read as a number and what it then shows.
func readNumber(t string) (string, bool) {
	switch {
	case plainNumber.MatchString(t):
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return "", false
		}
		if significant(t) > maxDigits {
			return general(v) + "（精度丢失）", true
		}
		return general(v), true
	case formattedNumber.MatchString(t):
		// Thousands separators, a currency sign or a percent sign: the
		// spreadsheet picks a matching format and shows the number as typed.
		if significant(t) > maxDigits {
			return t + "（精度丢失）", true
		}
		return strings.TrimPrefix(t, "+"), true
	case fractionNumber.MatchString(t) && strings.Contains(t, " "):
		return t, true // 1 1/2 is one and a half, shown as a fraction; 1/2 alone is a date
	case negativeParens.MatchString(t):
		return "-" + negativeParens.FindStringSubmatch(t)[1], true
	}
	return "", false
}

// significant counts the digits of t from its first non-zero digit,
// before any exponent.
func significant(t string) int {
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		t = t[:i]
	}
	n, started := 0, false
	for _, r := range t {
		if r >= '1' && r <= '9' {
			started = true
		}
		if started && r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// general formats v as the General number format shows it: at most
// generalWidth characters, larger integers in scientific notation.
func general(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	digits := strings.TrimPrefix(s, "-")
	if len(digits) <= generalWidth {
		return s
	}
	intLen := len(digits)
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		intLen = i
	}
	if intLen > generalWidth || v != 0 && intLen == 1 && digits[0] == '0' && strings.HasPrefix(digits, "0.0000") {
		m := strings.Replace(fmt.Sprintf("%.5E", v), "E+0", "E+", 1)
		mant, exp, _ := strings.Cut(m, "E")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		return mant + "E" + exp
	}
	s = strconv.FormatFloat(v, 'f', generalWidth-intLen-1, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
