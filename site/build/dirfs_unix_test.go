//go:build unix

package build

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDirFSOpenRaw holds that DirFS opens a regular file without os.File
// (the loader opens every content file through Open) and a folder with it.
func TestDirFSOpenRaw(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("正文"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := DirFS(dir)
	f, err := fsys.Open("a.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.(*rawFile); !ok {
		t.Errorf("Open(a.md) = %T, want *rawFile", f)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}
	if err := f.Close(); err == nil {
		t.Error("second Close: no error")
	}
	d, err := fsys.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, ok := d.(*os.File); !ok {
		t.Errorf("Open(.) = %T, want *os.File", d)
	}
}
