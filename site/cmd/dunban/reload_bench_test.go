package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dunban/site/browser"
)

// BenchmarkLiveReload measures live reload as a writer sees it: under
// `dunban serve` on the shipped content, with the notice open in Chromium,
// the time from saving the notice's file to its new sentence being on the
// page (the change noticed, the site rebuilt, the reload event sent, the
// page fetched again and laid out). It reports the mean and the median
// (ms/visible, median-ms/visible).
func BenchmarkLiveReload(b *testing.B) {
	dir := copyContent(b)
	var stdout syncBuffer
	stop, done := make(chan os.Signal, 1), make(chan error, 1)
	cfg, err := parseServe([]string{"-content", dir, "-out", filepath.Join(b.TempDir(), "public"), "-addr", "127.0.0.1:0", "-data", b.TempDir()}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	go func() { done <- runServe(cfg, &stdout, stop) }()
	defer func() {
		stop <- os.Interrupt
		<-done
	}()
	base := waitForAddress(b, &stdout)
	ctx := browser.New(b)
	notice, _ := filepath.Glob(filepath.Join(dir, "notices", "*.md"))
	orig, err := os.ReadFile(notice[0])
	if err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/notices/2021-zhuxiao-dunban/"), chromedp.WaitVisible("footer")); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		text := fmt.Sprintf("第 %d 次修改。", i)
		start := time.Now()
		if err := os.WriteFile(notice[0], fmt.Appendf(orig, "\n%s\n", text), 0o644); err != nil {
			b.Fatal(err)
		}
		waitText(b, ctx, text)
		if os.Getenv("RELOAD_LOG") != "" {
			b.Logf("%s after %v\n%s", text, time.Since(start), stdout.String())
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	var total time.Duration
	for _, d := range took {
		total += d
	}
	slices.Sort(took)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(total.Microseconds())/1e3/float64(len(took)), "ms/visible")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1e3, "median-ms/visible")
}

// waitText asks the page every 2 ms whether it shows text; asking fails
// or goes unanswered while the page reloads, which only means not yet.
func waitText(b *testing.B, ctx context.Context, text string) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var shown bool
		// Each question gets 200 ms: one sent while the page navigates may
		// never be answered.
		qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err := chromedp.Run(qctx, chromedp.Evaluate(fmt.Sprintf(`document.readyState !== "loading" && !!document.body && document.body.innerText.includes(%q)`, text), &shown))
		cancel()
		if err == nil && shown {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	var state string
	_ = chromedp.Run(ctx, chromedp.Evaluate(`location.href + " " + document.readyState + " " + ((document.querySelector('script[src*="reload.js"]')||{}).src||"none") + " " + document.body.innerText.slice(-80)`, &state))
	b.Fatalf("%q not shown within 30 s; page: %s", text, state)
}
