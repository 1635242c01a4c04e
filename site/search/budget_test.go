package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"dunban/site/browser"

	"github.com/chromedp/chromedp"
)

// queryCost is what a freshly opened search page downloads for a query
// before its first page of results is on screen, computed from the index
// files as the script fetches them, gzip-compressed as the CDN sends text:
// the script and stylesheet, meta.json, the common characters it lays out
// meanwhile, the postings shard of every term it looks up, the
// following-characters file of every bigram it checks, and — not knowing
// the ranking — the PageSize largest store files.
type queryCost struct {
	script, meta, common, shards, next, stores int
	files                                      int
}

func (c queryCost) total() int {
	return c.script + c.meta + c.common + c.shards + c.next + c.stores
}

// PageSize is the number of results on the first page (the script's PAGE).
const pageSize = 10

// gzipSizes caches the compressed size of each file of an index.
type gzipSizes struct {
	files map[string][]byte
	sizes map[string]int
}

func (g *gzipSizes) size(name string) int {
	if n, ok := g.sizes[name]; ok {
		return n
	}
	data, ok := g.files[name]
	if !ok {
		panic("no file " + name)
	}
	n := gzipLen(data)
	g.sizes[name] = n
	return n
}

func gzipLen(data []byte) int {
	if len(data) < 1000 { // CloudFront sends small files as they are
		return len(data)
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Len()
}

// costOf computes the cost of query q on the index in files.
func costOf(g *gzipSizes, q string) (queryCost, error) {
	var m Meta
	if err := json.Unmarshal(g.files["search/meta.json"], &m); err != nil {
		return queryCost{}, err
	}
	c := queryCost{script: gzipLen(Script) + gzipLen(Style), meta: len(g.files["search/meta.json"]), common: g.size(commonName)}
	terms, checked := lookupPlan(q)
	seen := map[string]bool{}
	for i, t := range terms {
		s := shardOf(t, m.Shards)
		name := shardName(s)
		if r := []rune(t); len(r) == 1 && classOf(r[0]) == cjk {
			name = charShardName(shardOf(t, m.Chars))
		}
		if !seen[name] {
			seen[name] = true
			c.shards += g.size(name)
		}
		if name := nextName(s); checked[i] && !seen[name] {
			seen[name] = true
			c.next += g.size(name)
		}
	}
	var stores []int
	for s := range (m.Docs + m.Store - 1) / m.Store {
		stores = append(stores, g.size(fmt.Sprintf("search/d/%d.txt", s)))
	}
	slices.Sort(stores)
	for _, n := range stores[max(0, len(stores)-min(pageSize, m.Docs)):] {
		c.stores += n
	}
	c.files = len(seen) + min(pageSize, m.Docs) + 2
	return c, nil
}

// lookupPlan is the terms the script looks up for q and which of them it
// checks the following characters of (see plan in search.js).
func lookupPlan(q string) (terms []string, checked []bool) {
	at := map[string]int{}
	term := func(t string, check bool) {
		i, ok := at[t]
		if !ok {
			i = len(terms)
			at[t] = i
			terms = append(terms, t)
			checked = append(checked, false)
		}
		checked[i] = checked[i] || check
	}
	for _, p := range queryParts(q) {
		if p.word != "" {
			term(p.word, false)
			continue
		}
		r := p.run
		if len(r) == 1 {
			term(string(r), false)
			continue
		}
		step := 1
		if len(r) > 6 {
			step = 2
		}
		for j := 0; j+1 < len(r); j += step {
			term(string(r[j:j+2]), j+2 < len(r))
		}
		if step == 2 && len(r)%2 == 1 {
			term(string(r[len(r)-2:]), false)
		}
	}
	if len(terms) > maxQueryTerms {
		terms, checked = terms[:maxQueryTerms], checked[:maxQueryTerms]
	}
	return terms, checked
}

// maxQueryTerms is the script's MAX_TERMS.
const maxQueryTerms = 8

type queryPart struct {
	run  []rune // a run of CJK characters, folded
	word string
}

// queryParts cuts q into its runs of CJK characters and its words.
func queryParts(q string) []queryPart {
	var out []queryPart
	pair := false // the last key was a pair: the next character continues its run
	var s scanner
	s.scan(q, func(k uint64) {
		if k >= 1<<42 {
			pair = true
			return
		}
		if !pair {
			out = append(out, queryPart{})
		}
		out[len(out)-1].run = append(out[len(out)-1].run, rune(k))
		pair = false
	}, func(w []byte) {
		out = append(out, queryPart{word: string(w)})
		pair = false
	})
	return out
}

func TestLookupPlan(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		q       string
		terms   []string
		checked []bool
	}{
		{"团日", []string{"团日"}, []bool{false}},
		{"团", []string{"团"}, []bool{false}},
		{"主题团日", []string{"主题", "题团", "团日"}, []bool{true, true, false}},
		{"主题团日活动的组织", []string{"主题", "团日", "活动", "的组", "组织"}, []bool{true, true, true, true, false}},
		{"主题 团日 wechat", []string{"主题", "团日", "wechat"}, []bool{false, false, false}},
	} {
		terms, checked := lookupPlan(tt.q)
		if !slices.Equal(terms, tt.terms) || !slices.Equal(checked, tt.checked) {
			t.Errorf("lookupPlan(%q) = %q %v, want %q %v", tt.q, terms, checked, tt.terms, tt.checked)
		}
	}
}

// budget is what a query may download for its first page of results on a
// freshly opened search page (issue 14: < 300 KB for every kind of query).
const budget = 300 << 10

// TestQueryBudget builds the index of 10,000 pages whose text compresses like
// real articles and checks, from the files, what each benchmark query costs
// (with the largest stores standing for its results).
func TestQueryBudget(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a 10,000-page index")
	}
	b := NewBuilder()
	addAll(b, proseCorpus(t))
	var dir memDir
	if err := b.Write(&dir); err != nil {
		t.Fatal(err)
	}
	g := &gzipSizes{files: dir.files, sizes: map[string]int{}}
	for _, k := range queryKinds {
		for _, q := range append(k.queries, strings.Repeat("驻校蹲班主题团日", 4)) {
			c, err := costOf(g, q)
			if err != nil {
				t.Fatal(err)
			}
			if c.total() > budget {
				t.Errorf("%s query %q costs %d KB (%+v), budget %d KB", k.name, q, c.total()>>10, c, budget>>10)
			}
		}
	}
}

// TestPlanMatchesScript checks that lookupPlan, which the budget is computed
// with, is what the script looks up.
func TestPlanMatchesScript(t *testing.T) {
	t.Parallel()
	ctx := browser.New(t)
	srv, _ := serveSite(t, sample, nil)
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible("#search-q")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"团日", "团", "主题团日", "主题团日活动的组织和开展情况", "主题 团日 wechat", "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸",
		"中文ab中", "𠀀𠀁𠀂"} {
		var got struct {
			Terms  []string `json:"terms"`
			Checks [][]any  `json:"checks"`
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`dunbanSearch.plan(%q)`, q), &got)); err != nil {
			t.Fatal(err)
		}
		terms, checked := lookupPlan(q)
		gotChecked := make([]bool, len(got.Terms))
		for _, c := range got.Checks {
			gotChecked[int(c[0].(float64))] = true
		}
		if !slices.Equal(got.Terms, terms) || !slices.Equal(gotChecked, checked) {
			t.Errorf("plan of %q: script %q %v, Go %q %v", q, got.Terms, gotChecked, terms, checked)
		}
	}
}
