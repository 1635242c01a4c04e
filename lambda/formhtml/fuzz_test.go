package formhtml

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"dunban/lambda/form"
)

// FuzzErrorPage: whatever a person posts, the page drawn again shows it only
// as text: no markup of theirs survives, and every message is beside a field
// or in the summary.
func FuzzErrorPage(f *testing.F) {
	f.Add("title", `"><script>alert(1)</script>`)
	f.Add("rows.3.name", "</textarea><img src=x onerror=alert(1)>")
	f.Add("unit", "包头市")
	c := content(f)
	f.Fuzz(func(t *testing.T, key, value string) {
		for _, fm := range []*form.Form{form.Case, form.Monthly} {
			opt := options(c)
			opt.Values = url.Values{key: {value}}
			_, opt.Errors = fm.Validate(opt.Values, c.Units, c.Round, renderTime)
			page := render(t, fm, opt)
			// The same page with a harmless value must have the same markup.
			opt.Values = url.Values{key: {"x"}}
			plain := render(t, fm, opt)
			if strings.Count(page, "<") != strings.Count(plain, "<") || strings.Count(page, `"`) != strings.Count(plain, `"`) {
				t.Fatalf("%s: %q=%q changes the markup", fm.ID, key, value)
			}
		}
	})
}

func render(t *testing.T, fm *form.Form, opt Options) string {
	var buf bytes.Buffer
	if err := ErrorPage(&buf, Doc{}, fm, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
