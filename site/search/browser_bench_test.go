package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserQuery10k serves the 10,000-page index and runs queries in
// Chromium slowed down four times (a phone-class CPU). Each query starts
// with an empty cache except meta.json (fetched while the page loads), and
// is timed from the call to the tenth result on screen, network (loopback)
// included. Reported: two-character queries (time, time to the first
// result, bytes of index fetched, meta.json included), the same query again
// (all cached: the script's own work), a six-character query, and a
// two-character query with nothing cached at all.
func BenchmarkBrowserQuery10k(b *testing.B) {
	ctx := newBrowser(b)
	srv, served := serveIndex(b, benchCorpus())
	if err := chromedp.Run(ctx,
		emulation.SetCPUThrottlingRate(4),
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.Poll(`dunbanSearch.search("驻校") || true`, nil),
		waitDone("驻校"),
	); err != nil {
		b.Fatal(err)
	}
	var metaBytes int64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(dunbanSearch.meta(), ["format", "version", "docs", "shards", "store"]).length`, &metaBytes)); err != nil {
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
	var sum struct{ cold, first, warm, long, empty float64 }
	var coldBytes, maxBytes, longBytes int64
	n := 0
	for b.Loop() {
		q := queries[n%len(queries)]
		t, bytes := run(q, "dunbanSearch.clearCache(true)")
		sum.cold += t.MS
		sum.first += t.Times.First
		coldBytes += bytes + metaBytes
		maxBytes = max(maxBytes, bytes+metaBytes)
		t, _ = run(q, "")
		sum.warm += t.MS
		t, bytes = run("主题团日活动", "dunbanSearch.clearCache(true)")
		sum.long += t.MS
		longBytes += bytes + metaBytes
		t, _ = run(q, "dunbanSearch.clearCache(false)")
		sum.empty += t.MS
		n++
	}
	per := func(x float64) float64 { return x / float64(n) }
	b.ReportMetric(per(sum.cold), "ms/2char-query")
	b.ReportMetric(per(sum.first), "ms/2char-first-result")
	b.ReportMetric(per(float64(coldBytes))/1024, "KB/2char-query")
	b.ReportMetric(float64(maxBytes)/1024, "max-KB/2char-query")
	b.ReportMetric(per(sum.warm), "ms/cached-query")
	b.ReportMetric(per(sum.long), "ms/6char-query")
	b.ReportMetric(per(float64(longBytes))/1024, "KB/6char-query")
	b.ReportMetric(per(sum.empty), "ms/2char-query-no-meta")
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
