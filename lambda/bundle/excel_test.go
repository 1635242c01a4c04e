package bundle_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dunban/lambda/bundle"
)

func TestExcelCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"王芳", "王芳"},
		{"=1+1", "'=1+1"},
		{"=HYPERLINK(\"http://evil\",\"点击\")", "'=HYPERLINK(\"http://evil\",\"点击\")"},
		{"+86 138", "'+86 138"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"＝1+1", "'＝1+1"},                 // full-width equals
		{"＋1", "'＋1"},                     // full-width plus
		{"－1", "'－1"},                     // full-width minus
		{"＠A1", "'＠A1"},                   // full-width at
		{"﹦1", "'﹦1"},                     // small equals
		{"−1", "'−1"},                     // minus sign
		{"a=1", "a=1"},                    // only the first character matters
		{" =1", " =1"},                    // a leading space makes it text in Excel
		{"85", "85"},                      // numbers stay numbers
		{"85.5", "85.5"},                  //
		{"-5", "-5"},                      // a plain negative number is no formula
		{"0", "0"},                        //
		{"13800000000", `="13800000000"`}, // a mobile number stays text
		{"04716931811", `="04716931811"`}, // a leading zero is kept
		{"0471-6931811", "0471-6931811"},  // already text
		{"110105199001011234", `="110105199001011234"`},
		{"1.5.3", "1.5.3"},
		{"2021-03", "2021-03"},
	} {
		if got := bundle.ExcelCell(tc.in); got != tc.want {
			t.Errorf("ExcelCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzExcelCell(f *testing.F) {
	for _, s := range []string{"=1", "＋1", "13800000000", "-5", "王", "\t", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := bundle.ExcelCell(s)
		if s == "" {
			return
		}
		if !strings.HasSuffix(got, s) && got != `="`+s+`"` {
			t.Fatalf("ExcelCell(%q) = %q loses the value", s, got)
		}
		r, _ := utf8.DecodeRuneInString(got)
		switch r {
		case '=':
			if got != `="`+s+`"` || strings.Trim(s, "0123456789") != "" {
				t.Fatalf("ExcelCell(%q) = %q starts a formula", s, got)
			}
		case '+', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
			t.Fatalf("ExcelCell(%q) = %q starts with %q", s, got, r)
		case '-':
			if strings.Trim(s[1:], "0123456789.") != "" {
				t.Fatalf("ExcelCell(%q) = %q starts with -", s, got)
			}
		}
	})
}

func TestExcelWriterUTF8(t *testing.T) {
	var b bytes.Buffer
	w, err := bundle.NewExcelWriter(&b, bundle.UTF8)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]string{"姓名", "备注"})
	w.Write([]string{"王芳", "第一行\n第二行，含\"引号\""})
	w.Write([]string{"=cmd", "13800000000"})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: % x", out[:3])
	}
	// Three records, one with a line break inside a quoted cell: four CRLFs, no bare LF.
	if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Count(out, []byte("\r\n")) != 4 || bytes.Count(out, []byte("\n")) != 4 {
		t.Errorf("want CRLF line ends only: %q", out)
	}
	// Excel's reading: quoted fields keep their line break and quotes.
	recs, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][1] != "第一行\n第二行，含\"引号\"" || recs[2][0] != "'=cmd" || recs[2][1] != `="13800000000"` {
		t.Errorf("records = %q", recs)
	}
}

func TestExcelWriterGB18030(t *testing.T) {
	var b bytes.Buffer
	w, err := bundle.NewExcelWriter(&b, bundle.GB18030)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]string{"姓名", "内蒙古·呼和浩特 𠀀"})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF}) || utf8.Valid(b.Bytes()) {
		t.Fatalf("GB18030 output has a BOM or is UTF-8: % x", b.Bytes())
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(dec) != "姓名,内蒙古·呼和浩特 𠀀\r\n" {
		t.Errorf("decoded %q", dec)
	}
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]bundle.Encoding{"": bundle.UTF8, "UTF-8": bundle.UTF8, "gb18030": bundle.GB18030, "GBK": bundle.GB18030} {
		if got, err := bundle.ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := bundle.ParseEncoding("latin1"); err == nil {
		t.Error("latin1 accepted")
	}
}
