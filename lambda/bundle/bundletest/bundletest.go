// Package bundletest makes submission objects for the tests of the bundle
// and admin packages: a small units registry with prefix traps, a round,
// and submissions written exactly as the collector writes them.
package bundletest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

//go:embed units.csv
var unitsCSV string

//go:embed 2021.json
var roundJSON string

// Content is a content folder holding the test registry and round.
func Content() fstest.MapFS {
	return fstest.MapFS{
		"units.csv":        {Data: []byte(unitsCSV)},
		"rounds/2021.json": {Data: []byte(roundJSON)},
	}
}

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
var Shanghai = form.Shanghai

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

// Key is where the collector stores s (record.SubmissionKey); "" if its id
// or period is not one the collector accepts (Put then fails the test).
func (s Sub) Key() string {
	id, err := record.Parse(s.ID)
	if err != nil {
		return ""
	}
	key, _ := record.SubmissionKey(s.Form.ID, s.Period, id)
	return key
}

// CSV is s as the collector writes it (record.Encode).
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
	return record.Encode(s.Form.Header(), sub.Records())
}

// Creator stores objects; s3store.Store is one.
type Creator interface {
	Create(ctx context.Context, key string, body []byte, contentType string) error
}

// Put stores every submission under its key.
func Put(t testing.TB, st Creator, reg *form.Registry, subs ...Sub) {
	t.Helper()
	for _, s := range subs {
		PutAt(t, st, reg, s.Key(), s)
	}
}

// PutAt stores a submission under another key than the collector's (an
// object of another key layout).
func PutAt(t testing.TB, st Creator, reg *form.Registry, key string, s Sub) {
	t.Helper()
	if key == "" {
		t.Fatalf("submission %s: id or period %q not accepted by record.SubmissionKey", s.ID, s.Period)
	}
	if err := st.Create(context.Background(), key, s.CSV(reg), record.ContentType); err != nil {
		t.Fatalf("put %s: %v", key, err)
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

// Report is a report of kind by authors (separated by 、) for period, received at.
func Report(n int, unit, period, kind, authors string, at time.Time) Sub {
	return Sub{Form: form.Report, ID: ID(n), Received: at, Unit: unit, Period: period,
		Values: map[string]string{"kind": kind, "title": kind + "：" + unit, "author": authors, "phone": "13800000000",
			"abstract": "本报告汇总了上半年驻校蹲班工作的情况和建议。", "file": "报告.docx",
			form.FieldFileKey: "uploads/report/year=2021/month=06/" + ID(n) + ".docx", "consent": "是"}}
}

// MisfiledKey is where Fixture stores a copy of submission 10 under an
// earlier key layout (the month it was received, not its period 2021-03).
var MisfiledKey = "submissions/form=monthly/year=2021/month=05/" + ID(10) + ".csv"

// Fixture stores the hand-made data set the bundle and admin tests read.
// Expected results, worked out by hand, are in the comments: bundled for
// 全区, 2021-03 to 2021-06, as of 2021-07-20.
func Fixture(t testing.TB, st Creator, reg *form.Registry) {
	t.Helper()
	at := At
	row := MonthlyRow
	lisi := ArrangementRow("盟市", "李四", "13912345678")
	lisi["post"] = "=HYPERLINK(\"http://x\",\"点我\")"
	Put(t, st, reg,
		// 工作安排表: 包头市 twice (the second replaces the first), 内蒙古大学 once.
		Arrangement(1, "包头市", at(2021, 3, 5, 9), ArrangementRow("中学", "张三", "13800000001")),
		Arrangement(3, "包头市", at(2021, 3, 8, 9), ArrangementRow("中学", "张三", "13800000001"), lisi,
			ArrangementRow("旗县", "赵六", "13800000003")),
		Arrangement(2, "内蒙古大学", at(2021, 3, 9, 9), ArrangementRow("高校", "王五", "13800000002")),
		// Monthly reports.
		// Grades as of June (lambda/grade): no row has days at school, so 常态化 and 集中式 are 未达标.
		// 李四 (盟市, one school): 45 students, 31 cadres, coverage 90, branches 3, 2 lectures, the submitted
		// 调研报告 met; one school short; cadre coverage and the case (self-reported, none submitted) 进行中 → 6/9 合格.
		// 张三: February (outside the bundle's months, inside the year) then March; the latest (March) gives
		// branches 1; the 调研报告 met → 1/4 一般 (students, coverage 进行中).
		Monthly(9, "包头市", "2021-02", at(2021, 3, 5, 9), row("张三", 0, 0, 2, "80", 0, 0, 0, 0)),
		Monthly(10, "包头市", "2021-03", at(2021, 4, 5, 9), row("李四", 20, 15, 3, "85", 1, 1, 0, 0), row("张三", 5, 5, 1, "50", 0, 0, 0, 0)),
		Monthly(11, "包头市", "2021-04", at(2021, 5, 5, 9), row("李四", 25, 16, 3, "90", 1, 0, 1, 1)),
		// 王五 (高校): the second March report replaces the first → 40, 30, 2, 80, 2, 1, 1, 0; a 高校 cadre needs
		// two 院系团总支 and 3–4 branches → 4/7 一般; 调研报告 self-reported 1, submitted 0.
		Monthly(20, "内蒙古大学", "2021-03", at(2021, 4, 3, 9), row("王五", 10, 10, 1, "10", 0, 0, 0, 0)),
		Monthly(21, "内蒙古大学", "2021-03", at(2021, 4, 8, 9), row("王五", 40, 30, 2, "80", 2, 1, 1, 0)),
		// 孙七 (not in any 工作安排表): coverage, branches, lectures met → 3/5 合格.
		Monthly(40, "鄂尔多斯市", "2021-05", at(2021, 6, 9, 9), row("孙七", 10, 10, 2, "80", 2, 1, 0, 0)),
		// Cases: 33 replaces 30 (same unit, author and title). 赵六's case (包头市青山区) counts for the
		// 包头市 cadre 赵六 → 1/5; 钱八 and 周九 are authors only → 1/4.
		Case(30, "包头市青山区", "赵六", "支部共建", at(2021, 4, 1, 9)),
		Case(33, "包头市青山区", "赵六", "支部共建", at(2021, 4, 2, 9)),
		Case(31, "包头市郊区团委", "钱八", "走访", at(2021, 4, 1, 9)),
		Case(32, "内蒙古大学创业学院", "周九", "结对", at(2021, 4, 1, 9)),
		// Reports: 包头市 sends its first-half 调研报告 (by 李四 and 张三) but no 阶段性总结报告.
		Report(50, "包头市", "2021-H1", "调研报告", "李四、张三", at(2021, 6, 20, 9)),
	)
	// The same submission id stored twice (a copy under the month it was
	// received, as an earlier key layout filed it) counts once, with a warning.
	dup := Monthly(10, "包头市", "2021-03", at(2021, 5, 1, 0), row("李四", 20, 15, 3, "85", 1, 1, 0, 0), row("张三", 5, 5, 1, "50", 0, 0, 0, 0))
	PutAt(t, st, reg, MisfiledKey, dup)
}
