package bundle

import (
	"fmt"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// colID is the header of the submission id column, as the collector writes it.
var colID = metaHeader(form.MetaID)

func metaHeader(key string) string {
	for _, c := range form.MetaColumns {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// columns finds the cells of a submission CSV by the stable key of their
// column (a metadata key or a field name), through the form version the
// object was written under: a label reworded since still reads.
type columns map[string]int

// newColumns reads the version of an object from its header and first row
// and maps its columns. An unknown version, or a column of the version
// missing from the header, is an error: the object is skipped and reported.
func newColumns(f *form.Form, header, first []string) (columns, form.Version, error) {
	v, err := f.ReadVersion(header, first)
	if err != nil {
		return nil, v, err
	}
	idx, err := v.Index(header)
	if err != nil {
		return nil, v, err
	}
	return columns(idx), v, nil
}

// get returns the cell of row under the column key ("" if absent), as the
// person entered it: the collector stores a cell a spreadsheet would run as
// a formula with a leading apostrophe, which is taken off here (and put
// back by ExcelCell when the bundle is written).
func (c columns) get(row []string, key string) string {
	i, ok := c[key]
	if !ok || i >= len(row) {
		return ""
	}
	return record.Unguard(row[i])
}

// field returns the cell of the form field called name.
func (c columns) field(_ *form.Form, row []string, name string) string { return c.get(row, name) }

// meta reads the submission's own columns from one of its rows.
func (c columns) meta(row []string) (Meta, error) {
	m := Meta{ID: c.get(row, form.MetaID), Unit: c.get(row, form.MetaUnit), Region: c.get(row, form.MetaRegion),
		Period: c.get(row, form.MetaPeriod)}
	id, err := record.Parse(m.ID)
	if err != nil {
		return m, fmt.Errorf("提交编号: %w", err)
	}
	m.id = id
	raw := c.get(row, form.MetaReceived)
	if m.Received, err = form.ParseReceived(raw); err != nil {
		return m, fmt.Errorf("接收时间 %q is not an RFC 3339 time", raw)
	}
	if m.Span, err = SpanOf(m.Period); err != nil {
		return m, err
	}
	return m, nil
}
