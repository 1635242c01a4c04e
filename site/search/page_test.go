package search

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestRenderPageGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := RenderPage(&buf, Page{ScriptURL: "/assets/search.0123abcd.js",
		Browse: []Link{{"优秀工作案例", "/cases/"}, {"调研报告", "/reports/"}, {"按地区", "/browse/"}}})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "page.golden.html")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("page differs from %s (go test -update to accept):\n%s", golden, buf.String())
	}
}

func TestRenderPage(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := RenderPage(&buf, Page{IndexURL: "/portal/search/", ScriptURL: "/s.js",
		Browse: []Link{{`<b>"x"</b>`, "javascript:alert(1)"}}})
	if err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		`data-search-index="/portal/search/"`, `<label for="search-q"`, `name="q"`, `method="get"`,
		`aria-live="polite"`, `<noscript>`, `需要浏览器启用 JavaScript`, `&lt;b&gt;`, `#ZgotmplZ`, `<script src="/s.js" defer>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if err := RenderPage(&buf, Page{}); err == nil {
		t.Errorf("no error without a script URL")
	}
}

// TestScriptIsPlain checks the script stays within what old in-app browsers
// run: no ES2015 syntax, no request to another origin.
func TestScriptIsPlain(t *testing.T) {
	t.Parallel()
	js := string(Script)
	for _, bad := range []string{"=>", "let ", "const ", "`", "class ", "fetch(", "http://", "https://", "//cdn", "import "} {
		if strings.Contains(js, bad) {
			t.Errorf("search.js contains %q", bad)
		}
	}
}
