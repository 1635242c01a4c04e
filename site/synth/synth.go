// Package synth makes deterministic synthetic case and report pages for
// benchmarks of the portal generator and its search index. It depends on the
// standard library and the form schema (for the regions and school types)
// only.
//
// Page i of a set is a markdown file with the same front matter as the
// hand-written pages in content/cases and content/reports (title, date,
// author, unit, region, school_type, school, tags, summary, draft, slug) and a
// Chinese body of about 1,800 characters with h2/h3 headings, a numbered list,
// a GFM table and one internal link to another page of the same set.
//
// Layout written by Write(dir, n, seed), for i in 0..n-1:
//
//	dir/cases/synth-<seed>-<i>.md     even i: 优秀工作案例
//	dir/reports/synth-<seed>-<i>.md   odd i:  调研报告
//
// (the seed is written in decimal with a leading "m" for negative seeds; i is
// zero-padded to six digits). Nothing else is written, so a benchmark that
// also wants the notice copies it in itself.
//
// The link of page i points to a page j < i (page 0 links to page 1), so no
// link is broken in any set of n ≥ 2 pages. The URL form is /cases/<slug>/ or
// /reports/<slug>/, where the slug equals the file's base name.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Page returns the relative file name (e.g. "cases/synth-1-000000.md") and
// the markdown text of page i of the set made with seed.
func Page(i int, seed int64) (name string, body []byte) {
	m := metaOf(i, seed)
	return m.section + "/" + m.slug + ".md", render(m, i, seed)
}

// Write writes pages 0..n-1 made with seed under dir/cases and dir/reports,
// creating both folders, on all CPUs. Making a page takes some 15 µs, so the
// time of Write is mostly the file system's.
func Write(dir string, n int, seed int64) error {
	for _, s := range []string{"cases", "reports"} {
		if err := os.MkdirAll(filepath.Join(dir, s), 0o755); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				name, body := Page(i, seed)
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), body, 0o644); err != nil {
					errs[w] = fmt.Errorf("synth: write page %d: %w", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
