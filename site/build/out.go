package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Output receives the files of a build. Names are slash-separated paths
// below the site root, e.g. "cases/baotou/index.html". WriteFile is called
// from several goroutines at once and must not keep data after it returns.
type Output interface {
	WriteFile(name string, data []byte) error
}

// marker is the file that tells a folder was written by this generator,
// so that a rebuild may replace it.
const marker = ".dunban-site"

// write renders every planned page and the assets into out.
func (g *generator) write(out Output) error {
	if d, ok := out.(*dirOutput); ok {
		if err := d.makeDirs(g.jobs); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	var pagesErr, assetsErr error
	wg.Go(func() {
		t := time.Now()
		defer g.clock.since("pages", t)
		pagesErr = g.runJobs(out)
	})
	wg.Go(func() { assetsErr = g.assets.Write(out) })
	wg.Wait()
	return errors.Join(pagesErr, assetsErr)
}

// runJobs renders the planned files with Workers goroutines.
func (g *generator) runJobs(out Output) error {
	next := make(chan int, 64)
	errs := make([]error, g.cfg.Workers)
	var wg sync.WaitGroup
	for w := range g.cfg.Workers {
		wg.Go(func() {
			var buf bytes.Buffer
			var scratch []byte
			for i := range next {
				if errs[w] != nil {
					continue
				}
				j := g.jobs[i]
				buf.Reset()
				err := j.write(&buf, &scratch)
				if err == nil {
					err = out.WriteFile(fileName(j.path), buf.Bytes())
				}
				if err != nil {
					errs[w] = fmt.Errorf("write %s: %w", j.path, err)
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

// fileName is the file of a site path: folders get their index.html.
func fileName(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// dirOutput writes files below a folder on disk.
type dirOutput struct {
	root string
}

// WriteFile creates name, making its folder if needed.
func (d *dirOutput) WriteFile(name string, data []byte) error {
	p := filepath.Join(d.root, filepath.FromSlash(name))
	err := writeNew(p, data)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = writeNew(p, data)
		}
	}
	return err
}

func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// makeDirs creates the folders of all planned pages once, parents first,
// so that writing them needs no failed opens or repeated checks.
func (d *dirOutput) makeDirs(jobs []job) error {
	seen := map[string]bool{}
	var dirs []string
	for _, j := range jobs {
		for p := filepath.Dir(filepath.Join(d.root, filepath.FromSlash(fileName(j.path)))); p != d.root && !seen[p]; p = filepath.Dir(p) {
			seen[p] = true
			dirs = append(dirs, p)
		}
	}
	slices.Sort(dirs)
	for _, p := range dirs {
		if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return nil
}

// ReplaceDir has write fill a fresh folder beside out, marks it as written
// by this generator, then puts it in out's place. It refuses to replace a
// folder that this generator did not write.
func ReplaceDir(out string, write func(tmp string) error) error {
	out = filepath.Clean(out)
	if err := checkOut(out); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".new-")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := write(tmp); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, marker), nil, 0o644); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return swap(tmp, out)
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
