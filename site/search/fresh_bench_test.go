package search

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"dunban/site/browser"
	"dunban/site/synth"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// queryKinds are the queries of the fresh-page benchmark by kind.
var queryKinds = []struct {
	name    string
	queries []string
}{
	{"2char", []string{"团日", "驻校", "学生", "帮扶"}},
	{"4char", []string{"主题团日", "驻校蹲班", "结对帮扶", "团学干部"}},
	{"long", []string{"主题团日活动的组织和开展情况", "驻校蹲班团干部联系班级团支部", "学生思想动态调研报告"}},
}

var (
	proseOnce sync.Once
	proseSet  []Doc
	proseErr  error
)

// proseCorpus is 10,000 synthetic pages whose text compresses like the
// project's own articles (site/synth's Prose, trained on content/).
func proseCorpus(tb testing.TB) []Doc {
	proseOnce.Do(func() {
		m, err := synth.NewProse(os.DirFS("../../content"))
		if err != nil {
			proseErr = err
			return
		}
		proseSet = make([]Doc, benchDocs)
		for i := range proseSet {
			name, body := m.Page(i, 1)
			proseSet[i] = synthDoc(name, string(body))
		}
	})
	if proseErr != nil {
		tb.Fatal(proseErr)
	}
	return proseSet
}

// BenchmarkFreshQuery10k opens /search/?q=… in Chromium with nothing cached,
// CPU slowed down four times, served as CloudFront serves the portal (gzip
// by Content-Type, see cloudFront), and reports per query kind what the page
// downloads after its HTML until the first page of results is on screen
// (KB/<kind>, max-KB/<kind>: gzip body bytes, the script and stylesheet
// included) and how long that takes from the query's start on loopback
// (ms/<kind>).
func BenchmarkFreshQuery10k(b *testing.B) {
	docs := proseCorpus(b)
	ctx := browser.New(b)
	root := b.TempDir()
	ib := NewBuilder()
	addAll(ib, docs)
	if err := ib.Write(OSDir(root)); err != nil {
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
		} `json:"times"`
	}
	sumKB := map[string]float64{}
	maxKB := map[string]float64{}
	sumMS := map[string]float64{}
	sumWork := map[string]float64{}
	runs := map[string]int{}
	for b.Loop() {
		for _, k := range queryKinds {
			for _, q := range k.queries {
				cf.served.Store(0)
				var l last
				if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/search/?q="+q), waitFirst(q),
					chromedp.Evaluate(`dunbanSearch.last`, &l)); err != nil {
					b.Fatal(err)
				}
				kb := float64(cf.served.Load()) / 1024
				sumKB[k.name] += kb
				maxKB[k.name] = max(maxKB[k.name], kb)
				sumMS[k.name] += l.Times.First
				sumWork[k.name] += l.Times.Work
				runs[k.name]++
				if testing.Verbose() {
					fmt.Printf("%-30s %7.1f KB %6.1f ms (work %5.1f ms)\n", q, kb, l.Times.First, l.Times.Work)
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
	}
	if dir := os.Getenv("SEARCH_SCREENSHOT_DIR"); dir != "" {
		var png []byte
		if err := chromedp.Run(ctx, emulation.SetCPUThrottlingRate(1), chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(srv.URL+"/search/?q=主题团日"), waitFirst("主题团日"), chromedp.FullScreenshot(&png, 90)); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "search-10k.png"), png, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// waitFirst waits until the first page of results for q is on screen.
func waitFirst(q string) chromedp.Action {
	return waitDone(q)
}
