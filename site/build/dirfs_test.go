package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDirFS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string][]byte{
		"a.md":           []byte("---\ntitle: \"甲\"\n---\n正文\n"),
		"cases/empty.md": nil,
		"cases/big.md":   bytes.Repeat([]byte("驻校蹲班"), 5000),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "a.md", "cases/empty.md", "cases/big.md"); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := fs.ReadFile(fsys, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
	}
	for _, name := range []string{"missing.md", "cases", "../a.md"} {
		_, err := fs.ReadFile(fsys, name)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != name || strings.Contains(err.Error(), dir) {
			t.Errorf("ReadFile(%s) error = %v", name, err)
		}
	}
	if _, err := fs.ReadFile(fsys, "missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}
