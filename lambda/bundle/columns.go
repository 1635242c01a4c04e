package bundle

import (
	"fmt"
	"slices"
	"time"

	"dunban/lambda/form"
)

// The metadata columns lambda/form writes first in every submission CSV.
var (
	colID       = metaHeader(form.MetaID)
	colReceived = metaHeader(form.MetaReceived)
	colUnit     = metaHeader(form.MetaUnit)
	colRegion   = metaHeader(form.MetaRegion)
	colPeriod   = metaHeader(form.MetaPeriod)
	colVersion  = metaHeader(form.MetaVersion)
	colLate     = metaHeader(form.MetaLate)
	colRow      = metaHeader(form.MetaRow)
	colFileKey  = labelOf(form.Report, form.FieldFileKey)
)

// leadColumns open every merged CSV: where, who, for when, when received.
var leadColumns = []string{colRegion, colUnit, colPeriod, colReceived, colLate}

// technicalColumns close every merged CSV: they trace a row to its stored
// object and matter to whoever maintains the data, not to the reader.
var technicalColumns = []string{colID, colVersion, colFileKey, colRow}

// orderColumns puts the lead columns first and the technical ones last,
// keeping the order of the others.
func orderColumns(header []string) []string {
	out := make([]string, 0, len(header))
	for _, c := range leadColumns {
		if slices.Contains(header, c) {
			out = append(out, c)
		}
	}
	for _, c := range header {
		if !slices.Contains(leadColumns, c) && !slices.Contains(technicalColumns, c) {
			out = append(out, c)
		}
	}
	for _, c := range technicalColumns {
		if slices.Contains(header, c) {
			out = append(out, c)
		}
	}
	return out
}

// display writes a stored cell of column name as a bundle shows it: the
// period as 2021年3月, the received time as 2026-12-02 10:00:04.
func display(name, cell string) string {
	switch name {
	case colPeriod:
		return PeriodLabel(cell)
	case colReceived:
		if t, ok := parseReceived(cell); ok {
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

// receivedLayouts are the accepted forms of the received-time column.
var receivedLayouts = []string{form.ReceivedLayout, time.RFC3339Nano, "2006-01-02 15:04:05"}

// columns finds cells of a submission CSV by column name.
type columns map[string]int

func newColumns(header []string) columns {
	c := make(columns, len(header))
	for i, h := range header {
		if _, dup := c[h]; !dup {
			c[h] = i
		}
	}
	return c
}

// get returns the cell of row under column name ("" if absent), as the
// person entered it: the collector stores a cell a spreadsheet would run as
// a formula with a leading apostrophe, which is taken off here (and put
// back by ExcelCell when the bundle is written).
func (c columns) get(row []string, name string) string {
	i, ok := c[name]
	if !ok || i >= len(row) {
		return ""
	}
	return form.UnguardCell(row[i])
}

// field returns the cell of the form field called name (by its label).
func (c columns) field(f *form.Form, row []string, name string) string {
	return c.get(row, labelOf(f, name))
}

// meta reads the submission's own columns from one of its rows.
func (c columns) meta(f *form.Form, row []string) (Meta, error) {
	m := Meta{ID: c.get(row, colID), Unit: c.get(row, colUnit), Region: c.get(row, colRegion), Period: c.get(row, colPeriod)}
	if m.Period == "" {
		m.Period = c.field(f, row, form.FieldPeriod)
	}
	if m.ID == "" {
		return m, fmt.Errorf("no %s column", colID)
	}
	raw := c.get(row, colReceived)
	t, ok := parseReceived(raw)
	if !ok {
		return m, fmt.Errorf("%s %q is not a time", colReceived, raw)
	}
	m.Received = t
	return m, nil
}

// parseReceived reads a stored received time in any accepted layout.
func parseReceived(raw string) (time.Time, bool) {
	for _, layout := range receivedLayouts {
		if t, err := time.ParseInLocation(layout, raw, Shanghai); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// labelOf returns the CSV header of a form's field (its label), or name itself.
func labelOf(f *form.Form, name string) string {
	if fd, ok := f.Field(name); ok {
		return fd.Label
	}
	if f.Rows != nil {
		for _, fd := range f.Rows.Fields {
			if fd.Name == name {
				return fd.Label
			}
		}
	}
	return name
}
