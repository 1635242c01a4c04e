package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dunban/site/browser"
	"dunban/site/output"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserQuery10k opens /search/?q=… in Chromium with nothing cached,
// CPU slowed down four times (a phone-class CPU), the 10,000-page prose index
// served as CloudFront serves the portal (gzip by Content-Type, see
// cloudFront), and reports per query kind (queryKinds):
//   - KB/<kind>, max-KB/<kind>: what the page downloads after its HTML until
//     the first page of results is on screen — the script and stylesheet,
//     meta.json, shards, stores — as gzip body bytes counted by the server;
//   - ms/<kind>: from the query's start to the first result on screen
//     (loopback network, so mostly the script's own work and Chromium's);
//   - work-ms/<kind>: of that, the script's work once data has arrived
//     (reading the shards, ranking, rendering the results);
//   - titled/<kind>: the share of the first ten results with the query (or a
//     part of it) highlighted in their title;
//   - ms/cached-query: the first two-character query run again, all cached.
//
// SEARCH_BENCH_LOG=1 prints every file fetched.
func BenchmarkBrowserQuery10k(b *testing.B) {
	docs := proseCorpus(b)
	ctx := browser.New(b)
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
	if err := chromedp.Run(ctx, network.Enable(), network.SetCacheDisabled(true), emulation.SetCPUThrottlingRate(4)); err != nil {
		b.Fatal(err)
	}
	type last struct {
		MS    float64 `json:"ms"`
		Times struct {
			First float64 `json:"first"`
			Work  float64 `json:"work"`
			Rank  float64 `json:"rank"`
		} `json:"times"`
	}
	sumKB := map[string]float64{}
	maxKB := map[string]float64{}
	sumMS := map[string]float64{}
	sumWork := map[string]float64{}
	sumTitled := map[string]float64{}
	runs := map[string]int{}
	for b.Loop() {
		for _, k := range queryKinds {
			for _, q := range k.queries {
				cf.served.Store(0)
				var l last
				var titled int
				if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/search/?q="+q), waitDone(q),
					chromedp.Evaluate(`dunbanSearch.last`, &l),
					chromedp.Evaluate(`Array.prototype.filter.call(document.querySelectorAll("#search-results li a"), function (a) { return a.querySelector("mark"); }).length`, &titled)); err != nil {
					b.Fatal(err)
				}
				sumTitled[k.name] += float64(titled) / 10
				kb := float64(cf.served.Load()) / 1024
				sumKB[k.name] += kb
				maxKB[k.name] = max(maxKB[k.name], kb)
				sumMS[k.name] += l.Times.First
				sumWork[k.name] += l.Times.Work
				runs[k.name]++
				if testing.Verbose() {
					fmt.Printf("%-30s %7.1f KB %6.1f ms (work %5.1f ms, rank %5.1f ms)\n", q, kb, l.Times.First, l.Times.Work, l.Times.Rank)
				}
			}
		}
	}
	for _, k := range queryKinds {
		n := float64(runs[k.name])
		b.ReportMetric(sumKB[k.name]/n, "KB/"+k.name)
		b.ReportMetric(maxKB[k.name], "max-KB/"+k.name)
		b.ReportMetric(sumMS[k.name]/n, "ms/"+k.name)
		b.ReportMetric(sumWork[k.name]/n, "work-ms/"+k.name)
		b.ReportMetric(sumTitled[k.name]/n, "titled/"+k.name)
	}
	var again last
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
