package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"dunban/site/browser"
	"dunban/site/build"
	"dunban/site/serve"
)

// TestPagesInBrowser opens one page of each kind in headless Chromium at
// phone width and checks it renders its heading, landmarks and skip link.
// With SCREENSHOTS=<dir> it also saves a full-page PNG of each.
func TestPagesInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Config{Content: os.DirFS("../../../content"), Out: out, API: "/api"}); err != nil {
		t.Fatalf("build the shipped content: %v", err)
	}
	srv := httptest.NewServer(serve.Static(out))
	defer srv.Close()
	pages := map[string]string{
		"home":     "/",
		"notice":   firstArticle(t, out, "notices"),
		"case":     firstArticle(t, out, "cases"),
		"list":     "/cases/",
		"browse":   "/browse/",
		"region":   "/regions/baotou/",
		"search":   "/search/",
		"forms":    "/forms/",
		"form":     "/forms/monthly/",
		"admin":    "/admin/",
		"notfound": "/no/such/page/",
	}
	shots := os.Getenv("SCREENSHOTS")
	for name, path := range pages {
		t.Run(name, func(t *testing.T) {
			var h1, skip, lang string
			var landmarks, h1s int
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+path),
				chromedp.Evaluate(`(document.querySelector("h1")||{}).textContent||""`, &h1),
				chromedp.Evaluate(`(document.querySelector("a.skip")||{}).textContent||""`, &skip),
				chromedp.Evaluate(`document.querySelectorAll("header, nav, main, footer").length`, &landmarks),
				chromedp.Evaluate(`document.querySelectorAll("h1").length`, &h1s),
				chromedp.Evaluate(`document.documentElement.lang`, &lang),
			)
			if err != nil {
				t.Fatalf("open %s: %v", path, err)
			}
			if strings.TrimSpace(h1) == "" || h1s != 1 || skip != "跳到正文" || landmarks < 4 || lang != "zh-CN" {
				t.Errorf("%s: %d h1 (%q), skip link %q, %d landmarks, lang %q", path, h1s, h1, skip, landmarks, lang)
			}
			if shots == "" {
				return
			}
			png, err := browser.Screenshot(ctx, srv.URL+path)
			if err != nil {
				t.Fatalf("screenshot %s: %v", path, err)
			}
			var top []byte
			if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&top)); err != nil {
				t.Fatalf("screenshot %s: %v", path, err)
			}
			shotsOf := map[string][]byte{name + ".png": png, name + "-top.png": top}
			for part, sel := range map[string]string{"table": ".prose table", "end": ".prevnext", "pager": ".pager"} {
				var has bool
				if err := chromedp.Run(ctx, chromedp.Evaluate(`!!document.querySelector("`+sel+`")`, &has)); err != nil {
					t.Fatal(err)
				}
				if !has {
					continue
				}
				var shot []byte
				if err := chromedp.Run(ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.CaptureScreenshot(&shot)); err != nil {
					t.Fatal(err)
				}
				shotsOf[name+"-"+part+".png"] = shot
			}
			var print []byte
			if err := chromedp.Run(ctx,
				emulation.SetEmulatedMedia().WithMedia("print"),
				chromedp.Evaluate(`window.scrollTo(0,0)`, nil),
				chromedp.CaptureScreenshot(&print),
				emulation.SetEmulatedMedia().WithMedia(""),
			); err != nil {
				t.Fatal(err)
			}
			shotsOf[name+"-print.png"] = print
			var pdf []byte
			if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
				return err
			})); err != nil {
				t.Fatal(err)
			}
			shotsOf[name+".pdf"] = pdf
			for file, data := range shotsOf {
				if err := os.WriteFile(filepath.Join(shots, file), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// firstArticle returns the address of some article of a section in out.
func firstArticle(t *testing.T, out, section string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, section))
	if err != nil {
		t.Fatalf("read %s: %v", section, err)
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != "page" {
			return "/" + section + "/" + e.Name() + "/"
		}
	}
	t.Fatalf("no article in %s", section)
	return ""
}
