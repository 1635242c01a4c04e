package model

import (
	"cmp"
	"slices"

	"dunban/site/content"
)

// Taxonomy is one way to browse articles, e.g. by region.
type Taxonomy struct {
	Key   string // URL segment, e.g. "regions"
	Name  string // display name, e.g. "地区"
	URL   string
	Terms []*Term
}

// Term is one value of a taxonomy and its articles, newest first.
type Term struct {
	Name     string
	Slug     string
	URL      string
	Articles []*content.Article
}

// regionSlugs and schoolTypeSlugs give the region and school type values
// readable ASCII addresses; an unknown value falls back to its escaped name.
var regionSlugs = map[string]string{
	"呼和浩特市": "hohhot", "包头市": "baotou", "乌海市": "wuhai", "赤峰市": "chifeng",
	"通辽市": "tongliao", "鄂尔多斯市": "ordos", "呼伦贝尔市": "hulunbuir", "巴彦淖尔市": "bayannur",
	"乌兰察布市": "ulanqab", "兴安盟": "hinggan", "锡林郭勒盟": "xilingol", "阿拉善盟": "alxa",
	"高校": "universities",
}

var schoolTypeSlugs = map[string]string{
	"高等院校": "university", "高级中学": "senior-high", "初级中学": "junior-high",
	"完全中学": "complete-middle", "九年一贯制学校": "nine-year", "中等职业学校": "vocational",
}

func taxonomies(arts []*content.Article, v content.Vocabulary) []*Taxonomy {
	region := group("regions", "地区", arts, func(a *content.Article) []string { return one(a.Region) })
	order(region, v.Regions, regionSlugs)
	school := group("school-types", "学校类型", arts, func(a *content.Article) []string { return one(a.SchoolType) })
	order(school, v.SchoolTypes, schoolTypeSlugs)
	year := group("years", "年份", arts, func(a *content.Article) []string { return []string{YearKey(a.Year())} })
	slices.SortFunc(year.Terms, func(a, b *Term) int { return cmp.Compare(b.Name, a.Name) })
	tag := group("tags", "标签", arts, func(a *content.Article) []string { return a.Tags })
	slices.SortStableFunc(tag.Terms, func(a, b *Term) int {
		return cmp.Or(cmp.Compare(len(b.Articles), len(a.Articles)), cmp.Compare(a.Name, b.Name))
	})
	all := []*Taxonomy{region, school, year, tag}
	for _, t := range all {
		for _, term := range t.Terms {
			if term.Slug == "" {
				term.Slug = term.Name // pages escape it in links; the file keeps the name
			}
			term.URL = t.URL + term.Slug + "/"
		}
	}
	return all
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// group collects the terms of one taxonomy in first-seen order; arts are
// newest first, so each term's list is too.
func group(key, name string, arts []*content.Article, values func(*content.Article) []string) *Taxonomy {
	t := &Taxonomy{Key: key, Name: name, URL: "/" + key + "/"}
	index := map[string]*Term{}
	for _, a := range arts {
		for _, v := range values(a) {
			term := index[v]
			if term == nil {
				term = &Term{Name: v}
				index[v] = term
				t.Terms = append(t.Terms, term)
			}
			term.Articles = append(term.Articles, a)
		}
	}
	return t
}

// order sorts terms as in vocab and gives them their ASCII slugs.
func order(t *Taxonomy, vocab []string, slugs map[string]string) {
	pos := func(name string) int {
		if i := slices.Index(vocab, name); i >= 0 {
			return i
		}
		return len(vocab)
	}
	slices.SortStableFunc(t.Terms, func(a, b *Term) int { return cmp.Compare(pos(a.Name), pos(b.Name)) })
	for _, term := range t.Terms {
		term.Slug = slugs[term.Name]
	}
}

// Taxonomy returns the taxonomy with key.
func (s *Site) Taxonomy(key string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// TermOf returns the term named name in the taxonomy with key, or nil.
func (s *Site) TermOf(key, name string) *Term {
	t := s.Taxonomy(key)
	if t == nil {
		return nil
	}
	for _, term := range t.Terms {
		if term.Name == name {
			return term
		}
	}
	return nil
}
