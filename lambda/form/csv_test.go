package form

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSchemaSane(t *testing.T) {
	for _, f := range All() {
		seen := map[string]bool{}
		for _, h := range f.Header() {
			if seen[h] {
				t.Errorf("%s: duplicate CSV header %q", f.ID, h)
			}
			seen[h] = true
		}
		names := map[string]bool{}
		for _, fd := range allFields(f) {
			if fd.MaxLen <= 0 {
				t.Errorf("%s.%s: no MaxLen", f.ID, fd.Name)
			}
			if fd.Kind == Select && fd.From == "" && len(fd.Choices) == 0 {
				t.Errorf("%s.%s: select without choices", f.ID, fd.Name)
			}
			if fd.Pattern != "" && fd.PatternHint == "" {
				t.Errorf("%s.%s: pattern without hint", f.ID, fd.Name)
			}
			if strings.ContainsAny(fd.Name, ". ") || fd.Name == "" {
				t.Errorf("%s: bad field name %q", f.ID, fd.Name)
			}
		}
		for _, fd := range f.Fields {
			if names[fd.Name] {
				t.Errorf("%s: duplicate name %s", f.ID, fd.Name)
			}
			names[fd.Name] = true
		}
		if _, ok := f.Field(FieldConsent); !ok {
			t.Errorf("%s: no consent field", f.ID)
		}
		if _, ok := f.Field(FieldUnit); !ok {
			t.Errorf("%s: no unit field", f.ID)
		}
	}
}

// The arrangement CSV follows the attachment's columns in order, each school
// type led by the schools' names (and for 高等院校 followed by the 院系团总支).
func TestArrangementColumns(t *testing.T) {
	h := Arrangement.Header()
	want := []string{"层级", "姓名", "工作单位及职务", "联系电话", "邮箱", "微信号",
		"高等院校名称", "高等院校（院系、年级、班级）", "联系的院系团总支", "高等院校校团委书记姓名", "高等院校校团委书记联系方式",
		"高级中学名称", "高级中学（年级、班级）", "高级中学校团委书记姓名", "高级中学校团委书记联系方式",
		"初级中学名称", "初级中学（年级、班级）", "初级中学校团委书记姓名", "初级中学校团委书记联系方式",
		"完全中学名称", "完全中学（年级、班级）", "完全中学校团委书记姓名", "完全中学校团委书记联系方式",
		"九年一贯制学校名称", "九年一贯制学校（年级、班级）", "九年一贯制学校校团委书记姓名", "九年一贯制学校校团委书记联系方式",
		"中等职业学校名称", "中等职业学校（专业、年级、班级）", "中等职业学校校团委书记姓名", "中等职业学校校团委书记联系方式",
		"驻校蹲班预计时间"}
	if got := h[len(h)-len(want):]; !reflect.DeepEqual(got, want) {
		t.Errorf("row columns:\n%q\nwant\n%q", got, want)
	}
	if got := h[:len(MetaColumns)]; strings.Join(got, ",") != "提交编号,接收时间,表单版本,报送期,所属地区,填报单位,是否逾期,行号" {
		t.Errorf("metadata columns %q", got)
	}
}

func TestRecordsRoundTrip(t *testing.T) {
	c := content(t)
	for _, f := range All() {
		sub, errs := f.Validate(good(f.ID), c.Units, c.Round, time.Date(2021, 3, 10, 15, 0, 1, 0, time.UTC))
		if errs != nil {
			t.Fatalf("%s: %v", f.ID, errs)
		}
		sub.ID = testID(sub)
		back := roundTrip(t, f, sub)
		if !equalSub(sub, back) {
			t.Errorf("%s: read back\n%+v\nwant\n%+v", f.ID, back, sub)
		}
		recs := sub.Records()
		if f.Rows != nil && len(recs) != len(sub.Rows) {
			t.Errorf("%s: %d records for %d rows", f.ID, len(recs), len(sub.Rows))
		}
		if recs[0][1] != sub.Received.Format("2006-01-02T15:04:05.000-07:00") || !strings.HasSuffix(recs[0][1], "+08:00") {
			t.Errorf("%s: received %q", f.ID, recs[0][1])
		}
		if want := yesNo(f.ID == "arrangement"); recs[0][6] != want {
			t.Errorf("%s: late flag %q", f.ID, recs[0][6])
		}
	}
}

