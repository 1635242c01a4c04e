package excelcsv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	ymdTime  = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$`)
	pairDate = regexp.MustCompile(`^(\d{1,4})[-/](\d{1,2})$`)
	tripDate = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})[-/](\d{2,4})$`)
	cnDate   = regexp.MustCompile(`^(?:(\d{2,4})年)?(\d{1,2})月(?:(\d{1,2})日)?$`)
	clock    = regexp.MustCompile(`^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?(?:\s*(?i:am|pm))?$`)
	cnClock  = regexp.MustCompile(`^(?:上午|下午)?\d{1,2}(?:时|点)(?:\d{1,2}分(?:\d{1,2}秒)?)?$`)
	nameDate = regexp.MustCompile(`^(?i:(\d{1,2})[- ]([a-z]{3,9})(?:[- ](\d{2,4}))?|([a-z]{3,9})[- ](\d{1,4}))$`)
)

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// readDate reports whether t is read as a date or a time (Chinese locale,
// year-month-day order) and what it then shows.
func readDate(t string) (string, bool) {
	if m := ymdTime.FindStringSubmatch(t); m != nil && validDay(atoi(m[2]), atoi(m[3])) {
		shown := fmt.Sprintf("%d/%d/%d", atoi(m[1]), atoi(m[2]), atoi(m[3]))
		if m[4] != "" {
			shown += fmt.Sprintf(" %d:%02d", atoi(m[4]), atoi(m[5]))
		}
		return shown, true
	}
	if m := pairDate.FindStringSubmatch(t); m != nil {
		a, b := atoi(m[1]), atoi(m[2])
		switch {
		case len(m[1]) <= 2 && validDay(a, b): // 2/8, 3-1: a month and day of this year
			return fmt.Sprintf("%d月%d日", a, b), true
		case b >= 1 && b <= 12: // 2021-03, 13/1: a year and month
			return fmt.Sprintf("%d年%d月", year(a), b), true
		}
	}
	if m := tripDate.FindStringSubmatch(t); m != nil {
		a, b, c := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if validDay(b, c) || validDay(a, b) {
			return fmt.Sprintf("%d/%d/%d", year(a), b, c), true
		}
	}
	if m := cnDate.FindStringSubmatch(t); m != nil {
		mo := atoi(m[2])
		if mo >= 1 && mo <= 12 && (m[3] == "" && m[1] != "" || m[3] != "" && validDay(mo, atoi(m[3]))) {
			return t, true
		}
	}
	if m := clock.FindStringSubmatch(t); m != nil && atoi(m[2]) < 60 && (m[3] == "" || atoi(m[3]) < 60) {
		return t, true
	}
	if cnClock.MatchString(t) {
		return t, true
	}
	if m := nameDate.FindStringSubmatch(t); m != nil {
		name, num := m[2], m[1]
		if name == "" {
			name, num = m[4], m[5]
		}
		if monthOf(name) > 0 && atoi(num) > 0 {
			return t, true
		}
	}
	return "", false
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// validDay reports whether month m has a day d (29 February counts).
func validDay(m, d int) bool {
	days := []int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return m >= 1 && m <= 12 && d >= 1 && d <= days[m-1]
}

// year reads a year written with two digits as spreadsheets do: 00–29 in
// this century, 30–99 in the last.
func year(y int) int {
	switch {
	case y < 30:
		return 2000 + y
	case y < 100:
		return 1900 + y
	}
	return y
}

func monthOf(name string) int {
	name = strings.ToLower(name)
	for i, m := range monthNames {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}
