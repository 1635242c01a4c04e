package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"dunban/site/browser"
	"dunban/site/output"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserQuery10k opens /search/?q=… in Chromium with nothing cached,
// CPU slowed down four times (a phone-class CPU), the 10,000-page realistic
// index (proseCorpus) served as CloudFront serves the portal (gzip by
// Content-Type, see cloudFront), and reports per query kind (queryKinds):
//   - KB/<kind>, max-KB/<kind>: what the page downloads after its HTML until
//     the first page of results is on screen — the script and stylesheet,
//     meta.json, shards, stores — as gzip body bytes counted by the server;
//   - ms/<kind>: from the query's start to the first result on screen
//     (loopback network, so mostly the script's own work and Chromium's);
//   - data-ms/<kind>, max-data-ms/<kind>: median and slowest time from the
//     last byte the first page needs arriving (the latest responseEnd, in
//     Resource Timing, of the files the query fetched: meta.json, shards,
//     stores) to the frame showing the whole first page drawn (the task
//     after its animation frame);
//   - screen-ms/<kind>, max-screen-ms/<kind>: from the last byte the first
//     screen needs arriving (the same files, but of the stores only those
//     of the results on the first screen, which the script draws as soon as
//     they are in) to the frame showing those results (the script adds the
//     others in the task after that frame);
//   - page-ms/<kind>, max-page-ms/<kind>: median and slowest time from the
//     arrival of the last postings file the query needs to that frame
//     (ranking, fetching the stores of the ten results over loopback,
//     rendering them);
//   - work-ms/<kind>: the script's own work once data has arrived
//     (reading the shards, ranking, rendering the results);
//   - cpu-ms/<kind>: the main thread's CPU time (Chromium's ThreadTime,
//     which neither the throttling nor other work on the machine inflates)
//     for the same query run again in the open page, meta.json kept and
//     every other file fetched anew: fetching, reading the shards, ranking,
//     fetching and rendering the first page; four times it is what a
//     phone-class CPU would take, free of the machine's load;
//   - titled/<kind>: the share of the first ten results with the query (or a
//     part of it) highlighted in their title;
//   - ms/cached-query: the first two-character query run again, all cached.
//
// Each query kind of each round runs in a window of its own (a fresh browser
// context: nothing cached). SEARCH_BENCH_LOG=1 prints every file fetched.
func BenchmarkBrowserQuery10k(b *testing.B) {
	docs := proseCorpus(b)
	root := b.TempDir()
	ib := NewBuilder()
	addAll(ib, docs)
	if err := ib.Write(output.Dir(root)); err != nil {
		b.Fatal(err)
	}
	writeBenchPage(b, root)
	cf := &cloudFront{root: root}
	if os.Getenv("SEARCH_BENCH_LOG") != "" {
		cf.log = func(p string, size int, sent int64) { fmt.Printf("  %-28s %7d B → %7d B\n", p, size, sent) }
	}
	srv := httptestServer(b, cf)
	sum := map[string]*queryFigures{}
	for _, k := range queryKinds {
		sum[k.name] = &queryFigures{}
	}
	for b.Loop() {
		for _, k := range queryKinds {
			ctx := freshTab(b)
			for _, q := range k.queries {
				cf.served.Store(0)
				l, titled := runQuery(ctx, b, srv.URL, q)
				kb := float64(cf.served.Load()) / 1024
				sum[k.name].add(kb, l, titled)
				sum[k.name].cpu += queryCPU(ctx, b, q)
				if testing.Verbose() {
					fmt.Printf("%-30s %7.1f KB %6.1f ms (drawn %5.1f ms after the data, first screen (%d results) %5.1f, %5.1f ms after the postings, work %5.1f ms, rank %5.1f ms)\n",
						q, kb, l.Times.First, l.Data, l.OnScreen, l.Screen, l.Page, l.Times.Work, l.Times.Rank)
				}
			}
		}
	}
	for _, k := range queryKinds {
		sum[k.name].report(b, k.name)
	}
	ctx := freshTab(b)
	var again lastSearch
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/search/?q="+queryKinds[0].queries[0]), waitDone(queryKinds[0].queries[0]),
		chromedp.Evaluate(`dunbanSearch.last = null; dunbanSearch.search("`+queryKinds[0].queries[0]+`")`, nil),
		waitDone(queryKinds[0].queries[0]), chromedp.Evaluate(`dunbanSearch.last`, &again)); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(again.MS, "ms/cached-query")
	if dir := os.Getenv("SEARCH_SCREENSHOT_DIR"); dir != "" {
		var png []byte
		if err := chromedp.Run(ctx, emulation.SetCPUThrottlingRate(1), chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(srv.URL+"/search/?q=主题团日"), waitDone("主题团日"), chromedp.FullScreenshot(&png, 90)); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "search-10k.png"), png, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// lastSearch is what the script leaves in dunbanSearch.last.
type lastSearch struct {
	MS    float64 `json:"ms"`
	Times struct {
		Start   float64 `json:"start"`
		First   float64 `json:"first"`
		Work    float64 `json:"work"`
		Rank    float64 `json:"rank"`
		Page    float64 `json:"page"`
		Painted float64 `json:"painted"`
		Screen  float64 `json:"screen"`
	} `json:"times"`
	// OnScreen is how many results the first screen showed.
	OnScreen int `json:"onScreen"`
	// Data and Page are from the last byte arriving and from the last
	// postings arriving to the first page drawn (runQuery fills them in).
	Data, Page, Screen float64
}

