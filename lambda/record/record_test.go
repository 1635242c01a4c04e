package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"dunban/lambda/excelcsv"
)

func TestIDRoundTrip(t *testing.T) {
	at := time.Date(2021, 3, 31, 23, 30, 0, 123e6, Zone) // 15:30 UTC: still March in Beijing
	id := New(at)
	if id.Version() != 7 || !id.Time().Equal(at) {
		t.Fatalf("id %s: version %d, time %v", id, id.Version(), id.Time())
	}
	back, err := Parse(strings.ToUpper(id.String()))
	if err != nil || back != id {
		t.Errorf("parse upper case: %v %v", back, err)
	}
	for _, bad := range []string{"", "0178afe0-4c00-4a3b-9c1d-2e3f4a5b6c7d", "0178afe0-4c00-7a3b-1c1d-2e3f4a5b6c7d",
		"0178afe0x4c00-7a3b-9c1d-2e3f4a5b6c7d", "../../etc/passwd"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A derived id carries the fingerprint's own bytes (not a hash of them).
func TestDerive(t *testing.T) {
	at := time.Date(2021, 4, 1, 0, 0, 0, 0, Zone)
	fx, fy := sha256.Sum256([]byte("x")), sha256.Sum256([]byte("y"))
	d1, d2 := Derive(at, fx[:]), Derive(at, fx[:])
	if d1 != d2 || d1.Version() != 8 || Derive(at, fy[:]) == d1 || !d1.Time().Equal(at) {
		t.Errorf("derived ids %s %s", d1, d2)
	}
	if d1[7] != fx[1] || d1[9] != fx[3] || !slices.Equal(d1[10:], fx[4:10]) {
		t.Errorf("id %s does not hold the fingerprint bytes %x", d1, fx[:10])
	}
}

// Submissions are filed by period, whatever the id's time.
func TestSubmissionKey(t *testing.T) {
	phone := New(time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC)) // minted years later
	for _, c := range []struct{ form, period, want string }{
		{"monthly", "2021-04", "submissions/form=monthly/year=2021/month=04/"},
		{"monthly", "2021-12", "submissions/form=monthly/year=2021/month=12/"},
		{"arrangement", "2021", "submissions/form=arrangement/year=2021/month=01/"},
		{"report", "2021-H1", "submissions/form=report/year=2021/month=01/"},
		{"report", "2021-H2", "submissions/form=report/year=2021/month=07/"},
	} {
		key, err := SubmissionKey(c.form, c.period, phone)
		if err != nil || key != c.want+phone.String()+".csv" {
			t.Errorf("%s %s: %q %v, want %s…", c.form, c.period, key, err, c.want)
		}
		p, id, err := ParseKey(key)
		if err != nil || id != phone || p.Prefix() != c.want {
			t.Errorf("ParseKey(%s) = %v %v %v", key, p, id, err)
		}
	}
	for _, bad := range []string{"", "2021-13", "2021-H3", "2021-Q3", "21-04", "2021-"} {
		if _, err := SubmissionKey("monthly", bad, phone); err == nil {
			t.Errorf("period %q accepted", bad)
		}
	}
	if k, _ := MarkdownKey("2021", phone); k != "submissions/case-markdown/year=2021/month=01/"+phone.String()+".md" {
		t.Errorf("markdown key %s", k)
	}
}

func TestTimedKeys(t *testing.T) {
	at := time.Date(2021, 6, 30, 16, 30, 0, 0, time.UTC) // 1 July in Beijing
	id := New(at)
	if k := UploadKey("report", id, ".PDF"); k != "uploads/report/year=2021/month=07/"+id.String()+".pdf" {
		t.Errorf("upload key %s", k)
	}
	if k := AuditKey(at, "x"); k != "logs/admin/year=2021/month=07/20210701T003000-x.json" {
		t.Errorf("audit key %s", k)
	}
	if k := BundleKey(at, "b"); k != "bundles/2021-07-01/b.zip" {
		t.Errorf("bundle key %s", k)
	}
}

// The Athena projection template, filled in, is the prefix of the keys written.
func TestProjectionTemplate(t *testing.T) {
	key, _ := SubmissionKey("report", "2021-H2", New(time.Now()))
	prefix := strings.NewReplacer("${year}", "2021", "${month}", "07").Replace(ProjectionTemplate("report"))
	if !strings.HasPrefix(key, prefix) {
		t.Errorf("key %s is not under %s", key, prefix)
	}
}

func TestEncodeDecode(t *testing.T) {
	header := []string{"提交编号", "说明"}
	recs := [][]string{{"a", "=1+1"}, {"b", "＝HYPERLINK(\"x\")"}, {"c", "'=x"}, {"d", "多行\n文本,\"引号\""}, {"e", "－5"}}
	b := Encode(header, recs)
	if !strings.HasPrefix(string(b), BOM) {
		t.Fatal("no BOM")
	}
	for _, raw := range []string{"'=1+1", "'＝HYPERLINK", "''=x", "'－5"} {
		if !strings.Contains(string(b), raw) {
			t.Errorf("stored CSV lacks guarded %q:\n%s", raw, b)
		}
	}
	h, got, err := Decode(b)
	if err != nil || !slices.Equal(h, header) || len(got) != len(recs) {
		t.Fatalf("decode: %v %v %v", h, got, err)
	}
	for i := range recs {
		if !slices.Equal(got[i], recs[i]) {
			t.Errorf("record %d: %q, want %q", i, got[i], recs[i])
		}
	}
	for _, bad := range [][]byte{nil, []byte(BOM + "a,b\n"), []byte("a,b\n1,2,3\n"), []byte("a\n\"open\n")} {
		if _, _, err := Decode(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

// FuzzGuard checks that the guard is lossless for any cell and leaves
// nothing a spreadsheet would run (the text formula ="…" only shows text).
func FuzzGuard(f *testing.F) {
	for _, s := range []string{"", "=", "'=", "''=x", "'", "a=b", "+86", "@", "\t1", "'''", "＝1", "'＠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := Guard(s)
		if Unguard(g) != s {
			t.Fatalf("guard(%q) = %q reads back as %q", s, g, Unguard(g))
		}
		if excelcsv.Read(g).Kind == excelcsv.Formula {
			t.Fatalf("guarded %q still starts a formula", g)
		}
	})
}

// FuzzParseKey: any accepted key prints back as itself.
func FuzzParseKey(f *testing.F) {
	f.Add("submissions/form=monthly/year=2021/month=04/0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d.csv")
	f.Add("submissions/form=case/year=2021/month=13/x.csv")
	f.Fuzz(func(t *testing.T, key string) {
		p, id, err := ParseKey(key)
		if err != nil {
			return
		}
		if got := p.Key(id); !strings.EqualFold(got, key) {
			t.Fatalf("%q reads as %v %s, which prints as %q", key, p, id, got)
		}
	})
}

// TestStoredOpensInExcel opens a stored object as Excel or WPS would: the
// phone numbers keep every digit, nothing runs as a formula.
func TestStoredOpensInExcel(t *testing.T) {
	b := Encode([]string{"填表人", "联系电话", "座机", "工作单位及职务", "访谈人数"},
		[][]string{{"王芳", "13800000000", "04716931811", "=HYPERLINK(\"x\")", "12"}})
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(BOM))))
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, cell := range all[1] {
		v := excelcsv.Read(cell)
		if v.Kind != excelcsv.Text && v.Kind != excelcsv.Number || v.Kind == excelcsv.Number && v.Shown != cell {
			t.Errorf("%q opens as %v %q", cell, v.Kind, v.Shown)
		}
		shown = append(shown, v.Shown)
	}
	if want := []string{"王芳", "13800000000", "04716931811", "'=HYPERLINK(\"x\")", "12"}; !slices.Equal(shown, want) {
		t.Errorf("Excel shows %q, want %q", shown, want)
	}
}
