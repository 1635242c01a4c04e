package synth

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func proseModel(t testing.TB) *Prose {
	t.Helper()
	m, err := NewProse(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func gzipRatio(t *testing.T, data []byte) float64 {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return float64(len(data)) / float64(b.Len())
}

// TestProseCompresses checks that the text of 128 prose pages gzips like the
// project's own articles (2.5–2.9×), not like repeated sentences (20×), and
// that 团日 — a query that matches most pages of a portal about this
// programme — is in most of them.
func TestProseCompresses(t *testing.T) {
	t.Parallel()
	m := proseModel(t)
	var all bytes.Buffer
	with := 0
	for i := range 128 {
		_, page := m.Page(i, 1)
		_, body := splitPage(page)
		all.Write(body)
		if bytes.Contains(body, []byte("团日")) {
			with++
		}
	}
	if r := gzipRatio(t, all.Bytes()); r < 2.4 || r > 3.0 {
		t.Errorf("prose gzips %.2f×, want 2.4–3.0×", r)
	}
	if with < 64 {
		t.Errorf("团日 in %d of 128 pages, want most", with)
	}
}

func TestProsePage(t *testing.T) {
	t.Parallel()
	m := proseModel(t)
	for _, i := range []int{0, 1, 77} {
		name, page := m.Page(i, 5)
		wantName, orig := Page(i, 5)
		if name != wantName {
			t.Errorf("page %d named %q, Page names it %q", i, name, wantName)
		}
		front, body := splitPage(page)
		origFront, origBody := splitPage(orig)
		if !bytes.Equal(front, origFront) {
			t.Errorf("page %d: front matter differs from Page's", i)
		}
		if !bytes.Contains(body, []byte("相关做法可参阅[")) || !bytes.Contains(body, []byte("\n## 一、")) {
			t.Errorf("page %d: no link or no heading:\n%s", i, body)
		}
		n, want := utf8.RuneCount(body), utf8.RuneCount(origBody)
		if n < want*8/10 || n > want*14/10 {
			t.Errorf("page %d: %d characters, Page's body has %d", i, n, want)
		}
		if _, again := m.Page(i, 5); !bytes.Equal(page, again) {
			t.Errorf("page %d differs between two calls", i)
		}
		if strings.Contains(string(body), "](/notices/") {
			t.Errorf("page %d copies a link target of the training text", i)
		}
	}
}

func TestNewProseTooLittle(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"a.md": {Data: []byte("---\ntitle: x\n---\n很短的一段话。\n")}}
	if _, err := NewProse(fsys); err == nil {
		t.Error("a model trained on one sentence: no error")
	}
}
