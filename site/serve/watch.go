package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Watch polls the folders every interval and calls changed when a file was
// added, removed or modified since the previous look. It returns when ctx
// is done. Polling needs no platform support and is cheap for a content tree.
func Watch(ctx context.Context, dirs []string, interval time.Duration, changed func()) {
	last := snapshot(dirs)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := snapshot(dirs)
			if !equal(last, now) {
				last = now
				changed()
			}
		}
	}
}

type stamp struct {
	size int64
	mod  time.Time
}

func snapshot(dirs []string) map[string]stamp {
	m := map[string]stamp{}
	for _, d := range dirs {
		_ = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			if info, err := e.Info(); err == nil {
				m[p] = stamp{info.Size(), info.ModTime()}
			}
			return nil
		})
	}
	return m
}

func equal(a, b map[string]stamp) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Exists reports whether dir is an existing folder.
func Exists(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && info.IsDir()
}
