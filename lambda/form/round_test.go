package form

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestRoundContent(t *testing.T) {
	rd := content(t).Round
	if rd.Year != 2021 {
		t.Fatalf("year %d", rd.Year)
	}
	due := rd.due("arrangement", "2021")
	if want := time.Date(2021, 3, 10, 15, 0, 0, 0, cst); !due.Equal(want) {
		t.Errorf("arrangement due %v, want %v", due, want)
	}
	if got := DueText(due); got != "2021年3月10日（星期三）15:00（北京时间）" {
		t.Errorf("DueText = %q", got)
	}
	for m := 3; m <= 12; m++ {
		id := time.Date(2021, time.Month(m), 1, 0, 0, 0, 0, cst).Format("2006-01")
		p, ok := rd.Period("monthly", id)
		if !ok || p.Due.Day() != 10 || p.From != m || p.To != m || p.Year != 2021 {
			t.Errorf("monthly %s: %+v %v", id, p, ok)
		}
	}
	for _, id := range []string{"2021-H1", "2021-H2"} {
		p, ok := rd.Period("report", id)
		if !ok || (p.Due.Month() != time.June && p.Due.Month() != time.December) {
			t.Errorf("report %s due %v", id, p.Due)
		}
	}
	for _, f := range All() {
		if !rd.Open(f.ID) || len(rd.Forms[f.ID].Periods) == 0 {
			t.Errorf("%s closed or without periods", f.ID)
		}
	}
	if p := rd.currentPeriod("monthly", time.Date(2021, 5, 11, 0, 0, 0, 0, cst)); p.ID != "2021-05" {
		t.Errorf("current monthly period on 11 May = %s", p.ID)
	}
	if p := rd.currentPeriod("monthly", time.Date(2023, 1, 1, 0, 0, 0, 0, cst)); p.ID != "2021-12" {
		t.Errorf("current monthly period after the round = %s", p.ID)
	}
}

// A deadline written "24:00" counts the whole day: a monthly report sent in
// the last minute of the 10th is on time, one at midnight is late.
func TestDayEndDeadline(t *testing.T) {
	rd := content(t).Round
	for _, tc := range []struct {
		form, period string
		at           time.Time
		late         bool
	}{
		{"monthly", "2021-03", time.Date(2021, 4, 10, 23, 59, 30, 0, cst), false},
		{"monthly", "2021-03", time.Date(2021, 4, 10, 23, 59, 59, 999999999, cst), false},
		{"monthly", "2021-03", time.Date(2021, 4, 11, 0, 0, 0, 0, cst), true},
		{"monthly", "2021-03", time.Date(2021, 4, 10, 15, 59, 30, 0, time.UTC), false},
		{"monthly", "2021-03", time.Date(2021, 4, 10, 16, 0, 0, 0, time.UTC), true},
		{"monthly", "2021-12", time.Date(2022, 1, 10, 23, 59, 30, 0, cst), false},
		{"report", "2021-H2", time.Date(2021, 12, 31, 23, 59, 30, 0, cst), false},
		{"report", "2021-H2", time.Date(2022, 1, 1, 0, 0, 0, 0, cst), true},
		{"arrangement", "2021", time.Date(2021, 3, 10, 14, 59, 59, 0, cst), false},
		{"arrangement", "2021", time.Date(2021, 3, 10, 15, 0, 1, 0, cst), true},
	} {
		if got := rd.late(tc.form, tc.period, tc.at); got != tc.late {
			t.Errorf("%s %s at %v: late = %v, want %v", tc.form, tc.period, tc.at, got, tc.late)
		}
	}
	for _, s := range []string{"2021-02-30 24:00", "2021-04-10 24:01", "2021-04-10 25:00", "24:00"} {
		if _, err := parseDue(s, cst); err == nil {
			t.Errorf("parseDue(%q) accepted", s)
		}
	}
}

const roundOK = `{"year": 2022, "timezone": "Asia/Shanghai", "forms": {
 "arrangement": {"open": true, "periods": [{"id": "2022", "label": "2022年度", "due": "2022-03-10 15:00"}]},
 "tasklist": {"open": true, "periods": [{"id": "2022", "label": "2022年度", "due": ""}]},
 "monthly": {"open": false, "note": "暂停", "periods": [{"id": "2022-03", "label": "2022年3月", "due": "2022-04-10 23:59"}]},
 "report": {"open": true, "periods": [{"id": "2022-H1", "label": "上半年", "due": "2022-06-30 23:59"}]},
 "case": {"open": true, "periods": [{"id": "2022", "label": "2022年度", "due": ""}]}}}`

