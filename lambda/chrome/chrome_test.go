package chrome

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMastheadAndFooter(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ portal, home string }{{"/", `href="/"`}, {"", `href="/"`}, {"https://portal.example/", `href="https://portal.example/"`}} {
		m := c.Masthead(tt.portal, "forms")
		if !strings.Contains(m, `class="brand" `+tt.home) || strings.Count(m, `aria-current="page"`) != 1 ||
			!strings.Contains(m, `forms/" aria-current="page">在线填报`) || !strings.HasPrefix(m, `<a class="skip" href="#main">`) ||
			strings.Contains(m, "{{") {
			t.Errorf("masthead for %q:\n%s", tt.portal, m)
		}
		f := c.Footer(tt.portal)
		if !strings.Contains(f, strings.TrimSuffix(strings.TrimPrefix(tt.home, `href="`), `"`)+"forms/") || strings.Contains(f, "{{") {
			t.Errorf("footer for %q:\n%s", tt.portal, f)
		}
	}
	if css := c.CSS(); !strings.Contains(css, ".masthead") || !strings.Contains(css, ".footer") || !strings.Contains(css, "@media print") {
		t.Error("chrome.css lacks the chrome's rules")
	}
}

func TestCrumbsEscape(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	out := c.Crumbs([]Crumb{{Name: "首页", URL: "/"}, {Name: `"引号"&`, URL: `/a"b/`}}, `<回执>`)
	if !strings.Contains(out, "&lt;回执&gt;") || !strings.Contains(out, `href="/a&#34;b/"`) || !strings.Contains(out, "&#34;引号&#34;&amp;") {
		t.Errorf("not escaped: %s", out)
	}
	if none := c.Crumbs(nil, "标题"); none != "" {
		t.Errorf("crumbs without a trail: %q", none)
	}
}

// TestParseRefusesAnIncompleteChrome: an edited chrome.html that lost one of
// its parts, or uses a placeholder its part does not fill, is refused with
// its name, not drawn as a page without a footer or with "{{…}}" in it.
func TestParseRefusesAnIncompleteChrome(t *testing.T) {
	whole := string(mustRead(t))
	for name, src := range map[string]string{
		"no footer":              strings.Replace(whole, `{{define "footer"}}`, `{{define "fotter"}}`, 1),
		"a stranger in footer":   strings.Replace(whole, `{{root}}feed.xml`, `{{portal}}feed.xml`, 1),
		"nav outside masthead":   strings.Replace(whole, `{{root}}browse/`, `{{nav}}browse/`, 1),
		"no end to the masthead": strings.Replace(whole, `</header>{{end}}`, `</header>`, 1),
	} {
		if _, err := Parse(fstest.MapFS{"chrome.html": {Data: []byte(src)}, "chrome.css": {}}); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	if _, err := Parse(fstest.MapFS{"chrome.css": {}}); err == nil {
		t.Error("no chrome.html: parsed")
	}
	if _, err := Parse(fstest.MapFS{"chrome.html": {Data: []byte(whole)}}); err == nil {
		t.Error("no chrome.css: parsed")
	}
	edited, err := Parse(fstest.MapFS{"chrome.html": {Data: []byte(whole)}, "chrome.css": {Data: []byte(".footer{color:red}")}})
	if err != nil {
		t.Fatal(err)
	}
	if edited.CSS() != ".footer{color:red}" {
		t.Errorf("an edited chrome.css: %q", edited.CSS())
	}
}

func mustRead(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(Files, "chrome.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
