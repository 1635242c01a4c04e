package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"dunban/lambda/admin"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/site/browser"
)

// TestAdminBoardGrid drives the board in Chromium as the 全区 admin: the
// grid shows each unit's state per period, a count opens the list of its
// units with their contacts, a cell leads to its unit's contact; without
// JavaScript the same button answers with the board as a page.
func TestAdminBoardGrid(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	ts, _ := adminSite(t)
	var cells []string
	var listShown, listHidden bool
	var list, target string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/admin/"),
		chromedp.WaitVisible("#admin-load"),
		chromedp.SendKeys("#admin-token", adminAllToken),
		chromedp.SetValue("#admin-scope", "全区"),
		chromedp.Click("#admin-load"),
		waitBoard(),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#db-grid tbody tr")).map(r => r.cells[0].textContent + " " + Array.from(r.querySelectorAll(".db-cell [aria-hidden]")).map(c => c.textContent).join(""))`, &cells),
		chromedp.Evaluate(`getComputedStyle(document.getElementById("db-l-4-missing")).display === "none"`, &listHidden),
		// 2021年6月 (column 4): all four units missing.
		chromedp.Click(`#db-grid a[href="#db-l-4-missing"]`),
		chromedp.Evaluate(`getComputedStyle(document.getElementById("db-l-4-missing")).display !== "none"`, &listShown),
		chromedp.Text("#db-l-4-missing", &list),
		chromedp.Click(`#db-grid tbody tr:nth-child(2) .db-cell a`),
		chromedp.Evaluate(`location.hash + " " + document.querySelector(":target").textContent`, &target),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The last column is the June reports, owed too (包头市 sent its 调研报告).
	want := []string{"包头市 ✓✓✓✗✗·✓", "鄂尔多斯市 ✗✗✗✓✗·✗", "内蒙古大学 ✓✓✗✗✗·✗", "内蒙古大学创业学院 ✗✗✗✗✗·✗"}
	if strings.Join(cells, "|") != strings.Join(want, "|") {
		t.Errorf("grid rows %q, want %q", cells, want)
	}
	if !listHidden || !listShown || !strings.Contains(list, "2021年6月月报 · 未报送（4个单位）") || !strings.Contains(list, "鄂尔多斯市") ||
		!strings.Contains(list, "13800000000") || !strings.Contains(list, "内蒙古大学创业学院") {
		t.Errorf("list of missing units: hidden before %v, shown after %v: %q", listHidden, listShown, list)
	}
	if !strings.HasPrefix(target, "#db-u-1 鄂尔多斯市") {
		t.Errorf("cell leads to %q", target)
	}
	// Without JavaScript: the same button posts the form and the API answers with the page.
	noJS := browser.New(t)
	var title, grid string
	err = chromedp.Run(noJS,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(ts.URL+"/admin/"),
		chromedp.SendKeys("#admin-token", adminAllToken),
		chromedp.SetValue("#admin-scope", "全区"),
		chromedp.Click("#admin-load"),
		waitPage("/api/admin/board", "#db-grid"),
		chromedp.Title(&title),
		chromedp.Text("#db-grid tbody", &grid),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "全区") || !strings.Contains(grid, "内蒙古大学创业学院") {
		t.Errorf("no-JS board: title %q, grid %q", title, grid)
	}
}

// TestAdminBoardScreenshots writes the board of a realistic year (every
// 盟市 and 高校 of the shipped registry, some late, some missing) at 390 and
// 1366 pixels, and printed to PDF, into $ADMIN_SCREENSHOT_DIR, to look at.
func TestAdminBoardScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("ADMIN_SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("set ADMIN_SCREENSHOT_DIR to write the board's screenshots")
	}
	content := os.DirFS("../../../content")
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	reg := yearOfReports(t, st, content)
	ts, _ := adminServer(t, st, content, reg, 2021)
	for _, width := range []int64{390, 1366} {
		ctx := browser.New(t)
		var png []byte
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(ts.URL+"/admin/"),
			chromedp.SendKeys("#admin-token", adminAllToken),
			chromedp.Click("#admin-load"),
			waitBoard(),
			chromedp.FullScreenshot(&png, 90),
		)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("board-%d.jpg", width)), png, 0o644)
		if width == 1366 {
			var pdf []byte
			if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = page.PrintToPDF().WithPaperWidth(11.69).WithPaperHeight(8.27).WithPreferCSSPageSize(true).Do(ctx)
				return err
			})); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "board.pdf"), pdf, 0o644)
		}
	}
	// The page the API answers without JavaScript, at phone width.
	ctx := browser.New(t)
	var png []byte
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(ts.URL+"/admin/"),
		chromedp.SendKeys("#admin-token", adminAllToken),
		chromedp.Click("#admin-load"),
		waitPage("/api/admin/board", "#db-grid"),
		chromedp.FullScreenshot(&png, 90),
	)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "board-nojs-390.jpg"), png, 0o644)
}

// yearOfReports stores, for every 盟市 and 高校 of the registry in content,
// a 工作安排表 and monthly reports for 2021 with some sent late and some
// missing, and returns the registry.
func yearOfReports(t *testing.T, st *s3store.Store, content fs.FS) *form.Registry {
	t.Helper()
	reg, _, err := admin.LoadContent(content)
	if err != nil {
		t.Fatal(err)
	}
	at := bundletest.At
	n := 0
	for i, u := range reg.OfKinds(form.KindLeague, form.KindUniversity) {
		contact := map[string]string{"contact_name": fmt.Sprintf("联系人%d", i+1), "contact_phone": fmt.Sprintf("0471-69318%02d", i%100), "consent": "是"}
		if i%9 != 4 {
			n++
			day := 1 + i%9
			if i%11 == 5 {
				day = 12 // late
			}
			a := bundletest.Arrangement(n, u.Name, at(2021, 3, day, 9), bundletest.ArrangementRow("盟市", "干部甲", "13800000001"))
			a.Values = contact
			bundletest.Put(t, st, reg, a)
		}
		for m := 3; m <= 6; m++ {
			day := 5
			switch (i + m) % 7 {
			case 0:
				continue // missing
			case 1:
				day = 15 // late
			}
			n++
			k := i + m
			sub := bundletest.Monthly(n, u.Name, fmt.Sprintf("2021-%02d", m), at(2021, time.Month(m+1), day, 9),
				bundletest.MonthlyRow("干部甲", 4+k%12, 3+k%9, 2+k%3, fmt.Sprint(60+k%40), k%2, k%2, k%3/2, k%4/3),
				bundletest.MonthlyRow("干部乙", 12, 9, 3, "90", 1, 1, 1, 1))
			sub.Values = contact
			bundletest.Put(t, st, reg, sub)
		}
	}
	return reg
}

// waitBoard waits for the script to insert the board: nodes inserted as
// HTML are polled for, not watched.
func waitBoard() chromedp.Action {
	return chromedp.Poll(`document.getElementById("db-grid") !== null`, nil, chromedp.WithPollingTimeout(patience))
}
