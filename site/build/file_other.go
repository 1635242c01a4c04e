//go:build !unix

package build

import (
	"bytes"
	"io/fs"
	"os"
)

// createFile creates or truncates p and writes data.
func createFile(p string, data []byte) error {
	return os.WriteFile(p, data, 0o644)
}

// readFile reads the whole file p.
func readFile(p string) ([]byte, error) { return os.ReadFile(p) }

// sameFile reports whether the file p holds exactly data.
func sameFile(p string, data []byte, _ *[]byte) bool {
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, data)
}

// openRegular opens nothing: the caller opens every file the usual way.
func openRegular(_, _ string) (fs.File, bool) { return nil, false }
