package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dunban/lambda/admin"
	"dunban/lambda/board"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/site/adminpage"
	"dunban/site/browser"
)

const (
	adminTestToken = "browser-test-token-baotou"
	adminAllToken  = "browser-test-token-all"
)

// adminSite serves the admin fragment in a minimal page at /admin/, its
// assets, and the admin handler at /api/admin/ over an in-process S3 server
// holding the hand-made submissions of bundletest.
func adminSite(t *testing.T) (*httptest.Server, *s3store.Store) {
	t.Helper()
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, bundletest.Registry(t))
	return adminServer(t, st, bundletest.Content(), bundletest.Registry(t), 2021)
}

// adminServer serves the admin page for content over st, for admins of
// 包头市 (adminTestToken) and of 全区 (adminAllToken), on 2021-07-20.
func adminServer(t *testing.T, st *s3store.Store, content fs.FS, reg *form.Registry, year int) (*httptest.Server, *s3store.Store) {
	t.Helper()
	h, err := admin.New(admin.Config{Store: st, Content: content, TempDir: t.TempDir(),
		Admins: []admin.Admin{{Name: "包头市管理员", Scope: "包头市", SHA256: admin.HashToken(adminTestToken)},
			{Name: "自治区管理员", Scope: "全区", SHA256: admin.HashToken(adminAllToken)}},
		Now: func() time.Time { return bundletest.At(2021, 7, 20, 12) }})
	if err != nil {
		t.Fatal(err)
	}
	var frag bytes.Buffer
	if err := adminpage.Fragment(&frag, adminpage.Options{API: "/api", Script: "/assets/admin.js", Style: "/assets/admin.css",
		Now: bundletest.At(2021, 7, 20, 12), Units: reg, Year: year}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", h))
	mux.Handle("/assets/", http.StripPrefix("/assets/", http.FileServerFS(adminpage.Assets)))
	mux.Handle("/board/", http.StripPrefix("/board/", http.FileServerFS(board.Assets)))
	mux.HandleFunc("/admin/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>数据导出</title><link rel="stylesheet" href="/board/board.css"></head><body style="margin:0;padding:1rem;font:16px/1.6 sans-serif">%s</body></html>`, frag.String())
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts, st
}

// TestAdminPage drives the admin page in Chromium: a wrong token is refused
// without showing anything, the right one shows the periods and counts of
// its scope only, a period is chosen, and the bundle downloads through the
// presigned URL.
func TestAdminPage(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	ts, _ := adminSite(t)
	dl := t.TempDir()
	var status, who, rows, scopes, from, to, href, board string
	err := chromedp.Run(ctx,
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dl).
			WithBrowserContextID(chromedp.FromContext(ctx).BrowserContextID),
		chromedp.Navigate(ts.URL+"/admin/"),
		chromedp.WaitVisible("#admin-load"),
		chromedp.SendKeys("#admin-token", "wrong-token"),
		chromedp.Click("#admin-load"),
		chromedp.WaitVisible("#admin-status.da-error"),
		chromedp.Text("#admin-status", &status),
		chromedp.Evaluate(`document.getElementById("admin-board").innerHTML`, &board),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status, "令牌无效") || board != "" {
		t.Fatalf("wrong token: status %q, board %q", status, board)
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("admin-token").value = ""`, nil),
		chromedp.SendKeys("#admin-token", adminTestToken),
		chromedp.Click("#admin-load"),
		waitBoard(),
		chromedp.Text(".db-who", &who),
		chromedp.Text("#db-periods tbody", &rows),
		chromedp.Text("#admin-scope", &scopes),
	)
	if err != nil {
		t.Fatal(err)
	}
	// 包头市 sent its 工作安排表 twice, and 包头市青山区 a case twice.
	if !strings.Contains(who, "包头市管理员") || !strings.Contains(rows, "2021年3月") || strings.Count(rows, "更正 1 次") != 2 || !strings.Contains(scopes, "包头市青山区") ||
		strings.Contains(scopes, "鄂尔多斯市") || strings.Contains(scopes, "包头市郊区团委") {
		t.Fatalf("board: who %q, scopes %q, rows %q", who, scopes, rows)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`#db-periods button[aria-label="选用 任务清单完成情况（月报） 2021年3月"]`),
		chromedp.Value("#admin-from", &from),
		chromedp.Value("#admin-to", &to),
		chromedp.Click("#admin-build"),
		chromedp.WaitVisible("#admin-result"),
		chromedp.AttributeValue("#admin-download", "href", &href, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if from != "2021-03" || to != "2021-03" || !strings.Contains(href, "/bundles/") {
		t.Fatalf("chosen %s–%s, download %q", from, to, href)
	}
	files := downloadZip(t, href)
	if _, ok := files["任务清单完成情况（月报）.csv"]; !ok || len(files) < 5 {
		t.Errorf("bundle files: %v", names(files))
	}
	if got := waitDownload(t, dl); !strings.HasSuffix(got, ".zip") {
		t.Errorf("browser saved %q", got)
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 90)); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("ADMIN_SCREENSHOT"); p != "" {
		os.WriteFile(p, png, 0o644) // the page after a bundle, at phone width, to look at
	}
}

// TestAdminPageWithoutJS posts the plain form and follows the 303 to the zip.
func TestAdminPageWithoutJS(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	ts, st := adminSite(t)
	err := chromedp.Run(ctx,
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorDeny).
			WithBrowserContextID(chromedp.FromContext(ctx).BrowserContextID),
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(ts.URL+"/admin/"),
		chromedp.SendKeys("#admin-token", adminTestToken),
		chromedp.SetValue("#admin-from", "2021-03"),
		chromedp.SetValue("#admin-to", "2021-06"),
		chromedp.ActionFunc(func(ctx context.Context) error {
			// Submitting navigates to a download: do not wait for a page load.
			return chromedp.Run(ctx, chromedp.Submit("#admin-form", chromedp.NodeVisible))
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		var keys []string
		st.List(context.Background(), admin.BundlesPrefix, func(k string, _ int64) error { keys = append(keys, k); return nil })
		if len(keys) == 1 {
			// Leave the refused download's page before the tab and its
			// browser context are closed (the profile is the shared
			// browser's, removed when the package's tests end).
			chromedp.Run(ctx, chromedp.Navigate("about:blank"))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the form post wrote no bundle")
}

func downloadZip(t *testing.T, url string) map[string][]byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("download %d: %v", resp.StatusCode, err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func names(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// waitDownload waits for the browser to finish saving one file into dir.
func waitDownload(t *testing.T, dir string) string {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".crdownload") {
				return e.Name()
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return ""
}
