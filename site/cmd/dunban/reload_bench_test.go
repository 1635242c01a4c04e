package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"dunban/site/browser"
)

// BenchmarkLiveReload measures live reload as a writer sees it: under
// `dunban serve` on the shipped content, with the notice open in Chromium,
// the time from saving the notice's file to its new sentence being on the
// page (the change noticed, the site rebuilt, the reload event sent with
// the page's new HTML, the changed parts put in place). The page notes the
// frame in which the sentence first shows (a MutationObserver, then
// requestAnimationFrame) and the benchmark waits for that note without
// asking again and again, so the figure neither includes how often it asks
// nor competes with it for the cores; a page that navigated instead is
// timed when the benchmark sees the text. It reports
// the median and the 90th percentile (median-ms/visible, p90-ms/visible),
// the CPU time of the server per save (server-cpu-ms/save, which the
// machine's load does not stretch) and the one-minute load average at the
// end (load1).
func BenchmarkLiveReload(b *testing.B) {
	dir := copyContent(b)
	base, stdout := runDevServe(b, dir)
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
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		text := fmt.Sprintf("第 %d 次修改。", i)
		if err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(watchText, text), nil)); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := os.WriteFile(notice[0], fmt.Appendf(orig, "\n%s\n", text), 0o644); err != nil {
			b.Fatal(err)
		}
		seen := waitPageText(b, ctx, text)
		if os.Getenv("RELOAD_LOG") != "" {
			b.Logf("%s after %v\n%s", text, seen.Sub(start), stdout.String())
		}
		took = append(took, seen.Sub(start))
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	slices.Sort(took)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1e3, "median-ms/visible")
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1e3, "p90-ms/visible")
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(len(took)), "server-cpu-ms/save")
	b.ReportMetric(load1(), "load1")
}

// cpuTime is the CPU time (user and system) the test process has used:
// the server's watcher, rebuilds and event streams, and the little the
// benchmark's own questions to Chromium take.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// watchText makes the page note in window.dunbanSeen the time (ms since
// the epoch) of the first frame that shows %q, and resolve the promise
// window.dunbanShown with it.
const watchText = `(() => {
  const text = %q;
  window.dunbanSeen = 0;
  window.dunbanShown = new Promise((shown) => {
    const o = new MutationObserver(() => {
      if (document.body && document.body.innerText.includes(text)) {
        o.disconnect();
        requestAnimationFrame(() => { window.dunbanSeen = Date.now(); shown(window.dunbanSeen); });
      }
    });
    o.observe(document.documentElement, {childList: true, subtree: true, characterData: true});
  });
})()`

// askShown answers the time the page noted, -1 while it has not noted
// it, and, on a page loaded since (which notes nothing), 0 once it shows
// %q. Only that last case reads the page's text: asking every 2 ms must
// not keep the page from showing the edit.
const askShown = `window.dunbanSeen > 0 ? window.dunbanSeen : window.dunbanSeen === 0 ? -1 :
  document.readyState !== "loading" && !!document.body && document.body.innerText.includes(%q) ? 0 : -1`

// load1 is the one-minute load average, or 0 where /proc/loadavg is missing.
func load1() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	_, _ = fmt.Sscan(string(data), &l)
	return l
}

// waitPageText returns when the page first showed text: the time the page
// noted, or now if the page was replaced by a new one. It waits for the
// page's promise (one question: asking the page over and over would take
// the cores the page and the server need), and once that is lost with a
// page that navigated, asks the new page every 2 ms whether it shows text;
// asking fails or goes unanswered while the page reloads, which only means
// not yet.
func waitPageText(b *testing.B, ctx context.Context, text string) time.Time {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var seen float64
	wctx, cancel := context.WithDeadline(ctx, deadline)
	err := chromedp.Run(wctx, chromedp.Evaluate(`window.dunbanShown`, &seen,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	cancel()
	if err == nil && seen > 0 {
		return time.UnixMilli(int64(seen))
	}
	for time.Now().Before(deadline) {
		var seen float64 // ms since the epoch; -1 when the page does not show text yet
		// Each question gets 200 ms: one sent while the page navigates may
		// never be answered.
		qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err := chromedp.Run(qctx, chromedp.Evaluate(fmt.Sprintf(askShown, text), &seen))
		cancel()
		switch {
		case err != nil || seen < 0:
		case seen == 0:
			return time.Now()
		default:
			return time.UnixMilli(int64(seen))
		}
		time.Sleep(2 * time.Millisecond)
	}
	var state string
	_ = chromedp.Run(ctx, chromedp.Evaluate(`location.href + " " + document.readyState + " " + ((document.querySelector('script[src*="reload.js"]')||{}).src||"none") + " " + document.body.innerText.slice(-80)`, &state))
	b.Fatalf("%q not shown within 30 s; page: %s", text, state)
	return time.Time{}
}
