package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserQuery10k serves the 10,000-page index and runs two-character
// queries in Chromium slowed down four times (a phone-class CPU), each with an
// empty cache. It reports the time from the query to the first page of
// results on screen, and the bytes of index it fetched; then the same for a
// repeated query (shards and documents cached) and for a six-character query.
func BenchmarkBrowserQuery10k(b *testing.B) {
	ctx := newBrowser(b)
	srv, served := serveIndex(b, benchCorpus())
	if err := chromedp.Run(ctx,
		emulation.SetCPUThrottlingRate(4),
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
	); err != nil {
		b.Fatal(err)
	}
	run := func(q string, cold bool) (ms float64, bytes int64) {
		served.Store(0)
		js := fmt.Sprintf(`dunbanSearch.last = null; %s dunbanSearch.search(%q)`,
			map[bool]string{true: "dunbanSearch.clearCache();"}[cold], q)
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, nil), waitDone(q),
			chromedp.Evaluate(`dunbanSearch.last.ms`, &ms)); err != nil {
			b.Fatal(err)
		}
		return ms, served.Load()
	}
	queries := []string{"团日", "驻校", "帮扶", "问卷", "包头", "心理", "志愿", "网络"}
	var coldMS, warmMS, longMS float64
	var coldBytes, maxBytes, longBytes int64
	n := 0
	for b.Loop() {
		q := queries[n%len(queries)]
		ms, bytes := run(q, true)
		coldMS += ms
		coldBytes += bytes
		maxBytes = max(maxBytes, bytes)
		ms, _ = run(q, false)
		warmMS += ms
		ms, bytes = run("主题团日活动", true)
		longMS += ms
		longBytes += bytes
		n++
	}
	var times map[string]float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`dunbanSearch.last.times`, &times)); err == nil {
		b.Logf("last query: %v ms", times)
	}
	b.ReportMetric(coldMS/float64(n), "ms/2char-query")
	b.ReportMetric(float64(coldBytes)/float64(n)/1024, "KB/2char-query")
	b.ReportMetric(float64(maxBytes)/1024, "max-KB/2char-query")
	b.ReportMetric(warmMS/float64(n), "ms/cached-query")
	b.ReportMetric(longMS/float64(n), "ms/6char-query")
	b.ReportMetric(float64(longBytes)/float64(n)/1024, "KB/6char-query")
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
