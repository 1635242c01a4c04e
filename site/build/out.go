package build

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"dunban/site/search"
)

// marker is the file that tells a folder was written by this generator,
// so that a rebuild may replace it.
const marker = ".dunban-site"

// write renders every planned file and the search index into a fresh folder
// beside Out, then puts it in Out's place.
func (g *generator) write(index *search.Builder) (int, error) {
	out := filepath.Clean(g.cfg.Out)
	if err := checkOut(out); err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".new-")
	if err != nil {
		return 0, fmt.Errorf("create output: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := g.writeAll(tmp, index); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(tmp, marker), nil, 0o644); err != nil {
		return 0, fmt.Errorf("write output: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return 0, fmt.Errorf("write output: %w", err)
	}
	t := time.Now()
	defer g.clock.since("replace output", t)
	return len(g.jobs), swap(tmp, out)
}

func (g *generator) writeAll(root string, index *search.Builder) error {
	var wg sync.WaitGroup
	errs := make([]error, 3)
	timed := func(i int, name string, f func() error) func() {
		return func() {
			t := time.Now()
			defer g.clock.since(name, t)
			errs[i] = f()
		}
	}
	wg.Go(timed(0, "pages", func() error { return g.runJobs(root) }))
	wg.Go(timed(1, "search index", func() error { return index.Write(search.OSDir(root)) }))
	wg.Go(timed(2, "assets", func() error { return g.assets.Write(root) }))
	wg.Wait()
	return errors.Join(errs...)
}

// runJobs writes the planned files with Workers goroutines, after making
// every folder they need once.
func (g *generator) runJobs(root string) error {
	if err := g.makeDirs(root); err != nil {
		return err
	}
	next := make(chan int, 64)
	errs := make([]error, g.cfg.Workers)
	var wg sync.WaitGroup
	for w := range g.cfg.Workers {
		wg.Go(func() {
			bw := bufio.NewWriterSize(nil, 64<<10)
			var scratch []byte
			for i := range next {
				if errs[w] == nil {
					errs[w] = writeFile(root, g.jobs[i], bw, &scratch)
				}
			}
		})
	}
	for i := range g.jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// makeDirs creates the folders of all planned files, parents first.
func (g *generator) makeDirs(root string) error {
	seen := map[string]bool{}
	var dirs []string
	for _, j := range g.jobs {
		for d := filepath.Dir(filePath(root, j.path)); d != root && !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return nil
}

func filePath(root, p string) string {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

func writeFile(root string, j job, bw *bufio.Writer, scratch *[]byte) error {
	f, err := os.OpenFile(filePath(root, j.path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", j.path, err)
	}
	bw.Reset(f)
	err = j.write(bw, scratch)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", j.path, err)
	}
	return nil
}

// checkOut refuses to replace a folder that this generator did not write.
func checkOut(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
		return fmt.Errorf("output %s exists and was not written by dunban (no %s); choose another folder or remove it", out, marker)
	}
	return nil
}

// swap puts the new folder in place of out, then removes the old one.
func swap(tmp, out string) error {
	old := tmp + ".old"
	hadOld := true
	if err := os.Rename(out, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return fmt.Errorf("replace output: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("replace output: %w", err)
	}
	if hadOld {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove old output: %w", err)
		}
	}
	return nil
}
