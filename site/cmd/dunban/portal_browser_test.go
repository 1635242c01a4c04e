package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"dunban/site/browser"
	"dunban/site/build"
	"dunban/site/serve"
)

// TestPortalOnPhoneAndDesktop checks, in Chromium at 390 and 1366 px, what
// a reader meets on the notice page: the page never scrolls sideways, its
// attachment table scrolls inside its region with a visible hint and row
// labels on one line, paragraphs are not justified (no stretched lines
// around twxxb@126.com), every footer, contents, navigation, breadcrumb and
// tag link is at least 44 px tall, and the icon and share picture are served.
// With SCREENSHOTS=<dir> it saves the notice page at both widths.
func TestPortalOnPhoneAndDesktop(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Config{Content: os.DirFS("../../../content"), Out: out, API: "/api"}); err != nil {
		t.Fatalf("build the shipped content: %v", err)
	}
	srv := httptest.NewServer(serve.Static(out))
	defer srv.Close()
	for _, p := range []string{"/favicon.ico", "/apple-touch-icon.png", "/share.png"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %v %v", p, resp.StatusCode, err)
		}
		if err == nil {
			resp.Body.Close()
		}
	}
	notice := firstArticle(t, out, "notices")
	ctx := browser.New(t)
	for _, width := range []int64{390, 1366} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var r struct {
				PageOverflow, TableScrolls, HintShown bool
				LabelWidth, LabelText                 float64
				Justified                             int
				Small                                 []string
				Icon, Share                           string
			}
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 844),
				chromedp.Navigate(srv.URL+notice),
				chromedp.Evaluate(`(() => {
					const wrap = document.querySelector(".table-wrap"), hint = document.querySelector(".table-hint");
					const label = [...document.querySelectorAll(".prose td:first-child")].find(td => td.textContent.trim());
					const range = document.createRange(); range.selectNodeContents(label);
					return {
						PageOverflow: document.documentElement.scrollWidth > window.innerWidth,
						TableScrolls: !!wrap && wrap.scrollWidth > wrap.clientWidth,
						HintShown: !!hint && hint.getBoundingClientRect().height > 0,
						LabelWidth: label.getBoundingClientRect().height, LabelText: range.getClientRects().length,
						Justified: [...document.querySelectorAll("p, li, td")].filter(e => getComputedStyle(e).textAlign === "justify").length,
						Small: [...document.querySelectorAll("footer a, .toc a, .nav a, .crumbs a, .tags a")]
							.filter(a => a.getBoundingClientRect().height < 44).map(a => a.textContent.trim()),
						Icon: (document.querySelector('link[rel="icon"]') || {}).href || "",
						Share: (document.querySelector('meta[property="og:image"]') || {}).content || "",
					};
				})()`, &r),
			)
			if err != nil {
				t.Fatal(err)
			}
			if r.PageOverflow || !r.TableScrolls || !r.HintShown {
				t.Errorf("page overflows %v, table scrolls %v, hint shown %v", r.PageOverflow, r.TableScrolls, r.HintShown)
			}
			if r.LabelText != 1 {
				t.Errorf("the first row label takes %v lines", r.LabelText)
			}
			if r.Justified > 0 {
				t.Errorf("%d blocks justified", r.Justified)
			}
			if len(r.Small) > 0 {
				t.Errorf("links shorter than 44 px: %q", r.Small)
			}
			if r.Icon != srv.URL+"/favicon.ico" || r.Share != "/share.png" {
				t.Errorf("icon %q, share picture %q", r.Icon, r.Share)
			}
			if dir := os.Getenv("SCREENSHOTS"); dir != "" {
				shots := map[string][]byte{}
				for name, sel := range map[string]string{"notice-toc": ".toc", "notice-mail": `a[href^="mailto:"]`, "notice-table": ".table-hint"} {
					var png []byte
					if err := chromedp.Run(ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.CaptureScreenshot(&png)); err != nil {
						t.Fatal(err)
					}
					shots[name] = png
				}
				for name, data := range shots {
					if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}
