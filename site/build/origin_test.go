package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	tagPattern  = regexp.MustCompile(`(?is)<([a-z][a-z0-9]*)\b([^>]*)>`)
	attrPattern = regexp.MustCompile(`(?is)\b(src|href|action|formaction|poster|data|srcset|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	cssURL      = regexp.MustCompile(`(?i)(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)`)
)

// outside reports whether a reference leaves the page's own origin.
func outside(ref string) bool {
	ref = strings.TrimSpace(strings.ToLower(ref))
	return strings.HasPrefix(ref, "//") || strings.Contains(ref, "://")
}

// TestNoOutsideOrigin checks that no generated page, stylesheet or script
// makes the browser fetch anything from another origin: every script,
// style, image, frame, form action and preload points at our own files.
// Plain links to other sites (<a href>) are navigation, not requests.
func TestNoOutsideOrigin(t *testing.T) {
	t.Parallel()
	for name, fsys := range map[string]fs.FS{"fixture": fixture(t, "small"), "content": os.DirFS(shipped)} {
		t.Run(name, func(t *testing.T) {
			out := buildFixture(t, fsys)
			checked := 0
			err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel := strings.TrimPrefix(p, out)
				switch filepath.Ext(p) {
				case ".html":
					checked++
					checkHTML(t, rel, string(data))
				case ".css":
					checked++
					for _, m := range cssURL.FindAllStringSubmatch(string(data), -1) {
						if outside(m[1]) {
							t.Errorf("%s: stylesheet fetches %s", rel, m[1])
						}
					}
				case ".js":
					checked++
					if regexp.MustCompile(`["'\x60]https?://`).Match(data) {
						t.Errorf("%s: script holds an absolute URL", rel)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if checked < 20 {
				t.Fatalf("only %d files checked", checked)
			}
		})
	}
}

func checkHTML(t *testing.T, rel, page string) {
	t.Helper()
	for _, tag := range tagPattern.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(tag[1])
		for _, a := range attrPattern.FindAllStringSubmatch(tag[2], -1) {
			attr, val := strings.ToLower(a[1]), a[2]+a[3]+a[4]
			if name == "a" && attr == "href" || attr == "content" && name == "meta" && !strings.Contains(tag[2], "refresh") {
				continue
			}
			if outside(val) {
				t.Errorf("%s: <%s %s=%q> leaves the origin", rel, name, attr, val)
			}
		}
		if strings.Contains(strings.ToLower(tag[2]), "style=") {
			t.Errorf("%s: inline style attribute on <%s> (the portal's CSP forbids it)", rel, name)
		}
	}
	if strings.Contains(page, "<style") {
		t.Errorf("%s: inline <style> element", rel)
	}
	for _, m := range regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if strings.TrimSpace(m[2]) != "" {
			t.Errorf("%s: inline script (the portal's CSP forbids it)", rel)
		}
	}
}
