package search

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestIndexGolden dumps the index of the sample documents in readable form
// and compares it with testdata/index.golden (go test -update rewrites it),
// so any change to the file formats the script reads shows up in review.
func TestIndexGolden(t *testing.T) {
	dir := build(t, sample)
	m := readMeta(t, dir)
	var out bytes.Buffer
	fmt.Fprintf(&out, "meta.json: %s\n", dir.files["search/meta.json"])
	all := allPostings(t, dir, m)
	for _, term := range slices.Sorted(maps.Keys(all)) {
		fmt.Fprintf(&out, "term %s:", term)
		for _, p := range all[term] {
			title := ""
			if p.weight&0x80 != 0 {
				title = "T"
			}
			fmt.Fprintf(&out, " %d/%d%s", p.doc, p.weight&0x7f, title)
		}
		out.WriteString("\n")
	}
	fmt.Fprintf(&out, "lengths.bin: % x\n", dir.files["search/d/lengths.bin"])
	out.Write(dir.files["search/d/0.txt"])
	golden := filepath.Join("testdata", "index.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("index differs from %s (go test -update to accept):\n%s", golden, out.String())
	}
}
