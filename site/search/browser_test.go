package search

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dunban/site/browser"
	"dunban/site/output"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// siteDocs is a small site: the sample documents and some synthetic pages.
func siteDocs() []Doc {
	docs := append(slices.Clone(sample), synthDocs(300)...)
	return append(docs,
		Doc{URL: "/cases/baotou-tuanri/", Title: "包头市第九中学开展主题团日活动的做法", Section: "优秀工作案例",
			Date: day(2023, 10, 9), Summary: "以主题团日活动带动班级团支部建设。",
			Text: "包头市团委驻校干部与九年级团支部一起策划了“红色家书”主题团日活动，全班同学参与。"},
		Doc{URL: "/reports/wechat/", Title: "中学生使用ＷｅＣｈａｔ获取信息的调研", Section: "调研报告",
			Date: day(2024, 4, 2), Summary: "问卷调查 1200 名学生。",
			Text: "调查显示，多数学生每天使用 WeChat 和短视频平台，网络思政大有可为。"},
	)
}

// serveSite builds the index of docs and a search page into a folder and
// serves it; wrap, if not nil, wraps the file handler.
func serveSite(t testing.TB, docs []Doc, wrap func(http.Handler) http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	root := t.TempDir()
	b := NewBuilder()
	for _, d := range docs {
		b.Add(d)
	}
	if err := b.Write(output.Dir(root)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "search", "index.html"), searchPage(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "search.js"), Script, 0o644); err != nil {
		t.Fatal(err)
	}
	var h http.Handler = http.FileServer(http.Dir(root))
	if wrap != nil {
		h = wrap(h)
	}
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if strings.HasPrefix(r.URL.Path, "/search/") && !strings.HasSuffix(r.URL.Path, "/") {
			served.Add(cw.n)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

type countWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// searchPage is the fragment in a minimal page, as the site wraps it.
func searchPage(t testing.TB) []byte {
	var buf bytes.Buffer
	buf.WriteString(`<!doctype html><html lang="zh-CN"><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width,initial-scale=1"><title>搜索</title><style>` +
		`body{font-family:system-ui,sans-serif;margin:0 1em;max-width:40em}` + string(Style) + `</style><h1>搜索</h1>`)
	err := RenderPage(&buf, Page{ScriptURL: "/search.js", Browse: []Link{{"优秀工作案例", "/cases/"}, {"调研报告", "/reports/"}}})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// waitDone waits until the script has finished the search for q.
func waitDone(q string) chromedp.Action {
	return chromedp.Poll(fmt.Sprintf(`window.dunbanSearch && dunbanSearch.last && dunbanSearch.last.query === %q`, q),
		nil, chromedp.WithPollingTimeout(20*time.Second))
}

func TestBrowserSearch(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, siteDocs(), nil)
	var status, first, snippet, firstMark string
	var marks int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.SendKeys("#search-q", "主题团日活动\r"),
		waitDone("主题团日活动"),
		chromedp.Text("#search-status", &status),
		chromedp.Text("#search-results li:first-child a", &first),
		chromedp.Text("#search-results li:first-child .search-snippet", &snippet),
		chromedp.Evaluate(`document.querySelectorAll("#search-results li:first-child mark").length`, &marks),
		chromedp.Evaluate(`document.querySelector("#search-results li:first-child .search-snippet mark").textContent`, &firstMark),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != "包头市第九中学开展主题团日活动的做法" {
		t.Errorf("first result %q, want the 包头 case", first)
	}
	if !strings.Contains(status, "找到") || !strings.Contains(snippet, "主题团日活动") || marks == 0 {
		t.Errorf("status %q, snippet %q, %d marks", status, snippet, marks)
	}
	if firstMark != "主题团日活动" {
		t.Errorf("snippet marks %q, want the whole query marked at once", firstMark)
	}
	var url string
	var byWorker bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`location.search`, &url),
		chromedp.Evaluate(`dunbanSearch.last.times.stores > 0`, &byWorker)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "q=") {
		t.Errorf("query not kept in the URL: %q", url)
	}
	if !byWorker {
		t.Errorf("the stores were not fetched by the worker (times.stores unset)")
	}
}

