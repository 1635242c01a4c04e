package synth

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact output of a case and a report, so that a change
// of the pages benchmarks run on is a visible change of testdata/.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, i := range []int{0, 1} {
		name, body := Page(i, 1)
		golden := filepath.Join("testdata", filepath.Base(name))
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, body, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("Page(%d, 1) differs from %s; if the change is intended, run go test -update", i, golden)
		}
	}
}