func roundTrip(t testing.TB, f *Form, sub *Submission) *Submission {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(f.Header())
	w.WriteAll(sub.Records())
	all, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	back, err := f.ParseRecords(all[0], all[1:])
	if err != nil {
		t.Fatalf("%s: %v", f.ID, err)
	}
	return back
}

func equalSub(a, b *Submission) bool {
	return a.ID == b.ID && a.Received.Equal(b.Received) && a.Unit == b.Unit && a.Region == b.Region &&
		a.Period == b.Period && a.Late == b.Late && reflect.DeepEqual(a.Values, b.Values) && reflect.DeepEqual(a.Rows, b.Rows)
}

func TestFingerprintAndReceipt(t *testing.T) {
	c := content(t)
	a, _ := Case.Validate(good("case"), c.Units, c.Round, onTime)
	b, _ := Case.Validate(with(good("case"), "website", "x"), c.Units, c.Round, onTime.Add(time.Hour))
	d, _ := Case.Validate(with(good("case"), "title", "另一个案例标题"), c.Units, c.Round, onTime)
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("same content, different fingerprint")
	}
	if a.Fingerprint() == d.Fingerprint() {
		t.Error("different content, same fingerprint")
	}
	if got := Receipt("monthly", "0190e0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b", onTime); got != "M20210301-8E9F0A1B" {
		t.Errorf("receipt %q", got)
	}
}

func TestParseRecordsRefuses(t *testing.T) {
	if _, err := Case.ParseRecords(Monthly.Header(), [][]string{make([]string, len(Monthly.Header()))}); err == nil {
		t.Error("wrong header accepted")
	}
	if _, err := Case.ParseRecords(Case.Header(), nil); err == nil {
		t.Error("no records accepted")
	}
}

// FuzzValidate: any body — a whole posted body, or a good one with one
// value changed — either fails with messages, or is accepted and then reads
// back equal from its CSV and validates again to the same.
func FuzzValidate(f *testing.F) {
	for _, fm := range All() {
		f.Add(fm.ID, good(fm.ID).Encode(), "", "")
		for _, fd := range fm.Fields {
			f.Add(fm.ID, "", fd.Name, " "+good(fm.ID).Get(fd.Name))
		}
	}
	f.Add("monthly", "rows.0.name=%E5%BC%A0&rows.99999999999999999999.x=1&rows.-1.name=a", "", "")
	f.Add("arrangement", "", "rows.0.senior_contact", "１３９００００００００")
	f.Add("monthly", "", "rows.7.students", "5")
	c := content(f)
	f.Fuzz(func(t *testing.T, id, body, key, value string) {
		fm, ok := ByID(id)
		if !ok {
			return
		}
		v := good(id)
		if body != "" {
			var err error
			if v, err = url.ParseQuery(body); err != nil {
				return
			}
		}
		if key != "" {
			v.Set(key, value)
		}
		sub, errs := fm.Validate(v, c.Units, c.Round, onTime)
		if errs != nil {
			for _, e := range errs {
				if e.Message == "" {
					t.Fatalf("empty message for %q", e.Field)
				}
			}
			return
		}
		sub.ID = testID(sub)
		if back := roundTrip(t, fm, sub); !equalSub(sub, back) {
			t.Fatalf("round trip differs:\n%+v\n%+v", sub, back)
		}
		again := url.Values{}
		for k, val := range sub.Values {
			again.Set(k, val)
		}
		for i, r := range sub.Rows {
			for k, val := range r {
				again.Set(RowFieldName(i, k), val)
			}
		}
		sub2, errs := fm.Validate(again, c.Units, c.Round, onTime)
		if errs != nil {
			t.Fatalf("normalised values refused: %v", errs)
		}
		if sub2.Fingerprint() != sub.Fingerprint() {
			t.Fatal("normalisation is not idempotent")
		}
	})
}

// testID is a UUID-shaped id made from the submission's fingerprint.
func testID(s *Submission) string {
	x := fmt.Sprintf("%x", s.Fingerprint())
	return x[0:8] + "-" + x[8:12] + "-8" + x[13:16] + "-8" + x[17:20] + "-" + x[20:32]
}

func TestAuthors(t *testing.T) {
	for in, want := range map[string][]string{
		"张三":             {"张三"},
		"张三、李四":          {"张三", "李四"},
		" 张三 ，李四;王五/赵六 ": {"张三", "李四", "王五", "赵六"},
		"包头市 第一中学、包头市第九中学": {"包头市 第一中学", "包头市第九中学"},
		"、、": nil,
	} {
		if got := Authors(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Authors(%q) = %q, want %q", in, got, want)
		}
	}
}
