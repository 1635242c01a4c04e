package chrome

import (
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
		m, err := c.Masthead(tt.portal, "forms")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m, `class="brand" `+tt.home) || strings.Count(m, `aria-current="page"`) != 1 ||
			!strings.Contains(m, `forms/" aria-current="page">在线填报`) || !strings.HasPrefix(m, `<a class="skip" href="#main">`) {
			t.Errorf("masthead for %q:\n%s", tt.portal, m)
		}
		f, err := c.Footer(tt.portal)
		if err != nil || !strings.Contains(f, strings.TrimSuffix(strings.TrimPrefix(tt.home, `href="`), `"`)+"forms/") {
			t.Errorf("footer for %q (%v):\n%s", tt.portal, err, f)
		}
	}
	if !strings.Contains(CSS, ".masthead") || !strings.Contains(CSS, ".footer") || !strings.Contains(CSS, "@media print") {
		t.Error("chrome.css lacks the chrome's rules")
	}
}

func TestCrumbsEscape(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Crumbs([]Crumb{{Name: "首页", URL: "/"}, {Name: "x", URL: "javascript:alert(1)"}}, `<回执>`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "&lt;回执&gt;") || strings.Contains(out, "javascript:") {
		t.Errorf("not escaped: %s", out)
	}
	if none, _ := c.Crumbs(nil, "标题"); none != "" {
		t.Errorf("crumbs without a trail: %q", none)
	}
}

// TestParseRefusesAnIncompleteChrome: an edited chrome.html that lost one of
// its parts is refused with its name, not drawn as a page without a footer.
func TestParseRefusesAnIncompleteChrome(t *testing.T) {
	for name, src := range map[string]string{
		"no footer": `{{define "masthead"}}m{{end}}{{define "crumbs"}}c{{end}}`,
		"broken":    `{{define "masthead"}}{{if}}{{end}}`,
	} {
		_, err := Parse(fstest.MapFS{"chrome.html": {Data: []byte(src)}})
		if err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	if _, err := Parse(fstest.MapFS{}); err == nil {
		t.Error("no chrome.html: parsed")
	}
}
