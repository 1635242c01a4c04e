package bundle_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/excelcsv"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// tricky is a 工作安排表 holding values Excel or WPS would change if they
// were written as they are: a landline without its dash, a long number, a
// class like a date, a month, a time, a truth value, formulas.
func tricky() bundletest.Sub {
	row := bundletest.ArrangementRow("盟市", "孙七", "04716931811")
	row["post"] = "＝SUM(A1:A9)"
	row["wechat"] = "2021-03"
	row["senior_class"] = "3-1"
	row["senior_secretary"] = "TRUE"
	row["senior_contact"] = "04712345678"
	row["higher_class"] = "150204199001011234"
	row["stay_time"] = "3/15"
	row2 := bundletest.ArrangementRow("旗县", "=1+1", "0477-1234567")
	row2["post"] = "-团委"
	row2["stay_time"] = "10:00"
	sub := bundletest.Arrangement(50, "鄂尔多斯市", bundletest.At(2021, 3, 9, 10), row, row2)
	sub.Values["contact_phone"] = "04778888888"
	return sub
}

// TestBundleOpensCleanInExcel opens every CSV of a bundle the way Excel and
// WPS do (excelcsv.Read on every cell, in both encodings) and finds no
// value turned into a date, a truth value or a formula, and no number that
// lost digits; the tricky values read back exactly as they were sent.
func TestBundleOpensCleanInExcel(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	bundletest.Put(t, st, reg, tricky())
	for _, enc := range []bundle.Encoding{bundle.UTF8, bundle.GB18030} {
		t.Run(string(enc), func(t *testing.T) {
			req := request(bundle.ScopeAll)
			req.Encoding = enc
			_, files := build(t, builder(st, reg, rd), req)
			shown := map[string]bool{}
			n := 0
			for name, body := range files {
				if !strings.HasSuffix(name, ".csv") {
					continue
				}
				if strings.ContainsFunc(strings.TrimSuffix(name, ".csv"), func(r rune) bool { return r < 0x80 }) {
					t.Errorf("file name %q is not Chinese", name)
				}
				for _, rec := range excelRecords(t, name, enc, body) {
					for _, cell := range rec {
						n++
						v := excelcsv.Read(cell)
						switch {
						case v.Kind == excelcsv.Date || v.Kind == excelcsv.Bool || v.Kind == excelcsv.Formula:
							t.Errorf("%s: %q opens as a %v (%q)", name, cell, v.Kind, v.Shown)
						case v.Kind == excelcsv.Number && v.Shown != cell:
							t.Errorf("%s: %q opens as the number %q", name, cell, v.Shown)
						}
						shown[v.Shown] = true
					}
				}
			}
			if n < 500 {
				t.Fatalf("only %d cells read", n)
			}

			for _, want := range []string{"04716931811", "04712345678", "04778888888", "0477-1234567", "150204199001011234",
				"2021-03", "3-1", "3/15", "TRUE", "10:00", "'＝SUM(A1:A9)", "'=1+1", "'-团委",
				"2021年3月", "2021年度", "2021-03-09 10:00:00", "5项（共8项）"} {
				if !shown[want] {
					t.Errorf("no cell shows %q", want)
				}
			}
		})
	}
}

// excelRecords decodes a CSV of the bundle as Excel does: the BOM marks
// UTF-8, without it the Chinese code page (GB18030) is used.
func excelRecords(t *testing.T, name string, enc bundle.Encoding, body []byte) [][]string {
	t.Helper()
	if b, ok := bytes.CutPrefix(body, []byte("\uFEFF")); ok {
		body = b
	} else {
		if enc != bundle.GB18030 {
			t.Fatalf("%s: no BOM", name)
		}
		var err error
		if body, err = simplifiedchinese.GB18030.NewDecoder().Bytes(body); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}

// TestTechnicalColumnsLast checks that every merged CSV starts with the
// columns people read first and ends with those that trace a row.
func TestTechnicalColumnsLast(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	_, files := build(t, builder(st, reg, rd), request(bundle.ScopeAll))
	for _, f := range form.All() {
		header := readCSV(t, f.ID, files[bundle.FileName(f)])[0]
		if !slices.Equal(header[:3], []string{"所属地区", "填报单位", "报送期"}) {
			t.Errorf("%s starts %q", bundle.FileName(f), header[:3])
		}
		tail := header[len(header)-3:]
		if f == form.Report {
			tail = header[len(header)-4:]
		}
		want := []string{"提交编号", "表单版本", "行号"}
		if f == form.Report {
			want = []string{"提交编号", "表单版本", "文件存储位置", "行号"}
		}
		if !slices.Equal(tail, want) {
			t.Errorf("%s ends %q, want %q", bundle.FileName(f), tail, want)
		}
	}
}
