package deploy

import (
	"io/fs"
	"testing/fstest"
)

// emptyFS is a site with no files: syncing it deletes everything.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) { return fstest.MapFS{}.Open(name) }
