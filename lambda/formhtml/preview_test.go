package formhtml

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPreview writes every page as a complete HTML file into $FORMHTML_PREVIEW
// (with the assets beside them) for a person to open; it skips otherwise.
func TestPreview(t *testing.T) {
	dir := os.Getenv("FORMHTML_PREVIEW")
	if dir == "" {
		t.Skip("set FORMHTML_PREVIEW=<dir> to write preview pages")
	}
	c := content(t)
	for _, name := range []string{Script, Style} {
		b, _ := fsReadFile(name)
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	for _, f := range formsAll() {
		var buf bytes.Buffer
		buf.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>` + f.Title + `</title></head><body class="df-page">`)
		opt := options(c)
		opt.Style, opt.Script = Style, Script
		if err := Fragment(&buf, f, opt); err != nil {
			t.Fatal(err)
		}
		buf.WriteString(`</body></html>`)
		os.WriteFile(filepath.Join(dir, f.ID+".html"), buf.Bytes(), 0o644)
	}
}