func TestBrowserQueryFromURL(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, siteDocs(), nil)
	var first, meta string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=wechat"),
		waitDone("wechat"),
		chromedp.Text("#search-results li:first-child a", &first),
		chromedp.Text("#search-results li:first-child .search-meta", &meta),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != "中学生使用ＷｅＣｈａｔ获取信息的调研" || meta != "调研报告 · 2024年4月2日" {
		t.Errorf("first result %q (%q)", first, meta)
	}
}

// TestBrowserTermsMatchGo checks that the script cuts queries and hashes
// terms exactly as the index builder does.
func TestBrowserTermsMatchGo(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, sample, nil)
	inputs := []string{"驻校蹲班", "主题 团日", "ＷｅＣｈａｔ群", "2021年3月10日", "中文ab中", "𠀀𠀁x", "Ürümqi МОСКВА",
		"ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ", "二〇二一", "“驻校蹲班”工作！", strings.Repeat("x", 40) + "团", "カタカナ・ひらがな", "a\u3000b"}
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible("#search-q")); err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		var terms []string
		var hashes []float64
		err := chromedp.Run(ctx,
			chromedp.Evaluate(fmt.Sprintf(`dunbanSearch.terms(%q)`, in), &terms),
			chromedp.Evaluate(fmt.Sprintf(`dunbanSearch.terms(%q).map(dunbanSearch.hash)`, in), &hashes))
		if err != nil {
			t.Fatal(err)
		}
		want := QueryTerms(in)
		if !slices.Equal(terms, want) && !(len(terms) == 0 && len(want) == 0) {
			t.Errorf("script terms of %q = %q, Go %q", in, terms, want)
			continue
		}
		for i, term := range want {
			if uint32(hashes[i]) != termHash(term) {
				t.Errorf("script hash of %q = %v, Go %d", term, hashes[i], termHash(term))
			}
		}
	}
}

// TestBrowserCharactersMatchGo checks that the script folds and classifies
// every character of the first three planes as the index builder does.
func TestBrowserCharactersMatchGo(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, sample, nil)
	const n = 0x30000
	var got []int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.Evaluate(fmt.Sprintf(`(function () {
			var out = [];
			for (var c = 0; c < %d; c++) {
				if (c >= 0xD800 && c <= 0xDFFF) { out.push(-1); continue; }
				var f = dunbanSearch.fold(c);
				out.push(f * 4 + dunbanSearch.classOf(f));
			}
			return out;
		})()`, n), &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for r := rune(0); r < n; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		f := Fold(r)
		if want := int(f)*4 + int(classOf(f)); got[r] != want && bad < 10 {
			bad++
			t.Errorf("U+%04X: script folds to U+%04X class %d, Go U+%04X class %d", r, got[r]/4, got[r]%4, f, classOf(f))
		}
	}
}

func TestBrowserFetchFailure(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	fail := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/search/t/") {
				http.Error(w, "boom", http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	srv, _ := serveSite(t, sample, fail)
	var status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=驻校"),
		chromedp.Poll(`document.querySelector(".search-retry") !== null`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text("#search-status", &status),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status, "搜索索引加载失败") {
		t.Errorf("status %q, want the Chinese failure message", status)
	}
}

// TestBrowserThroughCDN serves the index as CloudFront serves the portal
// (gzip by Content-Type, see cloudFront): every file the page reads must
// arrive compressed, and the search must work.
func TestBrowserThroughCDN(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	root := t.TempDir()
	b := NewBuilder()
	addAll(b, siteDocs())
	if err := b.Write(output.Dir(root)); err != nil {
		t.Fatal(err)
	}
	writeBenchPage(t, root)
	var mu sync.Mutex
	var plain []string
	cf := &cloudFront{root: root, log: func(p string, size int, sent int64) {
		if size >= 1000 && sent >= int64(size) {
			mu.Lock()
			plain = append(plain, p)
			mu.Unlock()
		}
	}}
	srv := httptestServer(t, cf)
	var first string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q="+"主题团日活动"),
		waitDone("主题团日活动"),
		chromedp.Text("#search-results li:first-child a", &first),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != "包头市第九中学开展主题团日活动的做法" {
		t.Errorf("first result %q through the CDN", first)
	}
	if len(plain) > 0 {
		t.Errorf("sent uncompressed: %q", plain)
	}
}

func TestBrowserScreenshot(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, append(siteDocs(), phraseDocs()...), nil)
	small, _ := serveSite(t, phraseDocs(), nil)
	var png, top, partial []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/search/?q=主题团日"),
		waitDone("主题团日"),
		chromedp.FullScreenshot(&png, 90),
		chromedp.CaptureScreenshot(&top),
		chromedp.Navigate(small.URL+"/search/?q=主题团日"),
		waitDone("主题团日"),
		chromedp.ScrollIntoView(".search-result:has(.search-partial)", chromedp.ByQuery),
		chromedp.CaptureScreenshot(&partial),
	)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SEARCH_SCREENSHOT_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "search-results.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "search-top.png"), top, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "search-partial.png"), partial, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserMoreAndSingleCharacter searches one character, which matches
