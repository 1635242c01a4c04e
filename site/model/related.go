package model

import (
	"cmp"
	"slices"

	"dunban/site/content"
)

// relatedCount is how many related articles a page shows.
const relatedCount = 4

// window is how many neighbours by date each shared term contributes as
// candidates; it keeps relating linear in the number of articles.
const window = 6

// relate picks, for each article, the articles sharing most tags, then its
// region and school type, nearest in date first.
func (s *Site) relate() {
	lists := s.termLists()
	for _, a := range s.Articles {
		cands := map[*content.Article]int{}
		for _, key := range termKeys(a) {
			l := lists[key]
			i := l.pos[a]
			for j := max(0, i-window); j < min(len(l.arts), i+window+1); j++ {
				if b := l.arts[j]; b != a {
					cands[b] = score(a, b)
				}
			}
		}
		s.nav[a].Related = best(a, cands)
	}
}

type termList struct {
	arts []*content.Article
	pos  map[*content.Article]int
}

func termKeys(a *content.Article) []string {
	keys := []string{"r:" + a.Region, "s:" + a.SchoolType, "c:" + a.Section.Key}
	for _, t := range a.Tags {
		keys = append(keys, "t:"+t)
	}
	return keys
}

func (s *Site) termLists() map[string]*termList {
	lists := map[string]*termList{}
	for _, a := range s.Articles {
		for _, k := range termKeys(a) {
			l := lists[k]
			if l == nil {
				l = &termList{pos: map[*content.Article]int{}}
				lists[k] = l
			}
			l.pos[a] = len(l.arts)
			l.arts = append(l.arts, a)
		}
	}
	return lists
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

func best(a *content.Article, cands map[*content.Article]int) []*content.Article {
	out := make([]*content.Article, 0, len(cands))
	for b := range cands {
		out = append(out, b)
	}
	slices.SortFunc(out, func(x, y *content.Article) int {
		return cmp.Or(cmp.Compare(cands[y], cands[x]), cmp.Compare(dist(a, x), dist(a, y)), cmp.Compare(x.URL, y.URL))
	})
	return out[:min(relatedCount, len(out))]
}

func dist(a, b *content.Article) int64 {
	d := a.Date.Sub(b.Date)
	if d < 0 {
		d = -d
	}
	return int64(d)
}
