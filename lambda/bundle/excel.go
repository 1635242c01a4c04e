package bundle

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"dunban/lambda/excelcsv"
	"dunban/lambda/form"
)

// Encoding is the character set of the CSV files in a bundle.
type Encoding string

// The encodings an admin can choose.
const (
	UTF8    Encoding = "utf-8"   // UTF-8 with a byte-order mark: Excel and WPS detect it
	GB18030 Encoding = "gb18030" // for old Excel versions set to the Chinese code page
)

// parseEncoding accepts "", "utf-8", "utf8", "gb18030" (any case).
func parseEncoding(s string) (Encoding, error) {
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

// excelWriter writes CSV that Excel and WPS open as intended: a BOM (UTF-8) or
// GB18030 bytes, CRLF line ends, every cell neutralised against formula
// injection and long digit strings kept as text.
type excelWriter struct {
	csv   *csv.Writer
	enc   io.WriteCloser // non-nil for GB18030: flushes the transformer
	cells []string
}

// newExcelWriter starts a CSV in enc on w, writing the BOM for UTF-8.
func newExcelWriter(w io.Writer, enc Encoding) (*excelWriter, error) {
	ew := &excelWriter{}
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
func (ew *excelWriter) Write(record []string) error {
	ew.cells = ew.cells[:0]
	for _, c := range record {
		ew.cells = append(ew.cells, excelCell(c))
	}
	return ew.csv.Write(ew.cells)
}

// Close flushes buffered records and reports the first write error.
func (ew *excelWriter) Close() error {
	ew.csv.Flush()
	if err := ew.csv.Error(); err != nil {
		return err
	}
	if ew.enc != nil {
		return ew.enc.Close()
	}
	return nil
}

// excelCell returns s as it must be written to a CSV for Excel or WPS to
// show s as typed (excelcsv.Cell): formula starts get an apostrophe, and
// digit strings, dates and times they would convert are written ="…".
func excelCell(s string) string { return excelcsv.Cell(s) }

// How values are written in a bundle's CSVs, so that a person reads them
// as they would write them and Excel or WPS converts none of them.

// timeLayout is how times are written: 2026-12-02 10:00:04, Beijing time.
const timeLayout = "2006-01-02 15:04:05"

// TimeText writes t in Beijing time as TimeLayout.
func TimeText(t time.Time) string { return t.In(Shanghai).Format(timeLayout) }

// monthLabel writes m as 2021年3月.
func monthLabel(m Month) string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月", m.Year, int(m.Month))
}

// periodLabel writes a period id as people read it: 2021-03 is 2021年3月,
// 2021-H1 2021年上半年, 2021-H2 2021年下半年, 2021 2021年度; any other id
// is written as it is.
func periodLabel(id string) string {
	p, err := form.ParsePeriod(id)
	switch {
	case err != nil:
		return id
	case p.Whole():
		return strconv.Itoa(p.Year) + "年度"
	case p.Month():
		return fmt.Sprintf("%d年%d月", p.Year, p.From)
	case p.From == 1:
		return strconv.Itoa(p.Year) + "年上半年"
	}
	return strconv.Itoa(p.Year) + "年下半年"
}

// countText writes n of total as 7项（共10项）.
func countText(n, total int) string { return fmt.Sprintf("%d项（共%d项）", n, total) }
