// Package model arranges loaded articles into the portal's structure:
// sections, taxonomies (region, school type, year, tag), previous/next and
// related articles, and paginated lists.
package model

import (
	"cmp"
	"slices"
	"strconv"

	"dunban/site/content"
)

// Site is the whole portal's structure.
type Site struct {
	// Articles are all published articles, newest first.
	Articles []*content.Article
	// Sections lists each section's articles, newest first.
	Sections []*SectionList
	// Taxonomies are the ways to browse: region, school type, year, tag.
	Taxonomies []*Taxonomy
	nav        map[*content.Article]*Nav
}

// SectionList is a section and its articles, newest first.
type SectionList struct {
	content.Section
	URL      string
	Articles []*content.Article
}

// Nav is what an article page links to besides itself.
type Nav struct {
	Prev, Next *content.Article // older and newer in the same section
	Related    []*content.Article
}

// New builds the site structure of arts. Region and school-type terms are
// ordered as in the vocabulary.
func New(arts []*content.Article, v content.Vocabulary) *Site {
	s := &Site{Articles: slices.Clone(arts), nav: map[*content.Article]*Nav{}}
	slices.SortStableFunc(s.Articles, newestFirst)
	for _, sec := range content.Sections {
		l := &SectionList{Section: sec, URL: "/" + sec.Key + "/"}
		for _, a := range s.Articles {
			if a.Section == sec {
				l.Articles = append(l.Articles, a)
			}
		}
		s.Sections = append(s.Sections, l)
	}
	s.Taxonomies = taxonomies(s.Articles, v)
	s.link()
	return s
}

func newestFirst(a, b *content.Article) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return cmp.Compare(a.URL, b.URL)
}

// Section returns the list of the section with key.
func (s *Site) Section(key string) *SectionList {
	for _, l := range s.Sections {
		if l.Key == key {
			return l
		}
	}
	return nil
}

// Nav returns the links of article a.
func (s *Site) Nav(a *content.Article) *Nav { return s.nav[a] }

func (s *Site) link() {
	for _, l := range s.Sections {
		for i, a := range l.Articles {
			n := &Nav{}
			if i+1 < len(l.Articles) {
				n.Prev = l.Articles[i+1]
			}
			if i > 0 {
				n.Next = l.Articles[i-1]
			}
			s.nav[a] = n
		}
	}
	s.relate()
}

// YearKey formats a year as its term name.
func YearKey(y int) string { return strconv.Itoa(y) }