// many pages, and pages through the results.
func TestBrowserMoreAndSingleCharacter(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, siteDocs(), nil)
	var before, after int
	var hidden bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=团"),
		waitDone("团"),
		chromedp.Evaluate(`document.querySelectorAll("#search-results li").length`, &before),
		chromedp.Click("#search-more", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#search-results li a").length === 20`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`document.querySelectorAll("#search-results li").length`, &after),
		chromedp.Evaluate(`document.getElementById("search-more").hidden`, &hidden),
	)
	if err != nil {
		t.Fatal(err)
	}
	if before != 10 || after != 20 || hidden {
		t.Errorf("results %d then %d, more hidden %v", before, after, hidden)
	}
}

// TestBrowserFirstScreen checks that a query's first page puts on the list,
// before its first frame, the results that fill the window and no more: they
// reach the window's bottom, the last of them starts above it and the one
// before it ends above it (measured once the page is complete, at their real
// heights). A phone-sized window, where results are taller than the browser
// would guess them.
func TestBrowserFirstScreen(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, siteDocs(), nil)
	var got struct {
		OnScreen, Shown int
		Height          float64
		Tops, Bottoms   []float64
	}
	err := chromedp.Run(ctx, chromedp.EmulateViewport(320, 640),
		chromedp.Navigate(srv.URL+"/search/?q=团"),
		waitDone("团"),
		chromedp.Poll(`dunbanSearch.last.times.painted > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`(function () {
  var rs = Array.prototype.map.call(document.querySelectorAll("#search-results li"), function (li) { return li.getBoundingClientRect(); });
  return {onScreen: dunbanSearch.last.onScreen, shown: rs.length, height: window.innerHeight,
    tops: rs.map(function (r) { return r.top; }), bottoms: rs.map(function (r) { return r.bottom; })};
}())`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	n := got.OnScreen
	if n < 1 || n >= got.Shown {
		t.Fatalf("%d results on the first screen of %d shown", n, got.Shown)
	}
	if got.Bottoms[n-1] < got.Height {
		t.Errorf("%d results on the first screen end at %.0f, above the window's bottom (%.0f)", n, got.Bottoms[n-1], got.Height)
	}
	if got.Tops[n-1] >= got.Height {
		t.Errorf("result %d of the first screen starts at %.0f, below the window (%.0f high)", n, got.Tops[n-1], got.Height)
	}
	if n > 2 && got.Bottoms[n-2] >= got.Height {
		t.Errorf("%d results on the first screen, but result %d already ends at %.0f, below the window (%.0f high)", n, n-1, got.Bottoms[n-2], got.Height)
	}
}

// TestBrowserFirstResultsEarly holds back every store but the first
// result's: the first results must be on the list, in order, while the others
// are still on their way, and the page must complete once they arrive. Which
// store holds the first result is learnt from the same query on a server that
// holds nothing back (the same pages make the same index).
func TestBrowserFirstResultsEarly(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	free, _ := serveSite(t, siteDocs(), nil)
	var first string
	if err := chromedp.Run(ctx, chromedp.Navigate(free.URL+"/search/?q=学生"), waitDone("学生"),
		chromedp.Evaluate(`new URL(dunbanSearch.last.firstStore, location.href).pathname`, &first)); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var stores atomic.Int64
	hold := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/search/d/") && r.URL.Path != first {
				stores.Add(1)
				select {
				case <-release:
				case <-time.After(30 * time.Second):
				}
			}
			h.ServeHTTP(w, r)
		})
	}
	srv, _ := serveSite(t, siteDocs(), hold)
	var early, shown []string
	var last struct {
		Times struct{ Stores, ScreenStores float64 }
	}
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=学生"),
		chromedp.Poll(`document.querySelectorAll("#search-results li a").length > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results li a"), function (a) { return a.getAttribute("href"); })`, &early),
		chromedp.ActionFunc(func(context.Context) error { close(release); return nil }),
		waitDone("学生"),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results li a"), function (a) { return a.getAttribute("href"); })`, &shown),
		chromedp.Evaluate(`dunbanSearch.last`, &last),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(early) == 0 || len(early) >= 10 || len(shown) != 10 || !slices.Equal(early, shown[:len(early)]) {
		t.Errorf("results shown while all stores but %s were held back %q, then %q (%d held)", first, early, shown, stores.Load())
	}
	if last.Times.ScreenStores <= 0 || last.Times.ScreenStores > last.Times.Stores {
		t.Errorf("the first screen's stores arrived at %.0f ms, all stores at %.0f ms", last.Times.ScreenStores, last.Times.Stores)
	}
}

// TestBrowserWithoutWorker runs a query where the browser has no Worker: the
// page fetches the stores itself and shows the same results, the same markup.
func TestBrowserWithoutWorker(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, siteDocs(), nil)
	var with, without []string
	var stores float64
	// each result's markup, built by the worker, then by the page
	items := `Array.prototype.map.call(document.querySelectorAll("#search-results li"), function (li) { return li.outerHTML; })`
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=主题团日"), waitDone("主题团日"),
		chromedp.Poll(`dunbanSearch.last.times.painted > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(items, &with),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`delete window.Worker;`).Do(ctx)
			return err
		}),
		chromedp.Navigate(srv.URL+"/search/?q=主题团日"), waitDone("主题团日"),
		chromedp.Poll(`dunbanSearch.last.times.painted > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(items, &without),
		chromedp.Evaluate(`dunbanSearch.last.times.stores`, &stores),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(with) != 10 || !slices.Equal(with, without) {
		t.Errorf("results with a worker %q, without %q", with, without)
	}
	if stores != 0 {
		t.Errorf("stores fetched by a worker (times.stores %.0f) where there is none", stores)
	}
}

// TestBrowserRetry fails the first postings request, then retries.
func TestBrowserRetry(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	var failed atomic.Bool
	failOnce := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/search/t/") && failed.CompareAndSwap(false, true) {
				http.Error(w, "boom", http.StatusBadGateway)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	srv, _ := serveSite(t, siteDocs(), failOnce)
	var first string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=wechat"),
		chromedp.Poll(`document.querySelector(".search-retry") !== null`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`dunbanSearch.last = null`, nil),
		chromedp.Click(".search-retry", chromedp.ByQuery),
		waitDone("wechat"),
		chromedp.Text("#search-results li:first-child a", &first),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != "中学生使用ＷｅＣｈａｔ获取信息的调研" {
		t.Errorf("after retry the first result is %q", first)
	}
}

// TestBrowserRebuiltUnderThePage rebuilds the index while the page is open
// with the old meta.json in memory: the next query must notice and start over.
func TestBrowserRebuiltUnderThePage(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	root := t.TempDir()
	write := func(docs []Doc) {
		b := NewBuilder()
		for _, d := range docs {
			b.Add(d)
		}
		if err := b.Write(output.Dir(root)); err != nil {
			t.Fatal(err)
		}
	}
	write(sample)
	if err := os.WriteFile(filepath.Join(root, "search", "index.html"), searchPage(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "search.js"), Script, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(root)))
	defer srv.Close()
	var first string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=驻校"),
		waitDone("驻校"),
	)
	if err != nil {
		t.Fatal(err)
	}
	write(siteDocs()) // more documents: other shard count, other stores
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`dunbanSearch.search("主题团日活动")`, nil),
		waitDone("主题团日活动"),
		chromedp.Text("#search-results li:first-child a", &first),
	)
	if err != nil {
		t.Fatal(err)
	}
	if first != "包头市第九中学开展主题团日活动的做法" {
		t.Errorf("after the rebuild the first result is %q", first)
	}
}

