// Package feed writes an Atom feed of the newest articles.
package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"dunban/site/content"
)

// Size is how many articles the feed carries.
const Size = 30

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title    string      `xml:"title"`
	ID       string      `xml:"id"`
	Link     atomLink    `xml:"link"`
	Updated  string      `xml:"updated"`
	Author   *atomPerson `xml:"author,omitempty"`
	Category []atomCat   `xml:"category"`
	Summary  atomSummary `xml:"summary"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomSummary struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// beijing is UTC+8, the portal's time zone, fixed so output is reproducible.
var beijing = time.FixedZone("CST", 8*3600)

func stamp(t time.Time) string {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, beijing).Format(time.RFC3339)
}

// Write writes the Atom feed of arts (newest first) to w. base is the
// portal's origin (e.g. https://example.org), or "" for root-relative links.
func Write(w io.Writer, base string, arts []*content.Article) error {
	f := atomFeed{
		Lang:   "zh-CN",
		Title:  "驻校蹲班 · 最新文章",
		ID:     id(base, "/"),
		Links:  []atomLink{{Rel: "self", Href: base + "/feed.xml"}, {Href: base + "/"}},
		Author: atomPerson{Name: "共青团内蒙古自治区委员会"},
	}
	arts = arts[:min(Size, len(arts))]
	if len(arts) > 0 {
		f.Updated = stamp(arts[0].Date)
	} else {
		f.Updated = stamp(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	for _, a := range arts {
		e := atomEntry{
			Title:   a.Title,
			ID:      id(base, a.URL),
			Link:    atomLink{Href: base + a.URL},
			Updated: stamp(a.Date),
			Summary: atomSummary{Type: "text", Text: a.Summary},
		}
		if a.Author != "" {
			e.Author = &atomPerson{Name: a.Author}
		}
		for _, t := range append([]string{a.Section.Name}, a.Tags...) {
			e.Category = append(e.Category, atomCat{Term: t})
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	return nil
}

// id is an entry's permanent identifier: its URL when the origin is known,
// else a tag URI that does not depend on where the portal is hosted.
func id(base, path string) string {
	if base != "" {
		return base + path
	}
	return "tag:dunban,2021:" + path
}