func TestParseRound(t *testing.T) {
	rd, err := ParseRound(strings.NewReader(roundOK))
	if err != nil {
		t.Fatal(err)
	}
	if rd.Open("monthly") || !rd.Open("case") || rd.Forms["monthly"].Note != "暂停" {
		t.Errorf("open flags wrong: %+v", rd.Forms)
	}
	for _, tc := range []struct{ name, from, to, want string }{
		{"bad due", `"2022-03-10 15:00"`, `"2022/03/10"`, "截止时间"},
		{"bad period id", `"id": "2022-H1"`, `"id": "2022-Q1"`, "编号"},
		{"missing label", `"label": "上半年"`, `"label": ""`, "label"},
		{"unknown form", `"case":`, `"cases":`, "未知表单"},
		{"bad year", `"year": 2022`, `"year": 22`, "year"},
		{"unknown key", `"year": 2022,`, `"year": 2022, "yaer": 1,`, "unknown field"},
		{"bad timezone", `Asia/Shanghai`, `Mars/Olympus`, "timezone"},
		{"no periods", `"periods": [{"id": "2022-H1", "label": "上半年", "due": "2022-06-30 23:59"}]`, `"periods": []`, "至少"},
	} {
		_, err := ParseRound(strings.NewReader(strings.Replace(roundOK, tc.from, tc.to, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// Next year's round is a content change: a newer file wins.
func TestLoadContentNewestRound(t *testing.T) {
	fsys := fstest.MapFS{
		"units.csv":         {Data: []byte(unitsHead + "包头市,盟市,,,,\n")},
		"rounds/2021.json":  {Data: []byte(strings.ReplaceAll(roundOK, "2022", "2021"))},
		"rounds/2022.json":  {Data: []byte(roundOK)},
		"rounds/README.txt": {Data: []byte("x")},
	}
	c, err := LoadContent(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if c.Round.Year != 2022 {
		t.Errorf("loaded %d", c.Round.Year)
	}
	fsys["rounds/2023.json"] = &fstest.MapFile{Data: []byte(roundOK)}
	if _, err := LoadContent(fsys); err == nil || !strings.Contains(err.Error(), "file name") {
		t.Errorf("year mismatch: %v", err)
	}
}

func FuzzParseRound(f *testing.F) {
	f.Add(roundOK)
	f.Fuzz(func(t *testing.T, s string) {
		rd, err := ParseRound(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, fm := range All() {
			if len(rd.Forms[fm.ID].Periods) == 0 {
				t.Fatalf("%s without periods", fm.ID)
			}
		}
	})
}

func TestRoundEnds(t *testing.T) {
	src := `{"year": 2021, "timezone": "Asia/Shanghai", "ends": "2022-01-31 24:00", "forms": {` +
		`"arrangement": {"open": true, "periods": [{"id": "2021", "label": "2021年度", "due": ""}]},` +
		`"tasklist": {"open": true, "periods": [{"id": "2021", "label": "2021年度", "due": ""}]},` +
		`"monthly": {"open": true, "periods": [{"id": "2021-03", "label": "2021年3月", "due": ""}]},` +
		`"report": {"open": true, "periods": [{"id": "2021-H1", "label": "2021年上半年", "due": ""}]},` +
		`"case": {"open": false, "periods": [{"id": "2021", "label": "2021年度", "due": ""}]}}}`
	rd, err := ParseRound(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		at    time.Time
		ended bool
	}{
		{time.Date(2022, 1, 31, 23, 59, 59, 0, cst), false},
		{time.Date(2022, 2, 1, 0, 0, 0, 0, cst), true},
	} {
		if rd.Ended(tt.at) != tt.ended || rd.OpenAt("monthly", tt.at) == tt.ended || rd.OpenAt("case", tt.at) {
			t.Errorf("at %v: ended %v, monthly open %v", tt.at, rd.Ended(tt.at), rd.OpenAt("monthly", tt.at))
		}
	}
	if _, errs := Monthly.Validate(nil, nil, rd, time.Date(2022, 3, 1, 0, 0, 0, 0, cst)); len(errs) != 1 || errs[0].Message != MsgEnded {
		t.Errorf("validate after the end: %v", errs)
	}
	if _, err := ParseRound(strings.NewReader(strings.Replace(src, "2022-01-31 24:00", "31.1.2022", 1))); err == nil || !strings.Contains(err.Error(), "ends") {
		t.Errorf("bad ends accepted: %v", err)
	}
}
