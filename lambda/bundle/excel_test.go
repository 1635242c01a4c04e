package bundle_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dunban/lambda/bundle"
)

// ExcelCell's rules are tested in lambda/excelcsv; the round trip of a
// whole bundle through them is TestBundleOpensCleanInExcel.

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
