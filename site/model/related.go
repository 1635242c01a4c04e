package model

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"dunban/site/content"
)

// relatedCount is how many related articles a page shows.
const relatedCount = 4

// window is how many neighbours by date each shared term contributes as
// candidates; it keeps relating linear in the number of articles.
const window = 6

// place is an article's position in one of the lists of articles sharing a
// term (a tag, its region, its school type or its section).
type place struct{ list, pos int }

type candidate struct {
	art   *content.Article
	score int
	dist  int64
}

// relate picks, for each article, the articles sharing most tags, then its
// region and school type, nearest in date first, on all cores.
func (s *Site) relate() {
	lists, places := termLists(s.Articles)
	feats := features(s.Articles)
	workers := min(runtime.GOMAXPROCS(0), 1+len(s.Articles)/1000)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { s.relateSome(lists, places, feats, w, workers) })
	}
	wg.Wait()
}

// feature is what score compares of an article, as numbers: a bit per tag
// and the number of its region and school type (0 for none) and section.
type feature struct {
	tags                    uint64
	region, school, section int32
}

// features numbers the tags, regions, school types and sections of arts,
// or returns nil when the tags do not fit in 64 bits or an article repeats
// one (score counts a repeated tag twice); score is then used.
func features(arts []*content.Article) []feature {
	ids := map[string]int32{}
	id := func(kind, s string) int32 {
		if s == "" {
			return 0
		}
		n, ok := ids[kind+s]
		if !ok {
			n = int32(len(ids) + 1)
			ids[kind+s] = n
		}
		return n
	}
	tags := map[string]uint64{}
	out := make([]feature, len(arts))
	for i, a := range arts {
		f := &out[i]
		for _, t := range a.Tags {
			bit, ok := tags[t]
			if !ok {
				if len(tags) == 64 {
					return nil
				}
				bit = 1 << len(tags)
				tags[t] = bit
			}
			if f.tags&bit != 0 {
				return nil
			}
			f.tags |= bit
		}
		f.region, f.school = id("r", a.Region), id("s", a.SchoolType)
		f.section = id("d", a.Section.Key+"\x00"+a.Section.Name)
	}
	return out
}

// scoreOf is score(a, b) of articles i and j, from feats if there are some.
func scoreOf(feats []feature, i, j int, a, b *content.Article) int {
	if feats == nil {
		return score(a, b)
	}
	x, y := &feats[i], &feats[j]
	n := 3 * bits.OnesCount64(x.tags&y.tags)
	if x.region != 0 && x.region == y.region {
		n += 2
	}
	if x.school != 0 && x.school == y.school {
		n++
	}
	if x.section == y.section {
		n++
	}
	return n
}

// relateSome relates every workers-th article, starting at first.
func (s *Site) relateSome(lists [][]int, places [][]place, feats []feature, first, workers int) {
	seen := make([]int, len(s.Articles)) // index+1 of the article that last saw this one
	var cands []candidate
	for i := first; i < len(s.Articles); i += workers {
		a := s.Articles[i]
		cands = cands[:0]
		for _, p := range places[i] {
			l := lists[p.list]
			for j := max(0, p.pos-window); j < min(len(l), p.pos+window+1); j++ {
				k := l[j]
				if k == i || seen[k] == i+1 {
					continue
				}
				seen[k] = i + 1
				b := s.Articles[k]
				cands = append(cands, candidate{b, scoreOf(feats, i, k, a, b), dist(a, b)})
			}
		}
		s.nav[a].Related = best(cands)
	}
}

// termLists groups article indexes (newest first) by shared term and
// records where each article sits in each of its lists.
func termLists(arts []*content.Article) ([][]int, [][]place) {
	ids := map[string]int{}
	var lists [][]int
	places := make([][]place, len(arts))
	for i, a := range arts {
		for _, k := range termKeys(a) {
			id, ok := ids[k]
			if !ok {
				id = len(lists)
				ids[k] = id
				lists = append(lists, nil)
			}
			places[i] = append(places[i], place{id, len(lists[id])})
			lists[id] = append(lists[id], i)
		}
	}
	return lists, places
}

func termKeys(a *content.Article) []string {
	keys := []string{"r:" + a.Region, "s:" + a.SchoolType, "c:" + a.Section.Key}
	for _, t := range a.Tags {
		keys = append(keys, "t:"+t)
	}
	return keys
}

func score(a, b *content.Article) int {
	n := 0
	for _, t := range a.Tags {
		if slices.Contains(b.Tags, t) {
			n += 3
		}
	}
	if a.Region != "" && a.Region == b.Region {
		n += 2
	}
	if a.SchoolType != "" && a.SchoolType == b.SchoolType {
		n++
	}
	if a.Section == b.Section {
		n++
	}
	return n
}

// better orders candidates: higher score, then nearer in date, then URL.
func better(x, y candidate) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	if x.dist != y.dist {
		return x.dist < y.dist
	}
	return x.art.URL < y.art.URL
}

// best keeps the relatedCount best candidates, best first.
func best(cands []candidate) []*content.Article {
	var top []candidate
	for _, c := range cands {
		i := len(top)
		for i > 0 && better(c, top[i-1]) {
			i--
		}
		if i < relatedCount {
			top = slices.Insert(top, i, c)
			top = top[:min(len(top), relatedCount)]
		}
	}
	out := make([]*content.Article, len(top))
	for i, c := range top {
		out[i] = c.art
	}
	return out
}

func dist(a, b *content.Article) int64 {
	d := a.Date.Sub(b.Date)
	if d < 0 {
		d = -d
	}
	return int64(d)
}
