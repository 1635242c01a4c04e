package excelcsv_test

import (
	"strings"
	"testing"

	"dunban/lambda/excelcsv"
)

// TestRead checks the type rules against what Excel and WPS (Chinese
// locale) show when they open a CSV holding these cells.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		cell  string
		kind  excelcsv.Kind
		shown string
	}{
		{"", excelcsv.Text, ""},
		{"王芳", excelcsv.Text, "王芳"},
		{"7项（共10项）", excelcsv.Text, "7项（共10项）"},
		{"3-1班", excelcsv.Text, "3-1班"},
		{"0471-6931811", excelcsv.Text, "0471-6931811"},
		{"2026-12-02T09:58:04+08:00", excelcsv.Text, "2026-12-02T09:58:04+08:00"},
		{"春2 秋1", excelcsv.Text, "春2 秋1"},
		{"85", excelcsv.Number, "85"},
		{"85.5", excelcsv.Number, "85.5"},
		{"-5", excelcsv.Number, "-5"},
		{"+5", excelcsv.Number, "5"},
		{"0471", excelcsv.Number, "471"},                             // the leading zero is lost
		{"04716931811", excelcsv.Number, "4716931811"},               // a landline without its 0
		{"1380000000", excelcsv.Number, "1380000000"},                // 10 digits fit a column
		{"13800000000", excelcsv.Number, "1.38E+10"},                 // a mobile number does not
		{"150204199001011234", excelcsv.Number, "1.50204E+17（精度丢失）"}, // an ID number
		{"1E5", excelcsv.Number, "100000"},
		{"1.50", excelcsv.Number, "1.5"},
		{"1,234", excelcsv.Number, "1,234"},
		{"80%", excelcsv.Number, "80%"},
		{"(12)", excelcsv.Number, "-12"},
		{"2/8", excelcsv.Date, "2月8日"}, // 达标项数 as it was
		{"3-1", excelcsv.Date, "3月1日"},
		{"2021-03", excelcsv.Date, "2021年3月"}, // 报送期 as it was
		{"2021/3", excelcsv.Date, "2021年3月"},
		{"2026-12-02 10:00:04", excelcsv.Date, "2026/12/2 10:00"},
		{"2021-03-10", excelcsv.Date, "2021/3/10"},
		{"2021年3月", excelcsv.Date, "2021年3月"},
		{"3月5日", excelcsv.Date, "3月5日"},
		{"10:00", excelcsv.Date, "10:00"},
		{"1-Jan", excelcsv.Date, "1-Jan"},
		{"TRUE", excelcsv.Bool, "TRUE"},
		{"false", excelcsv.Bool, "FALSE"},
		{"=1+1", excelcsv.Formula, "=1+1"},
		{"+86 138", excelcsv.Formula, "+86 138"},
		{"-abc", excelcsv.Formula, "-abc"},
		{"@SUM(A1)", excelcsv.Formula, "@SUM(A1)"},
		{"＝1+1", excelcsv.Formula, "＝1+1"},
		{"＋1", excelcsv.Formula, "＋1"},
		{"－1", excelcsv.Formula, "－1"},
		{"＠A1", excelcsv.Formula, "＠A1"},
		{`="0471"`, excelcsv.Text, "0471"},
		{`="a""b"`, excelcsv.Text, `a"b`},
		{`="a"b"`, excelcsv.Formula, `="a"b"`},
		{"'=1+1", excelcsv.Text, "'=1+1"},
		{" =1", excelcsv.Text, " =1"},
	} {
		got := excelcsv.Read(tc.cell)
		if got.Kind != tc.kind || got.Shown != tc.shown {
			t.Errorf("Read(%q) = %v %q, want %v %q", tc.cell, got.Kind, got.Shown, tc.kind, tc.shown)
		}
	}
}

func TestCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"王芳", "王芳"},
		{"85", "85"},
		{"-5", "-5"},
		{"0", "0"},
		{"=1+1", "'=1+1"},
		{"+86 138", "'+86 138"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1", "'\t=1"},
		{"＝1+1", "'＝1+1"},
		{"'=1", "''=1"},
		{`="x"`, `'="x"`},
		{"13800000000", `="13800000000"`},
		{"04716931811", `="04716931811"`},
		{"0471", `="0471"`},
		{"150204199001011234", `="150204199001011234"`},
		{"2/8", `="2/8"`},
		{"2021-03", `="2021-03"`},
		{"2021年3月", `="2021年3月"`},
		{"2026-12-02 10:00:04", `="2026-12-02 10:00:04"`},
		{"TRUE", `="TRUE"`},
		{`3"/8`, `3"/8`},
		{`2/8"`, `2/8"`},
		{"7项（共10项）", "7项（共10项）"},
		{"2021-03\n", "2021-03\n"}, // no formula over lines; Excel keeps it text anyway
	} {
		if got := excelcsv.Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := excelcsv.Uncell(excelcsv.Cell(tc.in)); got != tc.in {
			t.Errorf("Uncell(Cell(%q)) = %q", tc.in, got)
		}
	}
}

// shownAsWritten reports whether Excel shows cell as the value s it was
// written for: exactly, or with the apostrophe of the formula guard.
func shownAsWritten(s string) bool {
	v := excelcsv.Read(excelcsv.Cell(s))
	return (v.Kind == excelcsv.Text || v.Kind == excelcsv.Number) && (v.Shown == s || v.Shown == "'"+s)
}

func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "0471", "2/8", "=1", "'=1", `="x"`, "2021-03", "a\"b", "－1", "1E5", strings.Repeat("0", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := excelcsv.Cell(s)
		if got := excelcsv.Uncell(c); got != s {
			t.Fatalf("Uncell(Cell(%q)) = %q (cell %q)", s, got, c)
		}
		if len([]rune(s)) <= excelcsv.MaxWrapped && !strings.ContainsAny(s, "\r\n") && !shownAsWritten(s) {
			t.Fatalf("Cell(%q) = %q, read as %+v", s, c, excelcsv.Read(c))
		}
	})
}

func TestGuard(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"王芳", "王芳"},
		{"85", "85"},
		{"-5", "'-5"}, // every formula start, as stored CSVs always did
		{"=1+1", "'=1+1"},
		{"'=1", "''=1"},
		{"＝1", "'＝1"},
		{"04716931811", `="04716931811"`},
		{"13800000000", `="13800000000"`},
		{"0471-6931811", "0471-6931811"},
		{"2021-03", "2021-03"}, // dates stay as the programs reading stored files expect
		{"2021-03-05T09:00:00.000+08:00", "2021-03-05T09:00:00.000+08:00"},
	} {
		if got := excelcsv.Guard(tc.in); got != tc.want {
			t.Errorf("Guard(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := excelcsv.Uncell(excelcsv.Guard(tc.in)); got != tc.in {
			t.Errorf("Uncell(Guard(%q)) = %q", tc.in, got)
		}
	}
}

func FuzzGuard(f *testing.F) {
	for _, s := range []string{"", "0471", "=1", "'=1", `="x"`, "-5", "'", "123456789012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := excelcsv.Guard(s)
		if got := excelcsv.Uncell(g); got != s {
			t.Fatalf("Uncell(Guard(%q)) = %q (cell %q)", s, got, g)
		}
		if v := excelcsv.Read(g); v.Kind == excelcsv.Formula {
			t.Fatalf("Guard(%q) = %q is a formula", s, g)
		}
	})
}
