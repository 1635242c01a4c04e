package model

import (
	"fmt"
	"testing"
	"time"

	"dunban/site/content"
)

var vocab = content.Vocabulary{Regions: []string{"包头市", "通辽市"}, SchoolTypes: []string{"高级中学", "初级中学"}}

func article(i int, region string, tags ...string) *content.Article {
	return &content.Article{Section: content.Cases, URL: fmt.Sprintf("/cases/a%d/", i), Title: fmt.Sprint(i),
		Date: time.Date(2021, 1, 1+i, 0, 0, 0, 0, time.UTC), Region: region, SchoolType: "高级中学", Tags: tags}
}

func TestPaginate(t *testing.T) {
	t.Parallel()
	var arts []*content.Article
	for i := range 45 {
		arts = append(arts, article(i, "包头市"))
	}
	pages := Paginate("/cases/", arts)
	if len(pages) != 3 || len(pages[2].Items) != 5 {
		t.Fatalf("got %d pages, last with %d items", len(pages), len(pages[len(pages)-1].Items))
	}
	if pages[0].URL != "/cases/" || pages[1].URL != "/cases/page/2/" || pages[0].PrevURL != "" || pages[0].NextURL != "/cases/page/2/" || pages[2].NextURL != "" {
		t.Errorf("page links wrong: %+v", pages[0])
	}
	if got := Paginate("/x/", nil); len(got) != 1 || got[0].Total != 1 {
		t.Errorf("empty list: %d pages", len(got))
	}
}

func TestPagerLinksElide(t *testing.T) {
	t.Parallel()
	got := links("/c/", 10, 20)
	var nums []int
	for _, l := range got {
		nums = append(nums, l.Number)
	}
	want := []int{1, 0, 8, 9, 10, 11, 12, 0, 20}
	if fmt.Sprint(nums) != fmt.Sprint(want) {
		t.Errorf("links = %v, want %v", nums, want)
	}
}

func TestTaxonomiesAndNav(t *testing.T) {
	t.Parallel()
	a, b, c := article(1, "通辽市", "团日"), article(2, "包头市", "团日", "调研"), article(3, "包头市")
	s := New([]*content.Article{a, b, c}, vocab)
	if s.Articles[0] != c {
		t.Errorf("not newest first")
	}
	regions := s.Taxonomy("regions")
	if regions.Terms[0].Name != "包头市" || regions.Terms[0].URL != "/regions/baotou/" || len(regions.Terms[0].Articles) != 2 {
		t.Errorf("regions not in vocabulary order with slugs: %+v", regions.Terms[0])
	}
	if tag := s.TermOf("tags", "团日"); tag == nil || tag.URL != "/tags/团日/" || len(tag.Articles) != 2 {
		t.Errorf("tag term wrong: %+v", tag)
	}
	if y := s.TermOf("years", "2021"); y == nil || len(y.Articles) != 3 {
		t.Errorf("year term wrong")
	}
	n := s.Nav(b)
	if n.Prev != a || n.Next != c {
		t.Errorf("prev/next of b = %v/%v", n.Prev, n.Next)
	}
	if len(n.Related) != 2 || n.Related[0] != a && n.Related[0] != c {
		t.Errorf("related of b = %v", n.Related)
	}
	if s.Nav(a).Related[0] != b {
		t.Errorf("a's best related should share its tag")
	}
}

// TestRelateManyIsDeterministic relates enough articles to use every core
// and checks two runs agree (run it with -race).
func TestRelateManyIsDeterministic(t *testing.T) {
	t.Parallel()
	make := func() []*content.Article {
		var arts []*content.Article
		for i := range 2500 {
			arts = append(arts, article(i, vocab.Regions[i%2], fmt.Sprint("t", i%7), fmt.Sprint("u", i%5)))
		}
		return arts
	}
	a, b := New(make(), vocab), New(make(), vocab)
	for i := range a.Articles {
		ra, rb := a.Nav(a.Articles[i]).Related, b.Nav(b.Articles[i]).Related
		if len(ra) != relatedCount || len(ra) != len(rb) {
			t.Fatalf("article %d: %d and %d related", i, len(ra), len(rb))
		}
		for j := range ra {
			if ra[j].URL != rb[j].URL || ra[j] == a.Articles[i] {
				t.Fatalf("article %d: related differ or include itself", i)
			}
		}
	}
}

// TestScoreFeatures holds the numbered comparison equal to score, and checks
// it gives way to score when tags repeat or are too many for the bits.
func TestScoreFeatures(t *testing.T) {
	t.Parallel()
	var arts []*content.Article
	for i := range 60 {
		a := article(i, []string{"", "包头市", "兴安盟"}[i%3], fmt.Sprint("t", i%7), fmt.Sprint("u", i%5))
		a.Tags = a.Tags[:i%3]
		a.SchoolType = []string{"", "高级中学", "初级中学", "高等院校"}[i%4]
		a.Section = content.Sections[i%len(content.Sections)]
		arts = append(arts, a)
	}
	feats := features(arts)
	if feats == nil {
		t.Fatal("no features for a few distinct tags")
	}
	for i, a := range arts {
		for j, b := range arts {
			if got, want := scoreOf(feats, i, j, a, b), score(a, b); got != want {
				t.Errorf("articles %d and %d: scoreOf %d, score %d", i, j, got, want)
			}
		}
	}
	if features([]*content.Article{article(0, "", "x", "x")}) != nil {
		t.Error("a repeated tag was numbered")
	}
	var many []string
	for i := range 65 {
		many = append(many, fmt.Sprint("t", i))
	}
	if features([]*content.Article{article(0, "", many...)}) != nil {
		t.Error("65 tags were numbered")
	}
}
