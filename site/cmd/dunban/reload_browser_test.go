package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dunban/site/browser"
)

// TestLiveReloadInBrowser: under `dunban serve`, saving a content file shows
// the new text in the open article without navigating (the page keeps its
// state) nor fetching (the reload event carries the new HTML), a broken save shows its problems over the last good page, and the
// next good save clears them; a page with scripts of its own (search) is
// reloaded instead.
func TestLiveReloadInBrowser(t *testing.T) {
	t.Parallel()
	dir := copyContent(t)
	base, _ := runDevServe(t, dir)
	ctx := browser.New(t)
	notice, _ := filepath.Glob(filepath.Join(dir, "notices", "*.md"))
	orig, err := os.ReadFile(notice[0])
	if err != nil {
		t.Fatal(err)
	}
	save := func(data []byte) {
		t.Helper()
		if err := os.WriteFile(notice[0], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shows := func(text string) chromedp.Action {
		return chromedp.Poll(`document.body.innerText.includes(`+strconv.Quote(text)+`)`, nil)
	}
	var kept bool
	var fetched int
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/notices/2021-zhuxiao-dunban/"), chromedp.WaitVisible("footer"),
		chromedp.Evaluate(`window.sameDocument = true`, nil),
		chromedp.ActionFunc(func(context.Context) error { save(append(orig, "\n第一次修改。\n"...)); return nil }),
		shows("第一次修改。"),
		chromedp.Evaluate(`window.sameDocument === true`, &kept),
		chromedp.Evaluate(`performance.getEntriesByType("resource").filter((e) => e.name === location.href).length`, &fetched),
	)
	if err != nil {
		t.Fatalf("edit not shown: %v", err)
	}
	if !kept {
		t.Error("the article navigated to show the edit; want its body replaced in place")
	}
	if fetched != 0 {
		t.Errorf("the article fetched its new HTML %d times; want it from the reload event", fetched)
	}
	err = chromedp.Run(ctx,
		chromedp.ActionFunc(func(context.Context) error { save([]byte("---\ntitle: 缺字段\n---\n")); return nil }),
		chromedp.WaitVisible("#dunban-problems"),
		chromedp.ActionFunc(func(context.Context) error { save(append(orig, "\n第二次修改。\n"...)); return nil }),
		shows("第二次修改。"),
		chromedp.WaitNotPresent("#dunban-problems"),
	)
	if err != nil {
		t.Fatalf("problems not shown, then cleared: %v", err)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/search/"), chromedp.WaitVisible("footer"),
		chromedp.Evaluate(`window.sameDocument = true`, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	save(append(orig, "\n第三次修改。\n"...))
	if !eventually(ctx, `window.sameDocument === undefined && document.readyState === "complete"`) {
		t.Fatal("the search page was not reloaded")
	}
}

// eventually asks the page every 10 ms, for up to patience, whether expr is
// true; asking fails while the page navigates, which only means not yet.
func eventually(ctx context.Context, expr string) bool {
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var ok bool
		qctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		err := chromedp.Run(qctx, chromedp.Evaluate(expr, &ok))
		cancel()
		if err == nil && ok {
			return true
		}
	}
	return false
}
