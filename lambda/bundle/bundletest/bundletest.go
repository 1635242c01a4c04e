// Package bundletest makes submission objects for the tests of the bundle
// and admin packages: a small units registry with prefix traps, a round,
// and submissions written exactly as the collector writes them.
package bundletest

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"dunban/lambda/form"
)

//go:embed units.csv
var unitsCSV string

//go:embed 2021.json
var roundJSON string

// Registry returns the test registry: 自治区团委; 包头市 with 包头市青山区;
// 鄂尔多斯市 with 包头市郊区团委 (a name that starts with 包头市 but is not
// under it); 内蒙古大学 and 内蒙古大学创业学院 (a name that starts with another).
func Registry(t testing.TB) *form.Registry {
	t.Helper()
	reg, err := form.ParseUnits(strings.NewReader(unitsCSV))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// Round returns the test round of 2021: monthly periods 2021-03 to 2021-06
// and 2021-09, each due the 10th of the next month.
func Round(t testing.TB) *form.Round {
	t.Helper()
	rd, err := form.ParseRound(strings.NewReader(roundJSON))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// Shanghai is +08:00.
var Shanghai = time.FixedZone("CST", 8*3600)

// At is a time in +08:00.
func At(year int, month time.Month, day, hour int) time.Time {
	return time.Date(year, month, day, hour, 0, 0, 0, Shanghai)
}

// Sub is a submission to write.
type Sub struct {
	Form     *form.Form
	ID       string
	Received time.Time
	Unit     string
	Region   string // defaults to the registry's region of Unit
	Period   string
	Values   map[string]string   // once-per-submission fields by name
	Rows     []map[string]string // row fields by name
}

// ID returns a UUID-shaped id numbered n.
func ID(n int) string { return fmt.Sprintf("00000000-0000-7000-8000-%012d", n) }

// Key is where the collector stores s.
func (s Sub) Key() string {
	r := s.Received.In(Shanghai)
	return fmt.Sprintf("submissions/form=%s/year=%04d/month=%02d/%s.csv", s.Form.ID, r.Year(), int(r.Month()), s.ID)
}

// CSV is s as the collector writes it: a BOM, the form's header, its records.
func (s Sub) CSV(reg *form.Registry) []byte {
	sub := &form.Submission{Form: s.Form, ID: s.ID, Received: s.Received.In(Shanghai), Unit: s.Unit, Region: s.Region,
		Period: s.Period, Values: map[string]string{}, Rows: s.Rows}
	if sub.Region == "" {
		u, _ := reg.Lookup(s.Unit)
		sub.Region = u.Region()
	}
	for k, v := range s.Values {
		sub.Values[k] = v
	}
	sub.Values[form.FieldUnit], sub.Values[form.FieldPeriod] = s.Unit, s.Period
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.Write(s.Form.Header())
	w.WriteAll(sub.Records())
	return b.Bytes()
}

// Creator stores objects; s3store.Store is one.
type Creator interface {
	Create(ctx context.Context, key string, body []byte, contentType string) error
}

// Put stores every submission under its key.
func Put(t testing.TB, st Creator, reg *form.Registry, subs ...Sub) {
	t.Helper()
	for _, s := range subs {
		if err := st.Create(context.Background(), s.Key(), s.CSV(reg), "text/csv; charset=utf-8"); err != nil {
			t.Fatalf("put %s: %v", s.Key(), err)
		}
	}
}

// MonthlyRow is one cadre's monthly figures in the order students, student
// cadres, branches, coverage, lectures, 主题团日, research reports, cases.
func MonthlyRow(name string, students, cadres, branches int, coverage string, lectures, days, reports, cases int) map[string]string {
	return map[string]string{"name": name, "students": fmt.Sprint(students), "cadres": fmt.Sprint(cadres),
		"branches": fmt.Sprint(branches), "coverage": coverage, "lectures": fmt.Sprint(lectures),
		"league_days": fmt.Sprint(days), "research": fmt.Sprint(reports), "cases": fmt.Sprint(cases), "practical": "协调图书角"}
}

// Monthly is a monthly report of unit for period, received at.
func Monthly(n int, unit, period string, at time.Time, rows ...map[string]string) Sub {
	return Sub{Form: form.Monthly, ID: ID(n), Received: at, Unit: unit, Period: period,
		Values: map[string]string{"contact_name": "王芳", "contact_phone": "13800000000", "consent": "是"}, Rows: rows}
}

// ArrangementRow is one cadre of a 工作安排表 at level.
func ArrangementRow(level, name, phone string) map[string]string {
	return map[string]string{"level": level, "name": name, "post": "团委干部", "phone": phone, "email": "a@example.com",
		"wechat": "wx_" + "abcdef", "senior_class": "一中 高二（3）班", "senior_secretary": "李老师", "senior_contact": "0471-6931811",
		"stay_time": "3月15日—19日"}
}

// Arrangement is a 工作安排表 of unit received at.
func Arrangement(n int, unit string, at time.Time, rows ...map[string]string) Sub {
	return Sub{Form: form.Arrangement, ID: ID(n), Received: at, Unit: unit, Period: "2021",
		Values: map[string]string{"contact_name": "王芳", "contact_phone": "13800000000", "consent": "是"}, Rows: rows}
}

// Case is a case by author with title, received at.
func Case(n int, unit, author, title string, at time.Time) Sub {
	return Sub{Form: form.Case, ID: ID(n), Received: at, Unit: unit, Period: "2021",
		Values: map[string]string{"author": author, "phone": "13800000000", "title": title, "region": "包头市", "school": "一中",
			"school_type": "高级中学", "summary": "摘要", "format": "纯文本", "body": "正文", "consent": "是"}}
}
