package bundle

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// attachmentName is the 工作安排表 laid out as the notice's attachment.
const attachmentName = "工作安排表（附件格式）.csv"

// current returns the form's submissions that count in the bundle's
// period, replaced ones dropped, sorted by region, unit, period and time.
func current(res *result, formIndex int) []entry {
	out := currentIn(res.entries[formIndex], res.req.From, res.req.To)
	sortEntries(out, res.str)
	return out
}

func sortEntries(es []entry, str func(uint32) string) {
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(
			cmp.Compare(regionRank(str(a.region)), regionRank(str(b.region))),
			cmp.Compare(str(a.region), str(b.region)),
			cmp.Compare(str(a.unit), str(b.unit)),
			cmp.Compare(str(a.period), str(b.period)),
			cmp.Compare(a.received, b.received),
			bytes.Compare(a.id[:], b.id[:]))
	})
}

// eachRow calls fn with every data row of the entries, in order, and the
// columns of the object it came from (read through its form version).
func eachRow(spill io.ReaderAt, entries []entry, fn func(e *entry, cols columns, row []string) error) error {
	var buf []byte
	for i := range entries {
		body, err := readAt(spill, entries[i], buf)
		if err != nil {
			return err
		}
		buf = body
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte(record.BOM))))
		header, err := r.Read()
		if err != nil {
			return fmt.Errorf("spilled csv: %w", err)
		}
		header = slices.Clone(header) // the reader reuses its record from here on
		r.ReuseRecord = true
		var cols columns
		for {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("spilled csv: %w", err)
			}
			if cols == nil {
				if cols, _, err = newColumns(form.All()[entries[i].form], header, row); err != nil {
					return fmt.Errorf("spilled csv: %w", err)
				}
			}
			if err := fn(&entries[i], cols, row); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeMerged writes one form's merged CSV, one row per submitted row, every
// version of a corrected report included and marked (VersionColumns). It
// returns the number of submissions that count (current versions).
func writeMerged(a *archive, res *result, formIndex int) (int, error) {
	f := form.All()[formIndex]
	keys, header := mergedColumns(f, res.extra[formIndex])
	entries, groups := versionsIn(res, formIndex)
	// The version columns go just before the technical ones that trace a row.
	at := len(keys)
	for at > 0 && slices.Contains(technicalKeys, keys[at-1]) {
		at--
	}
	out, err := a.CSV(FileName(f), res.req.Encoding, slices.Concat(header[:at], versionColumns, header[at:]))
	if err != nil {
		return 0, err
	}
	rec := make([]string, len(header)+len(versionColumns))
	err = eachRow(res.spill, entries, func(e *entry, cols columns, row []string) error {
		for i, k := range keys {
			j := i
			if i >= at {
				j += len(versionColumns)
			}
			rec[j] = display(k, cols.get(row, k))
		}
		copy(rec[at:], versionCells(e, groups))
		return out.Write(rec)
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", f.ID, err)
	}
	n := 0
	for _, e := range entries {
		if !e.replaced {
			n++
		}
	}
	return n, out.Close()
}

// writeAttachment writes the 工作安排表 in the attachment's column order (the
// form's row fields: level, cadre, the six school types, time), grouped by
// level in form.Levels' order (the attachment's 盟市, 旗县, 高校, 中学, 中职,
// with 自治区 first and 院系 after 高校), followed by the reporting unit and
// the submission id so each row can be traced.
func writeAttachment(a *archive, res *result, formIndex int) error {
	f := form.All()[formIndex]
	var fields []string
	header := []string{}
	for _, fd := range f.Rows.Fields {
		fields = append(fields, fd.Name)
		header = append(header, fd.Label)
	}
	header = append(header, "盟市（高校）团委", "所属地区", colID)
	entries := current(res, formIndex)
	out, err := a.CSV(attachmentName, res.req.Encoding, header)
	if err != nil {
		return err
	}
	levels := append(slices.Clone(form.Levels), "") // "": any other level, last
	rec := make([]string, len(header))
	for _, level := range levels {
		err := eachRow(res.spill, entries, func(e *entry, cols columns, row []string) error {
			lv := cols.field(f, row, "level")
			if level == "" && slices.Contains(form.Levels, lv) || level != "" && lv != level {
				return nil
			}
			for i, name := range fields {
				rec[i] = cols.field(f, row, name)
			}
			n := len(fields)
			rec[n], rec[n+1], rec[n+2] = res.str(e.unit), res.str(e.region), cols.get(row, form.MetaID)
			return out.Write(rec)
		})
		if err != nil {
			return fmt.Errorf("%s: %w", attachmentName, err)
		}
	}
	return out.Close()
}

// mergedColumns are the form's current columns (keys and Chinese headers)
// followed by any column only earlier versions have: an object written
// under an earlier wording lands in the current column of its field. The
// columns people read first lead and the technical ones come last.
func mergedColumns(f *form.Form, extra []form.Column) (keys, header []string) {
	for _, c := range orderColumns(append(f.Columns(), extra...)) {
		keys = append(keys, c.Key)
		header = append(header, c.Header)
	}
	return keys, header
}
