package htmlw

import (
	"bytes"
	"html/template"
	"testing"
)

// TestEscapeAsHTMLTemplate: text and attribute values come out as
// html/template writes them, so a page reads the same as if it wrote them.
func TestEscapeAsHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	for _, s := range []string{"", "李华", `<script>"x"&'y'</script>`, "+08:00", "a\x00b", "[A-Za-z0-9._%+\\-]+@"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var p Page
		p.Raw("<p")
		p.Attr("title", s)
		p.Raw(">")
		p.Text(s)
		p.Raw("</p>")
		if p.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, p.String(), want.String())
		}
	}
}

// TestURLAsHTMLTemplate: links are normalised, and unsafe schemes replaced,
// as html/template does in an href.
func TestURLAsHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<a href="{{.}}">`))
	for _, u := range []string{"/admin/?scope=包头市&year=2021", "javascript:alert(1)", "https://x.example/a b", "mailto:twxxb@126.com", "%zz%41"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		var p Page
		p.Raw("<a")
		p.URL("href", u, false)
		p.Raw(">")
		if p.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", u, p.String(), want.String())
		}
	}
}

func TestAttributesAndElements(t *testing.T) {
	var p Page
	p.Raw("<input")
	p.AttrIf("value", "")
	p.Attrs("name", "a", "id", "f-a")
	p.Nums([]string{"min", "max"}, 0, 10)
	p.Flag("required", true)
	p.Flag("disabled", false)
	p.HiddenUnless(false)
	p.Raw(">")
	p.El("p", "", "1<2")
	p.Num(7)
	want := `<input name="a" id="f-a" min="0" max="10" required hidden><p>1&lt;2</p>` + "\n7"
	if p.String() != want {
		t.Errorf("got %s\nwant %s", p.String(), want)
	}
}