// lastByte is the latest responseEnd, on the page's clock, of the index
// files fetched since the search started (not the page's favicon), and of
// the stores the script's worker fetched: all of them (times.stores) for
// data, those of the results on the first screen (times.screenStores) for
// screen.
const lastByte = `(function () {
  var l = dunbanSearch.last, end = 0;
  performance.getEntriesByType('resource').forEach(function (r) {
    if (r.startTime >= l.times.start && r.name.indexOf('/search/') >= 0) { end = Math.max(end, r.responseEnd); }
  });
  return {data: Math.max(end, l.times.stores || 0), screen: Math.max(end, l.times.screenStores || 0)};
}())`

// freshTab is a new window in a browser context of its own (nothing cached),
// with the CPU slowed down four times.
func freshTab(b testing.TB) context.Context {
	ctx := browser.New(b)
	if err := chromedp.Run(ctx, network.Enable(), network.SetCacheDisabled(true), emulation.SetCPUThrottlingRate(4)); err != nil {
		b.Fatal(err)
	}
	return ctx
}

// runQuery opens the search page for q and returns the script's figures and
// how many of the first results have a highlight in their title.
func runQuery(ctx context.Context, b *testing.B, base, q string) (lastSearch, int) {
	var l lastSearch
	var titled int
	var end struct{ Data, Screen float64 }
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/search/?q="+q), waitDone(q),
		chromedp.Poll(`dunbanSearch.last.times.painted > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`dunbanSearch.last`, &l), chromedp.Evaluate(lastByte, &end),
		chromedp.Evaluate(`Array.prototype.filter.call(document.querySelectorAll("#search-results li a"), function (a) { return a.querySelector("mark"); }).length`, &titled)); err != nil {
		b.Fatal(err)
	}
	l.Data = l.Times.Painted - end.Data
	l.Screen = l.Times.Screen - end.Screen
	l.Page = l.Times.Page + (l.Times.Painted - l.Times.Start - l.MS)
	return l, titled
}

// queryCPU runs q again in the open page with only meta.json cached and
// returns the main thread's CPU milliseconds it took.
func queryCPU(ctx context.Context, b *testing.B, q string) float64 {
	var before, after []*performance.Metric
	err := chromedp.Run(ctx, performance.Enable(),
		chromedp.ActionFunc(func(ctx context.Context) (err error) {
			before, err = performance.GetMetrics().Do(ctx)
			return err
		}),
		chromedp.Evaluate(fmt.Sprintf(`dunbanSearch.clearCache(true); dunbanSearch.last = null; dunbanSearch.search(%q)`, q), nil),
		waitDone(q),
		chromedp.ActionFunc(func(ctx context.Context) (err error) {
			after, err = performance.GetMetrics().Do(ctx)
			return err
		}))
	if err != nil {
		b.Fatal(err)
	}
	return 1000 * (metric(after, "ThreadTime") - metric(before, "ThreadTime"))
}

func metric(ms []*performance.Metric, name string) float64 {
	for _, m := range ms {
		if m.Name == name {
			return m.Value
		}
	}
	return 0
}

// queryFigures sums one query kind's figures over the runs and keeps its
// times from the data to the first page drawn.
type queryFigures struct {
	kb, maxKB, ms, work, cpu, titled float64
	data, page, screen               []float64
	runs                             int
}

func (f *queryFigures) add(kb float64, l lastSearch, titled int) {
	f.kb += kb
	f.maxKB = max(f.maxKB, kb)
	f.ms += l.Times.First
	f.data = append(f.data, l.Data)
	f.page = append(f.page, l.Page)
	f.screen = append(f.screen, l.Screen)
	f.work += l.Times.Work
	f.titled += float64(titled) / 10
	f.runs++
}

func (f *queryFigures) report(b *testing.B, kind string) {
	n := float64(f.runs)
	b.ReportMetric(f.kb/n, "KB/"+kind)
	b.ReportMetric(f.maxKB, "max-KB/"+kind)
	b.ReportMetric(f.ms/n, "ms/"+kind)
	b.ReportMetric(median(f.data), "data-ms/"+kind)
	b.ReportMetric(slices.Max(f.data), "max-data-ms/"+kind)
	b.ReportMetric(median(f.screen), "screen-ms/"+kind)
	b.ReportMetric(slices.Max(f.screen), "max-screen-ms/"+kind)
	b.ReportMetric(median(f.page), "page-ms/"+kind)
	b.ReportMetric(slices.Max(f.page), "max-page-ms/"+kind)
	b.ReportMetric(f.work/n, "work-ms/"+kind)
	b.ReportMetric(f.cpu/n, "cpu-ms/"+kind)
	b.ReportMetric(f.titled/n, "titled/"+kind)
	if testing.Verbose() {
		fmt.Printf("%-6s drawn after the data, ms: %.0f (first screen %.0f); after the postings: %.0f\n", kind, sorted(f.data), sorted(f.screen), sorted(f.page))
	}
}

func sorted(x []float64) []float64 {
	return slices.Sorted(slices.Values(x))
}

func median(x []float64) float64 {
	s := sorted(x)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
