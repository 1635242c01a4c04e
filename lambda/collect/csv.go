package collect

import (
	"bytes"
	"fmt"

	"dunban/lambda/form"

	"github.com/gocarina/gocsv"
)

// csvType is the Content-Type of stored submissions.
const csvType = "text/csv; charset=utf-8"

// bom starts every stored CSV so that Excel and WPS read it as UTF-8.
const bom = "\uFEFF"

// EncodeCSV writes a header and records as UTF-8 CSV with a byte-order
// mark. A cell that a spreadsheet would run as a formula gets a leading
// apostrophe; DecodeCSV takes it off again.
func EncodeCSV(header []string, records [][]string) []byte {
	var buf bytes.Buffer
	buf.Grow(csvSize(header, records))
	buf.WriteString(bom)
	w := gocsv.DefaultCSVWriter(&buf)
	w.Write(header)
	row := make([]string, 0, len(header))
	for _, rec := range records {
		row = row[:0]
		for _, cell := range rec {
			row = append(row, form.GuardCell(cell))
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// csvSize is about the size of the encoded CSV, so the buffer grows once.
func csvSize(header []string, records [][]string) int {
	n := len(bom) + 16
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

// DecodeCSV reads back what EncodeCSV wrote.
func DecodeCSV(b []byte) (header []string, records [][]string, err error) {
	b = bytes.TrimPrefix(b, []byte(bom))
	all, err := gocsv.DefaultCSVReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("csv: %w", err)
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("csv: empty")
	}
	for _, rec := range all[1:] {
		for i, cell := range rec {
			rec[i] = form.UnguardCell(cell)
		}
	}
	return all[0], all[1:], nil
}
