package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dunban/site/browser"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserQuery10k serves the 10,000-page index and runs queries in
// Chromium slowed down four times (a phone-class CPU), network on loopback.
// Times run from the call to the tenth result on screen. Reported:
//   - ms/2char-query, ms/2char-first-result: a two-character query on a page
//     that has loaded (meta.json and lengths.bin are fetched as it loads),
//     nothing else cached;
//   - ms/2char-query-fresh-page: the same with nothing cached at all, and
//     KB/2char-query, max-KB/2char-query: what that query downloads in all
//     (meta.json, lengths.bin, its shard, ten results), counted by the server;
//   - ms/cached-query: the same query again, all cached (the script's work);
//   - ms/6char-query, KB/6char-query: 主题团日活动 (five bigrams) on a fresh page.
func BenchmarkBrowserQuery10k(b *testing.B) {
	ctx := browser.New(b)
	srv, served := serveIndex(b, benchCorpus())
	if err := chromedp.Run(ctx,
		network.Enable(),
		network.SetCacheDisabled(true), // every request reaches the server, to be counted
		emulation.SetCPUThrottlingRate(4),
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.Poll(`dunbanSearch.search("驻校") || true`, nil),
		waitDone("驻校"),
	); err != nil {
		b.Fatal(err)
	}
	type timing struct {
		MS    float64 `json:"ms"`
		Times struct {
			First float64 `json:"first"`
		} `json:"times"`
	}
	run := func(q, clear string) (timing, int64) {
		served.Store(0)
		var t timing
		js := fmt.Sprintf(`dunbanSearch.last = null; %s; dunbanSearch.search(%q)`, clear, q)
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, nil), waitDone(q),
			chromedp.Evaluate(`dunbanSearch.last`, &t)); err != nil {
			b.Fatal(err)
		}
		return t, served.Load()
	}
	queries := []string{"团日", "驻校", "帮扶", "问卷", "包头", "心理", "志愿", "网络"}
	var sum struct{ loaded, first, warm, long, fresh float64 }
	var freshBytes, maxBytes, longBytes int64
	n := 0
	for b.Loop() {
		q := queries[n%len(queries)]
		t, _ := run(q, "dunbanSearch.clearCache(true)")
		sum.loaded += t.MS
		sum.first += t.Times.First
		t, _ = run(q, "")
		sum.warm += t.MS
		t, bytes := run(q, "dunbanSearch.clearCache(false)")
		sum.fresh += t.MS
		freshBytes += bytes
		maxBytes = max(maxBytes, bytes)
		t, bytes = run("主题团日活动", "dunbanSearch.clearCache(false)")
		sum.long += t.MS
		longBytes += bytes
		n++
	}
	per := func(x float64) float64 { return x / float64(n) }
	b.ReportMetric(per(sum.loaded), "ms/2char-query")
	b.ReportMetric(per(sum.first), "ms/2char-first-result")
	b.ReportMetric(per(sum.fresh), "ms/2char-query-fresh-page")
	b.ReportMetric(per(float64(freshBytes))/1024, "KB/2char-query")
	b.ReportMetric(float64(maxBytes)/1024, "max-KB/2char-query")
	b.ReportMetric(per(sum.warm), "ms/cached-query")
	b.ReportMetric(per(sum.long), "ms/6char-query")
	b.ReportMetric(per(float64(longBytes))/1024, "KB/6char-query")
	if dir := os.Getenv("SEARCH_SCREENSHOT_DIR"); dir != "" {
		var png []byte
		if err := chromedp.Run(ctx, emulation.SetCPUThrottlingRate(1), chromedp.CaptureScreenshot(&png)); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "search-10k.png"), png, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
