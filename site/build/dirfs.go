package build

import (
	"io/fs"
	"os"
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
