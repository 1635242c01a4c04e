package model

import (
	"strconv"

	"dunban/site/content"
)

// PerPage is how many articles a list page shows.
const PerPage = 20

// Pager is one page of a paginated list.
type Pager struct {
	Number, Total int
	URL           string // this page's address
	PrevURL       string // "" on the first page
	NextURL       string // "" on the last page
	Items         []*content.Article
	Pages         []PageLink
}

// PageLink is a numbered link in a pager; Number 0 is an ellipsis.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// PageURL is the address of page n of the list at base.
func PageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// Paginate splits arts into pages of PerPage under base; an empty list still
// has one page.
func Paginate(base string, arts []*content.Article) []Pager {
	total := max(1, (len(arts)+PerPage-1)/PerPage)
	pages := make([]Pager, total)
	for i := range pages {
		n := i + 1
		p := Pager{Number: n, Total: total, URL: PageURL(base, n)}
		p.Items = arts[i*PerPage : min(len(arts), n*PerPage)]
		if n > 1 {
			p.PrevURL = PageURL(base, n-1)
		}
		if n < total {
			p.NextURL = PageURL(base, n+1)
		}
		p.Pages = links(base, n, total)
		pages[i] = p
	}
	return pages
}

// links lists the first, last and nearby page numbers with ellipses between.
func links(base string, cur, total int) []PageLink {
	var out []PageLink
	last := 0
	for n := 1; n <= total; n++ {
		if n != 1 && n != total && (n < cur-2 || n > cur+2) {
			continue
		}
		if last != 0 && n > last+1 {
			out = append(out, PageLink{})
		}
		out = append(out, PageLink{Number: n, URL: PageURL(base, n), Current: n == cur})
		last = n
	}
	return out
}
