package chrome

import (
	"strings"
	"testing"
)

func TestMastheadAndFooter(t *testing.T) {
	for _, tt := range []struct{ portal, home string }{{"/", `href="/"`}, {"", `href="/"`}, {"https://portal.example/", `href="https://portal.example/"`}} {
		m := Masthead(tt.portal, "forms")
		if !strings.Contains(m, `class="brand" `+tt.home) || strings.Count(m, `aria-current="page"`) != 1 ||
			!strings.Contains(m, `forms/" aria-current="page">在线填报`) || !strings.HasPrefix(m, `<a class="skip" href="#main">`) {
			t.Errorf("masthead for %q:\n%s", tt.portal, m)
		}
		if f := Footer(tt.portal); !strings.Contains(f, strings.TrimSuffix(strings.TrimPrefix(tt.home, `href="`), `"`)+"forms/") {
			t.Errorf("footer for %q:\n%s", tt.portal, f)
		}
	}
	if !strings.Contains(CSS, ".masthead") || !strings.Contains(CSS, ".footer") || !strings.Contains(CSS, "@media print") {
		t.Error("chrome.css lacks the chrome's rules")
	}
}

func TestCrumbsEscape(t *testing.T) {
	var b strings.Builder
	Crumbs(&b, []Crumb{{Name: "首页", URL: "/"}}, `<回执>`)
	if !strings.Contains(b.String(), "&lt;回执&gt;") {
		t.Errorf("title not escaped: %s", b.String())
	}
}
