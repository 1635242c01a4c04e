// Package excelcsv knows how Excel and WPS (Chinese locale) read the cells
// of a CSV file they open: which text they turn into a number, a date, a
// truth value or a formula. Cell writes a value so that they show it
// exactly as written; Read applies their rules to a cell, for tests that
// open a file the way a person would. It imports only the standard library.
package excelcsv

import (
	"strings"
	"unicode/utf8"
)

// Kind is what a spreadsheet makes of a cell.
type Kind int

// The kinds of cell value.
const (
	Text    Kind = iota // kept as written
	Number              // a number, shown in the General format
	Date                // a date, a time or both
	Bool                // TRUE or FALSE
	Formula             // run as a formula
)

func (k Kind) String() string {
	return [...]string{"text", "number", "date", "bool", "formula"}[k]
}

// Value is a cell as a spreadsheet holds it after opening a CSV.
type Value struct {
	Kind  Kind
	Shown string // what the cell displays
}

// Faithful reports whether a spreadsheet shows cell exactly as written and
// keeps it text or a number: no date, truth value or formula, and no digit lost.
func Faithful(cell string) bool {
	v := Read(cell)
	return (v.Kind == Text || v.Kind == Number) && v.Shown == cell
}

// MaxWrapped is the longest value Cell wraps as a formula string: Excel
// refuses longer text constants in a formula.
const MaxWrapped = 255

// Cell returns s as it must be written to a CSV for Excel or WPS to show s:
//   - a value that would start a formula (= + - @, their full-width forms,
//     tab, CR or LF, after any apostrophes) gets a leading apostrophe, the
//     usual guard against formula injection, unless it is a plain number
//     such as -5;
//   - a value they would change (a number losing leading zeros or digits,
//     text read as a date such as 2/8, 2021-03 or 2026-12-02 10:00:04, TRUE)
//     is written as the text formula ="…", which they show as s;
//   - anything else is written as it is.
//
// Uncell undoes it.
func Cell(s string) string {
	if s == "" {
		return s
	}
	if formulaStart(strings.TrimLeft(s, "'")) && (s[0] == '\'' || !Faithful(s)) {
		return "'" + s
	}
	if !Faithful(s) && utf8.RuneCountInString(s) <= MaxWrapped && !strings.ContainsAny(s, "\r\n") {
		return `="` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// Guard returns s as a stored submission CSV keeps it: a value that would
// start a formula (after any apostrophes) gets a leading apostrophe, and a
// digit string Excel or WPS would shorten (a landline's leading 0, a mobile
// or ID number) is written as the text formula ="…". Other values, dates
// among them, are kept as they are, for the programs that read the stored
// files. Uncell undoes it.
func Guard(s string) string {
	if formulaStart(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	if digits(s) && len(s) <= MaxWrapped && !Faithful(s) {
		return `="` + s + `"`
	}
	return s
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Uncell returns the value Cell or Guard was given.
func Uncell(c string) string {
	if inner, ok := textFormula(c); ok {
		return inner
	}
	if strings.HasPrefix(c, "'") && formulaStart(strings.TrimLeft(c, "'")) {
		return c[1:]
	}
	return c
}

// textFormula reads the text constant formula ="…" (quotes doubled inside).
func textFormula(c string) (string, bool) {
	if len(c) < 3 || !strings.HasPrefix(c, `="`) || !strings.HasSuffix(c, `"`) {
		return "", false
	}
	inner := c[2 : len(c)-1]
	if strings.Count(inner, `"`)%2 != 0 || strings.ReplaceAll(inner, `""`, "") != strings.ReplaceAll(inner, `"`, "") {
		return "", false
	}
	return strings.ReplaceAll(inner, `""`, `"`), true
}

// formulaStart reports whether a spreadsheet would start a formula (or a
// DDE call) at a cell beginning with s.
func formulaStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−':
		return true
	}
	return false
}

// Read is what Excel or WPS makes of one CSV cell, after the CSV quoting is
// undone: the text formula ="…" shows its text; any other cell starting a
// formula is a formula; then numbers, dates and times, TRUE and FALSE are
// recognised; everything else is text.
func Read(cell string) Value {
	if cell == "" {
		return Value{Text, ""}
	}
	if inner, ok := textFormula(cell); ok {
		return Value{Text, inner}
	}
	t := strings.TrimSpace(cell)
	if n, ok := readNumber(t); ok {
		return Value{Number, n}
	}
	if formulaStart(cell) {
		return Value{Formula, cell}
	}
	if shown, ok := readDate(t); ok {
		return Value{Date, shown}
	}
	switch strings.ToUpper(t) {
	case "TRUE", "FALSE":
		return Value{Bool, strings.ToUpper(t)}
	}
	return Value{Text, cell}
}
