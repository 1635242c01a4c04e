package record

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"

	"dunban/lambda/excelcsv"
)

// ContentType is the Content-Type of a stored submission.
const ContentType = "text/csv; charset=utf-8"

// BOM starts every stored CSV so that Excel and WPS read it as UTF-8.
const BOM = "\uFEFF"

// Encode writes a submission's header and records as the stored object:
// UTF-8 with a byte-order mark, LF line ends, and every cell a spreadsheet
// would run as a formula or cut short guarded (Guard). Decode reads it
// back exactly.
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

// Guard is how a stored cell is kept (excelcsv.Guard): a cell a
// spreadsheet would run as a formula gets one more leading apostrophe, and
// a digit string it would shorten (a landline's leading 0, a mobile
// number) is written ="…", so the stored file opens in Excel or WPS with
// every digit. Unguard undoes it exactly, for objects stored before too.
func Guard(cell string) string { return excelcsv.Guard(cell) }

// Unguard returns the cell Guard was given.
func Unguard(cell string) string { return excelcsv.Uncell(cell) }