func TestBrowserNoResultsAndPartial(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, sample, nil)
	var none, partial, first string
	var n int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=火星基地"),
		waitDone("火星基地"),
		chromedp.Text("#search-status", &none),
		chromedp.Evaluate(`dunbanSearch.last = null; dunbanSearch.search("驻校 火星")`, nil),
		waitDone("驻校 火星"),
		chromedp.Text("#search-status", &partial),
		chromedp.Text("#search-results li:first-child a", &first),
		chromedp.Evaluate(`document.querySelectorAll("#search-results li").length`, &n),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(none, "没有找到") {
		t.Errorf("status without results: %q", none)
	}
	if !strings.Contains(partial, "部分关键词") || n != 2 || first != "关于开展“驻校蹲班”工作的通知" {
		t.Errorf("partial matches: %q, %d results, first %q", partial, n, first)
	}
}

// phraseDocs are the case of issue 13: six articles hold 主题, 题团 and 团日,
// three of them 主题团日 whole, the other three 主题团课 and 团日 apart — and
// those three would rank first by BM25 alone (the terms in their titles, and
// more often).
func phraseDocs() []Doc {
	var docs []Doc
	for i, s := range []string{"一", "二", "三"} {
		docs = append(docs,
			Doc{URL: fmt.Sprintf("/cases/whole-%d/", i), Title: "班级团支部工作纪实" + s, Section: "优秀工作案例",
				Date: day(2022, 3, 1+i), Text: "驻校干部指导团支部开展主题团日活动，学生反响热烈。"},
			Doc{URL: fmt.Sprintf("/cases/apart-%d/", i), Title: "主题团课与团日活动" + s, Section: "优秀工作案例",
				Date: day(2023, 3, 1+i), Text: "主题团课讲党史，团日活动办实事。主题团课每月一次，团日活动每学期两次。"})
	}
	return docs
}

