//go:build unix

package build

import (
	"fmt"
	"os"
	"testing"
	"time"

	"dunban/site/search"
	"dunban/site/spool"
)

// discard receives a build's files and keeps none.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkPages renders the pages of N synthetic articles, the lists' cards
// first, as the pages step of a build does, into an output that keeps
// nothing: the templates' share of a build, without loading, the search
// index or the file system. It reports the process's CPU seconds per run.
func BenchmarkPages(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			cfg := Config{Content: os.DirFS(synthSite(b, n)), API: "/api", Workers: 2, TempDir: b.TempDir(), Now: time.Now}
			forms, err := loadForms(cfg)
			if err != nil {
				b.Fatal(err)
			}
			sp := spool.New(cfg.TempDir, bodyMemory)
			defer sp.Close()
			bld := &builder{cfg: cfg, forms: forms, spool: sp, clock: &clock{}}
			arts, err := bld.load(search.NewBuilder())
			if err != nil {
				b.Fatal(err)
			}
			g, err := bld.check(arts)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu := cpuTime()
			for b.Loop() {
				if err := g.makeCards(); err != nil {
					b.Fatal(err)
				}
				if err := g.runJobs(discard{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
