package content

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"
)

// FuzzFrontMatter feeds arbitrary files to the loader: it must never panic,
// and every problem must point at a line of the file.
func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte(goodCase))
	f.Add([]byte(goodNotice))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\ntitle: [a, b\n---\n"))
	f.Add([]byte("---\ntags: {a: 1}\ndate: 2021-13-01\nregion: !!binary aGk=\n---\n![x](//evil/x.png)"))
	f.Add([]byte("---\n- a\n- b\n---\n"))
	f.Add([]byte("+++\ntitle = 1\n+++\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"cases/f.md": &fstest.MapFile{Data: data}}
		l := &Loader{Vocabulary: vocab, Bodies: &bodyStore{}, Workers: 1}
		arts, err := l.Load(fsys)
		lines := bytes.Count(data, []byte("\n")) + 1
		var errs Errors
		switch {
		case errors.As(err, &errs):
			for _, p := range errs {
				if p.File != "cases/f.md" || p.Line < 1 || p.Line > lines {
					t.Errorf("problem at %s:%d outside the file's %d lines: %s", p.File, p.Line, lines, p.Msg)
				}
			}
		case err != nil:
			t.Errorf("error is %T, want Errors: %v", err, err)
		default:
			for _, a := range arts {
				if a.URL != "/cases/f/" || a.Title == "" || a.Date.IsZero() {
					t.Errorf("accepted an incomplete article: %+v", a)
				}
			}
		}
	})
}
