package bundle

import (
	"fmt"
	"slices"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// colID is the header of the submission id column, as the collector writes it.
var colID = metaHeader(form.MetaID)

// colFileKey is the header of the report's stored-file column.
var colFileKey = fieldLabel(form.Report, form.FieldFileKey)

func fieldLabel(f *form.Form, name string) string {
	for _, c := range f.Columns() {
		if c.Key == name {
			return c.Header
		}
	}
	return name
}

// leadKeys open every merged CSV: where, who, for when, when received.
var leadKeys = []string{form.MetaRegion, form.MetaUnit, form.MetaPeriod, form.MetaReceived, form.MetaLate}

// technicalKeys close every merged CSV: they trace a row to its stored
// object and matter to whoever maintains the data, not to the reader.
var technicalKeys = []string{form.MetaID, form.MetaVersion, form.FieldFileKey, form.MetaRow}

// orderColumns puts the lead columns first and the technical ones last,
// keeping the order of the others.
func orderColumns(cols []form.Column) []form.Column {
	out := make([]form.Column, 0, len(cols))
	pick := func(keys []string) {
		for _, k := range keys {
			if i := slices.IndexFunc(cols, func(c form.Column) bool { return c.Key == k }); i >= 0 {
				out = append(out, cols[i])
			}
		}
	}
	pick(leadKeys)
	for _, c := range cols {
		if !slices.Contains(leadKeys, c.Key) && !slices.Contains(technicalKeys, c.Key) {
			out = append(out, c)
		}
	}
	pick(technicalKeys)
	return out
}

// display writes a stored cell of column key as a bundle shows it: the
// period as 2021年3月, the received time as 2026-12-02 10:00:04.
func display(key, cell string) string {
	switch key {
	case form.MetaPeriod:
		return periodLabel(cell)
	case form.MetaReceived:
		if t, err := form.ParseReceived(cell); err == nil {
			return TimeText(t)
		}
	}
	return cell
}

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
func (c columns) meta(row []string) (meta, error) {
	m := meta{ID: c.get(row, form.MetaID), Unit: c.get(row, form.MetaUnit), Region: c.get(row, form.MetaRegion),
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
	if m.Span, err = spanOf(m.Period); err != nil {
		return m, err
	}
	return m, nil
}
