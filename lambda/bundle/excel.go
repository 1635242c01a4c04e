package bundle

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"dunban/lambda/record"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is the character set of the CSV files in a bundle.
type Encoding string

// The encodings an admin can choose.
const (
	UTF8    Encoding = "utf-8"   // UTF-8 with a byte-order mark: Excel and WPS detect it
	GB18030 Encoding = "gb18030" // for old Excel versions set to the Chinese code page
)

// ParseEncoding accepts "", "utf-8", "utf8", "gb18030" (any case).
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "utf-8", "utf8":
		return UTF8, nil
	case "gb18030", "gbk":
		return GB18030, nil
	}
	return "", fmt.Errorf("unknown encoding %q", s)
}

// bom is the UTF-8 byte-order mark Excel needs to read UTF-8 CSV as UTF-8.
const bom = "\uFEFF"

// ExcelWriter writes CSV that Excel and WPS open as intended: a BOM (UTF-8) or
// GB18030 bytes, CRLF line ends, every cell neutralised against formula
// injection and long digit strings kept as text.
type ExcelWriter struct {
	csv   *csv.Writer
	enc   io.WriteCloser // non-nil for GB18030: flushes the transformer
	cells []string
}

// NewExcelWriter starts a CSV in enc on w, writing the BOM for UTF-8.
func NewExcelWriter(w io.Writer, enc Encoding) (*ExcelWriter, error) {
	ew := &ExcelWriter{}
	switch enc {
	case UTF8, "":
		if _, err := io.WriteString(w, bom); err != nil {
			return nil, fmt.Errorf("write bom: %w", err)
		}
	case GB18030:
		ew.enc = transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())
		w = ew.enc
	default:
		return nil, fmt.Errorf("unknown encoding %q", enc)
	}
	ew.csv = csv.NewWriter(w)
	ew.csv.UseCRLF = true
	return ew, nil
}

// Write writes one record, each cell made safe with ExcelCell.
func (ew *ExcelWriter) Write(record []string) error {
	ew.cells = ew.cells[:0]
	for _, c := range record {
		ew.cells = append(ew.cells, ExcelCell(c))
	}
	return ew.csv.Write(ew.cells)
}

// Close flushes buffered records and reports the first write error.
func (ew *ExcelWriter) Close() error {
	ew.csv.Flush()
	if err := ew.csv.Error(); err != nil {
		return err
	}
	if ew.enc != nil {
		return ew.enc.Close()
	}
	return nil
}

// ExcelCell returns s as it must be written to a CSV for Excel or WPS: a cell
// that a spreadsheet would read as a formula (it starts with = + - @, a tab or
// CR, or their full-width forms) gets a leading apostrophe, and a long digit
// string (a phone or ID number) is wrapped as ="…" so it stays text instead of
// losing leading zeros or turning into 1.38E+10. Plain numbers pass unchanged.
func ExcelCell(s string) string {
	if s == "" {
		return s
	}
	if isPlainNumber(s) {
		if keepAsText(s) {
			return `="` + s + `"`
		}
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	if record.FormulaStart(r) { // the rule the stored CSV's guard uses
		return "'" + s
	}
	return s
}

// isPlainNumber reports whether s is an optional minus sign, digits and at
// most one decimal point: a value no spreadsheet can read as a formula.
func isPlainNumber(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots <= 1
}

// keepAsText reports whether the digit string s would be damaged by Excel's
// number conversion: 11 or more digits (mobile numbers, IDs), or a leading zero.
func keepAsText(s string) bool {
	if strings.ContainsAny(s, ".-") {
		return false
	}
	return len(s) >= 11 || (len(s) > 1 && s[0] == '0')
}