// TestBrowserPhraseFirst searches 主题团日 over phraseDocs: the three that
// hold it whole come first, unlabelled, with the whole phrase marked; the
// three others follow marked 部分匹配, and the status says how many of each.
func TestBrowserPhraseFirst(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, phraseDocs(), nil)
	type result struct {
		Title   string   `json:"title"`
		Partial bool     `json:"partial"`
		Marks   []string `json:"marks"`
	}
	var status string
	var results []result
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=主题团日"),
		waitDone("主题团日"),
		chromedp.Text("#search-status", &status),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results li"), function (li) {
			return {title: li.querySelector("a").textContent, partial: !!li.querySelector(".search-partial"),
				marks: Array.prototype.map.call(li.querySelectorAll("mark"), function (m) { return m.textContent; })};
		})`, &results),
	)
	if err != nil {
		t.Fatal(err)
	}
	if want := "找到 3 篇包含“主题团日”的文章，另有 3 篇部分匹配"; status != want {
		t.Errorf("status %q, want %q", status, want)
	}
	if len(results) != 6 {
		t.Fatalf("%d results, want 6: %+v", len(results), results)
	}
	for i, r := range results {
		whole := strings.HasPrefix(r.Title, "班级团支部工作纪实")
		if whole != (i < 3) || r.Partial != (i >= 3) {
			t.Errorf("result %d: %q, partial %v", i+1, r.Title, r.Partial)
		}
		for _, m := range r.Marks {
			if whole && m != "主题团日" || !whole && m != "主题" && m != "团日" {
				t.Errorf("result %d (%s) marks %q", i+1, r.Title, m)
			}
		}
		if whole && len(r.Marks) == 0 {
			t.Errorf("result %d (%s): nothing marked", i+1, r.Title)
		}
	}
}
