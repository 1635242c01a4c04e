package build

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// DirFS is os.DirFS(dir) with a ReadFile that costs fewer system calls:
// a build reads every file of the content folder once.
func DirFS(dir string) fs.FS { return dirFS{os.DirFS(dir).(fullFS), dir} }

// fullFS is what os.DirFS provides.
type fullFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
}

type dirFS struct {
	fullFS
	dir string
}

// Open opens the named file, as os.DirFS does; a regular file is opened
// and read with the system calls directly (openRegular): the loader opens
// every content file once, and os.File would also try to register each
// with the runtime's poller, which regular files refuse.
func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := openRegular(filepath.Join(d.dir, filepath.FromSlash(name)), path.Base(name)); ok {
		return f, nil
	}
	return d.fullFS.Open(name)
}

// ReadFile reads the named file, as os.DirFS does.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := readFile(filepath.Join(d.dir, filepath.FromSlash(name)))
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name
	}
	return data, err
}
