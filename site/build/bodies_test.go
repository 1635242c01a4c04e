package build

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// files is a build's output held in memory.
type files struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (f *files) WriteFile(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[name] = bytes.Clone(data)
	return nil
}

func buildAt(t *testing.T, fsys fstest.MapFS, api string, at time.Time, kept *Bodies) map[string][]byte {
	t.Helper()
	out := &files{files: map[string][]byte{}}
	if _, err := Build(Config{Content: fsys, Output: out, API: api, Now: func() time.Time { return at }, Bodies: kept}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return out.files
}

// TestKeptBodiesMatchDrawnOnes builds twice keeping the form and admin
// bodies, and checks the second build is the one drawn afresh: the build
// time a form carries (rendered_at) is the second build's, and a change to
// the units, the API or the minute is drawn again.
func TestKeptBodiesMatchDrawnOnes(t *testing.T) {
	t.Parallel()
	t0 := fixedNow().Add(10 * time.Second)
	fewerUnits := func(fsys fstest.MapFS) {
		lines := bytes.SplitAfter(bytes.TrimRight(fsys["units.csv"].Data, "\n"), []byte("\n"))
		fsys["units.csv"] = &fstest.MapFile{Data: bytes.Join(lines[:len(lines)-1], nil)}
	}
	tests := []struct {
		name   string
		at     time.Time
		api    string
		change func(fstest.MapFS)
	}{
		{"same minute", t0.Add(20*time.Second + 3*time.Millisecond), "/api", nil},
		{"next minute", t0.Add(time.Minute), "/api", nil},
		{"units changed", t0.Add(time.Second), "/api", fewerUnits},
		{"api changed", t0.Add(time.Second), "https://api.example.org", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fixture(t, "small").(fstest.MapFS)
			kept := &Bodies{}
			buildAt(t, fsys, "/api", t0, kept)
			if tt.change != nil {
				tt.change(fsys)
			}
			got := buildAt(t, fsys, tt.api, tt.at, kept)
			want := buildAt(t, fsys, tt.api, tt.at, nil)
			stamp := fmt.Sprintf(`name="rendered_at" value="%s"`, strconv.FormatInt(tt.at.UnixMilli(), 10))
			if !bytes.Contains(got["forms/arrangement/index.html"], []byte(stamp)) {
				t.Errorf("the annual form does not carry %s", stamp)
			}
			for _, name := range slices.Sorted(maps.Keys(want)) {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("%s differs from the one drawn afresh: %s", name, firstDiff(want[name], got[name]))
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d files, want %d", len(got), len(want))
			}
		})
	}
}
