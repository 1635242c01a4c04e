package form

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Column is one CSV column of a form.
type Column struct {
	Key    string // metadata key (Meta*) or field name
	Header string // Chinese header written to the CSV
	Kind   Kind   // the field's kind; Text for metadata
	Row    bool   // a field of the repeating rows
}

// Metadata column keys; they come first in every CSV, in this order.
const (
	MetaID       = "submission_id"
	MetaReceived = "received"
	MetaVersion  = "version"
	MetaPeriod   = "period"
	MetaRegion   = "region"
	MetaUnit     = "unit"
	MetaLate     = "late"
	MetaRow      = "row"
)

// MetaColumns are the metadata columns that start every form's CSV.
var MetaColumns = []Column{
	{Key: MetaID, Header: "提交编号", Kind: Text},
	{Key: MetaReceived, Header: "接收时间", Kind: Text},
	{Key: MetaVersion, Header: "表单版本", Kind: Text},
	{Key: MetaPeriod, Header: "报送期", Kind: Text},
	{Key: MetaRegion, Header: "所属地区", Kind: Text},
	{Key: MetaUnit, Header: "填报单位", Kind: Text},
	{Key: MetaLate, Header: "是否逾期", Kind: Text},
	{Key: MetaRow, Header: "行号", Kind: Text},
}

// ReceivedLayout is how the received time is written: RFC 3339 in +08:00
// with milliseconds, so corrections sent within one second keep their order.
// Reading accepts any RFC 3339 time (older objects have whole seconds).
const ReceivedLayout = "2006-01-02T15:04:05.000Z07:00"

// Columns returns the form's CSV columns: metadata, then the once-per-submission
// fields (less unit and period, which are metadata), then the row fields.
func (f *Form) Columns() []Column {
	f.colsOnce.Do(func() { f.cols = f.columns() })
	return f.cols[:len(f.cols):len(f.cols)] // full: an append by the caller copies
}

func (f *Form) columns() []Column {
	cols := append([]Column(nil), MetaColumns...)
	for _, fd := range f.Fields {
		if fd.Name == FieldUnit || fd.Name == FieldPeriod {
			continue
		}
		cols = append(cols, Column{Key: fd.Name, Header: fd.Label, Kind: fd.Kind})
	}
	if f.Rows != nil {
		for _, fd := range f.Rows.Fields {
			cols = append(cols, Column{Key: fd.Name, Header: fd.Label, Kind: fd.Kind, Row: true})
		}
	}
	return cols
}

// Header returns the CSV header row.
func (f *Form) Header() []string {
	cols := f.Columns()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}

// Records returns the CSV records: one per row (the once-fields repeated), or
// one for a form without rows. Row numbers start at 1.
func (s *Submission) Records() [][]string {
	cols := s.Form.Columns()
	rows := s.Rows
	if s.Form.Rows == nil {
		rows = []map[string]string{nil}
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		rec := make([]string, len(cols))
		for j, c := range cols {
			switch {
			case c.Row:
				rec[j] = row[c.Key]
			case j < len(MetaColumns):
				rec[j] = s.meta(c.Key, i)
			default:
				rec[j] = s.Values[c.Key]
			}
		}
		out[i] = rec
	}
	return out
}

func (s *Submission) meta(key string, row int) string {
	switch key {
	case MetaID:
		return s.ID
	case MetaReceived:
		return s.Received.Format(ReceivedLayout)
	case MetaVersion:
		return s.version()
	case MetaPeriod:
		return s.Period
	case MetaRegion:
		return s.Region
	case MetaUnit:
		return s.Unit
	case MetaLate:
		return yesNo(s.Late)
	}
	return strconv.Itoa(row + 1)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ParseRecords reads back a submission written by Records under the
// current or an earlier version of the form (found from its 表单版本 cell),
// by the columns' stable keys: a reworded label still reads.
func (f *Form) ParseRecords(header []string, records [][]string) (*Submission, error) {
	if len(records) == 0 {
		return nil, fmt.Errorf("read %s: no records", f.ID)
	}
	v, err := f.ReadVersion(header, records[0])
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.ID, err)
	}
	idx, err := v.Index(header)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.ID, err)
	}
	for _, rec := range records {
		if len(rec) != len(header) {
			return nil, fmt.Errorf("read %s: record has %d fields, want %d", f.ID, len(rec), len(header))
		}
	}
	first := records[0]
	s := &Submission{Form: f, Version: v.ID, Values: map[string]string{}}
	t, err := ParseReceived(first[idx[MetaReceived]])
	if err != nil {
		return nil, fmt.Errorf("read %s: received time: %w", f.ID, err)
	}
	s.ID, s.Received, s.Period = first[idx[MetaID]], t, first[idx[MetaPeriod]]
	s.Region, s.Unit, s.Late = first[idx[MetaRegion]], first[idx[MetaUnit]], first[idx[MetaLate]] == "是"
	for _, c := range v.Columns[len(MetaColumns):] {
		if !c.Row {
			s.Values[c.Key] = first[idx[c.Key]]
		}
	}
	s.Values[FieldUnit], s.Values[FieldPeriod] = s.Unit, s.Period
	if f.Rows == nil {
		return s, nil
	}
	for _, rec := range records {
		row := map[string]string{}
		for _, c := range v.Columns {
			if c.Row {
				row[c.Key] = rec[idx[c.Key]]
			}
		}
		s.Rows = append(s.Rows, row)
	}
	return s, nil
}

// Fingerprint is the SHA-256 of the form, its version, the unit, the
// period and every value (not the received time): the same content gives
// the same bytes. The collector derives the id of a submission sent without
// JavaScript from them (record.Derive), and compares a retry's content with
// the stored one through them.
func (s *Submission) Fingerprint() [sha256.Size]byte {
	h := sha256.New()
	write := func(m map[string]string) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if m[k] != "" { // an empty value and a missing one are the same content
				fmt.Fprintf(h, "%d:%s%d:%s", len(k), k, len(m[k]), m[k])
			}
		}
		h.Write([]byte{0})
	}
	fmt.Fprintf(h, "%s\x00%s\x00", s.Form.ID, s.version())
	write(s.Values)
	for _, r := range s.Rows {
		write(r)
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// Receipt is the receipt number shown to the person: the form's letter, the
// received date and the last 8 characters of the id (its random part), e.g. A20210310-1F3C9A2B.
func Receipt(formID, id string, received time.Time) string {
	letter := map[string]string{"arrangement": "A", "tasklist": "T", "monthly": "M", "report": "R", "case": "C"}[formID]
	short := strings.ToUpper(strings.ReplaceAll(id, "-", ""))
	if len(short) > 8 {
		short = short[len(short)-8:]
	}
	return letter + received.Format("20060102") + "-" + short
}

// version is the form version the submission was written under.
func (s *Submission) version() string {
	if s.Version != "" {
		return s.Version
	}
	return s.Form.Version
}
