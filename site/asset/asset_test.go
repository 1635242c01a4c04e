package asset

import (
	"regexp"
	"testing"
	"testing/fstest"
)

type files map[string][]byte

func (f files) WriteFile(name string, data []byte) error { f[name] = data; return nil }

func TestFingerprints(t *testing.T) {
	t.Parallel()
	s := NewSet()
	a := s.Add("app.css", []byte("body{}"))
	b := s.Add("app.css", []byte("body{color:red}"))
	if !regexp.MustCompile(`^/assets/app\.[0-9a-f]{10}\.css$`).MatchString(b) || a == b {
		t.Errorf("URLs %s, %s: want a content hash that changes with the content", a, b)
	}
	if s.URL("app.css") != b || s.URL("none.js") != "" {
		t.Errorf("URL lookup wrong")
	}
	if err := s.AddFS("forms", fstest.MapFS{"forms.js": {Data: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/assets/forms/forms\.[0-9a-f]{10}\.js$`).MatchString(s.URL("forms/forms.js")) {
		t.Errorf("AddFS URL %s", s.URL("forms/forms.js"))
	}
	out := files{}
	if err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	if string(out[b[1:]]) != "body{color:red}" || len(out) != 3 {
		t.Errorf("written: %v", out)
	}
}
