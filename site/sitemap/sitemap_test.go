package sitemap

import (
	"bytes"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	err := Write(&b, "https://p.example.cn", []URL{{Path: "/"}, {Path: "/tags/团日/", LastMod: "2021-03-01"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<loc>https://p.example.cn/</loc>`, `<loc>https://p.example.cn/tags/%E5%9B%A2%E6%97%A5/</loc>`, `<lastmod>2021-03-01</lastmod>`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("sitemap lacks %s:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := Robots(&b, "https://p.example.cn"); err != nil || !strings.Contains(b.String(), "Disallow: /admin/\n") {
		t.Errorf("robots.txt: %q %v", b.String(), err)
	}
}
