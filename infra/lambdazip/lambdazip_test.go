package lambdazip_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"dunban/infra/lambdazip"
)

func TestWriteIsReproducibleAndExecutable(t *testing.T) {
	content := fstest.MapFS{
		"units.csv":         {Data: []byte("name,kind\n包头市团委,盟市\n")},
		"rounds/2021.json":  {Data: []byte(`{"year":2021}`)},
		"notices/notice.md": {Data: []byte("# not in the zip")},
	}
	data, err := lambdazip.Data(content)
	if err != nil {
		t.Fatal(err)
	}
	entries := append([]lambdazip.Entry{{Name: "bootstrap", Mode: 0o755, Data: []byte("\x7fELF…")}}, data...)
	var a, b bytes.Buffer
	sumA, err := lambdazip.Write(&a, entries)
	if err != nil {
		t.Fatal(err)
	}
	// Reversed input order, same zip.
	rev := []lambdazip.Entry{entries[2], entries[1], entries[0]}
	sumB, _ := lambdazip.Write(&b, rev)
	if sumA != sumB || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same inputs gave different zips")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"bootstrap": "-rwxr-xr-x", "rounds/2021.json": "-rw-r--r--", "units.csv": "-rw-r--r--"}
	if len(zr.File) != len(want) {
		t.Fatalf("zip holds %d files, want %d", len(zr.File), len(want))
	}
	for _, f := range zr.File {
		if got := f.Mode().String(); got != want[f.Name] {
			t.Errorf("%s: mode %s, want %s", f.Name, got, want[f.Name])
		}
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "units.csv" && string(body) != string(content["units.csv"].Data) {
			t.Errorf("units.csv changed in the zip: %q", body)
		}
	}
}

func TestDataNeedsRounds(t *testing.T) {
	if _, err := lambdazip.Data(fstest.MapFS{"units.csv": {Data: []byte("x")}}); err == nil {
		t.Fatal("a content folder without rounds/*.json was accepted")
	}
}

func TestAdmins(t *testing.T) {
	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	cases := []struct {
		in   string
		n    int
		fail bool
	}{
		{in: `[]`, n: 0},
		{in: `[{"name":"包头市团委 王芳","scope":"包头市","sha256":"` + hash + `"},{"name":"自治区团委","scope":"全区","sha256":"` + hash + `"}]`, n: 2},
		{in: `[{"name":"x","scope":"包头市","sha256":"test"}]`, fail: true},                     // a token, not a hash
		{in: `[{"name":"x","scope":"包头市","sha256":"` + hash + `","token":"t"}]`, fail: true}, // unknown field
		{in: `[{"name":"","scope":"包头市","sha256":"` + hash + `"}]`, fail: true},              // no name
		{in: `{"name":"x"}`, fail: true}, // not a list
		{in: `[{"name":"x","scope":"包头市","sha256":"` + strings.ToUpper(hash) + `"}]`, fail: true}, // upper case
	}
	for _, c := range cases {
		e, n, err := lambdazip.Admins([]byte(c.in))
		if c.fail != (err != nil) || n != c.n {
			t.Errorf("%s: n %d err %v", c.in, n, err)
		}
		if err == nil && (e.Name != "admins.json" || string(e.Data) != c.in) {
			t.Errorf("%s: entry %q", c.in, e.Name)
		}
	}
}
