package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dunban/site/output"
)

// marker is the file that tells a folder was written by this generator,
// so that a rebuild may replace it.
const marker = ".dunban-site"

// write renders every planned page and the assets into out.
func (g *generator) write(out output.Files) error {
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
func (g *generator) runJobs(out output.Files) error {
	var next atomic.Int64
	errs := make([]error, g.cfg.Workers)
	var wg sync.WaitGroup
	for w := range g.cfg.Workers {
		wg.Go(func() {
			var buf bytes.Buffer
			var scratch []byte
			for i := int(next.Add(1) - 1); i < len(g.jobs) && errs[w] == nil; i = int(next.Add(1) - 1) {
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

// dirOutput writes files below a folder on disk and remembers their names.
type dirOutput struct {
	root string
	// fresh is true when the folder was missing or empty: nothing to
	// compare with and nothing stale to remove.
	fresh   bool
	mu      sync.Mutex
	written map[string]bool
	once    sync.Once
	openErr error
	scratch sync.Pool // *[]byte for comparing old files
}

// open makes the folder and its marker on the first write, so that a
// build that fails before writing leaves the folder as it was.
func (d *dirOutput) open() error {
	d.once.Do(func() {
		if err := os.MkdirAll(d.root, 0o755); err != nil {
			d.openErr = fmt.Errorf("create output: %w", err)
			return
		}
		p := filepath.Join(d.root, marker)
		d.openErr = createFile(p, nil)
		d.written[p] = true
	})
	return d.openErr
}

// WriteFile creates or overwrites name, making its folder if needed.
func (d *dirOutput) WriteFile(name string, data []byte) error {
	if err := d.open(); err != nil {
		return err
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	write := createFile
	if !d.fresh {
		write = d.updateFile
	}
	err := write(p, data)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = write(p, data)
		}
	}
	if err == nil {
		d.mu.Lock()
		d.written[p] = true
		d.mu.Unlock()
	}
	return err
}

// updateFile writes data to p unless p already holds exactly that, which
// spares the disk on a rebuild and keeps unchanged files' times for syncing.
func (d *dirOutput) updateFile(p string, data []byte) error {
	scratch, _ := d.scratch.Get().(*[]byte)
	if scratch == nil {
		scratch = new([]byte)
	}
	same := sameFile(p, data, scratch)
	d.scratch.Put(scratch)
	if same {
		return nil
	}
	return createFile(p, data)
}

// makeDirs creates the folders of all planned pages once, parents first,
// so that writing them needs no failed opens or repeated checks. A rebuild
// skips it: its folders mostly exist, and WriteFile makes any new one.
func (d *dirOutput) makeDirs(jobs []job) error {
	if err := d.open(); err != nil || !d.fresh {
		return err
	}
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

// WriteDir has write put a build into the folder out, then removes what
// an earlier build left there that this one did not write. Files are
// overwritten in place, which is much cheaper than replacing the whole tree.
// It refuses to touch a folder that this generator did not write.
func WriteDir(out string, write func(output.Files) error) error {
	out = filepath.Clean(out)
	fresh, err := checkOut(out)
	if err != nil {
		return err
	}
	d := &dirOutput{root: out, fresh: fresh, written: map[string]bool{}}
	if err := write(d); err != nil {
		return err
	}
	if d.fresh {
		return d.open()
	}
	return d.prune()
}

// prune removes files not written by this build, then the folders that
// hold none of its files. It reads the tree a level at a time, each level's
// folders on all cores.
func (d *dirOutput) prune() error {
	if err := d.open(); err != nil {
		return err
	}
	keep := map[string]bool{d.root: true}
	for p := range d.written {
		for dir := filepath.Dir(p); !keep[dir]; dir = filepath.Dir(dir) {
			keep[dir] = true
		}
	}
	workers := runtime.GOMAXPROCS(0)
	subs := make([][]string, workers)
	errs := make([]error, workers)
	for level := []string{d.root}; len(level) > 0; {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := range workers {
			subs[w] = subs[w][:0]
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(level) && errs[w] == nil; i = int(next.Add(1) - 1) {
					subs[w], errs[w] = d.pruneDir(level[i], keep, subs[w])
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("remove stale output: %w", err)
		}
		level = slices.Concat(subs...)
	}
	return nil
}

// pruneDir removes what dir holds that this build did not write, and
// appends the folders left to look into to subs.
func (d *dirOutput) pruneDir(dir string, keep map[string]bool, subs []string) ([]string, error) {
	// os.ReadDir, unlike os.Open, does not offer the folder to the poller.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return subs, err
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() && keep[p]:
			subs = append(subs, p)
		case e.IsDir():
			err = os.RemoveAll(p)
		case !d.written[p]:
			err = os.Remove(p)
		}
		if err != nil {
			return subs, err
		}
	}
	return subs, nil
}

// checkOut refuses to replace a folder that this generator did not write;
// fresh is true when the folder is missing or empty.
func checkOut(out string) (fresh bool, err error) {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("output %s: %w", out, err)
	}
	if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
		return false, fmt.Errorf("output %s exists and was not written by dunban (no %s); choose another folder or remove it", out, marker)
	}
	return false, nil
}
