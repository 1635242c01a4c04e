package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, name := range []string{"a.txt", "search/t/0a.txt", "search/t/0b.txt"} {
		if err := Dir(root).WriteFile(name, []byte(name)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil || string(got) != name {
			t.Errorf("%s holds %q, %v", name, got, err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Dir(root).WriteFile("file/x", []byte("x")); err == nil {
		t.Error("writing below a file succeeded")
	}
}
