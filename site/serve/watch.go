package serve

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long a burst of file events must stay quiet before the
// change is reported: an editor's save (truncate, write, rename) is one
// change, not a rebuild of a half-written file.
const settle = 15 * time.Millisecond

// Watcher reports changes under a set of folders as the kernel notifies
// them (inotify, kqueue, …). Folders created later are watched too.
type Watcher struct {
	w *fsnotify.Watcher
}

// NewWatcher starts watching dirs and every folder below them: a change
// made after it returns is reported by Run.
func NewWatcher(dirs []string) (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
			w.Close()
			return nil, err
		}
	}
	return &Watcher{w: w}, nil
}

// addTree watches dir and the folders below it.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		if e.IsDir() {
			if err := w.Add(p); err != nil {
				return fmt.Errorf("watch %s: %w", p, err)
			}
		}
		return nil
	})
}

// Run calls changed once for each burst of changes (files written, added,
// removed or renamed) until ctx is done, then stops watching. changed runs
// on Run's goroutine: changes made while it runs are reported after it.
func (w *Watcher) Run(ctx context.Context, changed func()) {
	defer w.w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Chmod) && ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = addTree(w.w, ev.Name)
				}
			}
			timer.Reset(settle)
		case <-w.w.Errors:
			timer.Reset(settle) // events may have been lost: rebuild to be safe
		case <-timer.C:
			changed()
		}
	}
}

// Exists reports whether dir is an existing folder.
func Exists(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && info.IsDir()
}
