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
	t.Parallel()
	dir := build(t, sample)
	m := readMeta(t, dir)
	var out bytes.Buffer
	fmt.Fprintf(&out, "meta.json: %s\n", dir.files["search/meta.json"])
	all := allPostings(t, dir, m)
	for _, term := range slices.Sorted(maps.Keys(all)) {
		fmt.Fprintf(&out, "term %s:", term)
		for _, p := range all[term] {
			title := ""
			if p.weight&weightTitle != 0 {
				title = "T"
			}
			next := ""
			if p.next != 0 {
				next = fmt.Sprintf(">%03x", p.next)
			}
			fmt.Fprintf(&out, " %d/%d%s%s", p.doc, p.weight&weightLevels, title, next)
		}
		out.WriteString("\n")
	}
	for _, name := range []string{shardName(0), nextName(0), "search/d/0.txt", commonName} {
		fmt.Fprintf(&out, "%s:\n%s\n", name, dir.files[name])
	}
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
