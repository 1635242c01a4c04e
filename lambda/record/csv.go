package record

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ContentType is the Content-Type of a stored submission.
const ContentType = "text/csv; charset=utf-8"

// BOM starts every stored CSV so that Excel and WPS read it as UTF-8.
const BOM = "\uFEFF"

// Encode writes a submission's header and records as the stored object:
// UTF-8 with a byte-order mark, LF line ends, and every cell a spreadsheet
// would run as a formula guarded with a leading apostrophe (Guard). Decode
// reads it back exactly.
func Encode(header []string, records [][]string) []byte {
	var buf bytes.Buffer
	buf.Grow(size(header, records))
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.Write(header)
	row := make([]string, 0, len(header))
	for _, rec := range records {
		row = row[:0]
		for _, cell := range rec {
			row = append(row, Guard(cell))
		}
		w.Write(row)
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// size is about the size of the encoded CSV, so the buffer grows once.
func size(header []string, records [][]string) int {
	n := len(BOM) + 16
	for _, c := range header {
		n += len(c) + 3
	}
	for _, rec := range records {
		for _, c := range rec {
			n += len(c) + 3
		}
	}
	return n
}

// Decode reads a stored object back: its header and records, each cell as
// it was given to Encode. Every record must have as many cells as the header.
func Decode(b []byte) (header []string, records [][]string, err error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(BOM))))
	all, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("csv: %w", err)
	}
	if len(all) < 2 {
		return nil, nil, errors.New("csv: no records")
	}
	for _, rec := range all[1:] {
		for i, cell := range rec {
			rec[i] = Unguard(cell)
		}
	}
	return all[0], all[1:], nil
}

// FormulaStart reports whether a spreadsheet would start a formula (or a
// DDE call) at a cell beginning with r: = + - @, tab, CR, LF, or their
// full-width and small forms, which Excel and WPS also read as operators.
// The stored CSV (Guard) and the bundle's Excel cells use this one rule.
func FormulaStart(r rune) bool {
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n',
		'＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−':
		return true
	}
	return false
}

// Guard is how a stored cell that a spreadsheet would run as a formula
// (after any apostrophes it starts with, FormulaStart) is kept: with one
// more leading apostrophe. Unguard undoes it exactly.
func Guard(cell string) string {
	if formulaAfterQuotes(cell) {
		return "'" + cell
	}
	return cell
}

// Unguard returns the cell Guard was given.
func Unguard(cell string) string {
	if strings.HasPrefix(cell, "'") && formulaAfterQuotes(cell) {
		return cell[1:]
	}
	return cell
}

func formulaAfterQuotes(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, "'"))
	return r != utf8.RuneError && FormulaStart(r)
}
