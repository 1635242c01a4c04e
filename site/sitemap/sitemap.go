// Package sitemap writes sitemap.xml and robots.txt.
package sitemap

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
)

// URL is one page listed in the sitemap.
type URL struct {
	Path    string // e.g. /cases/baotou/
	LastMod string // YYYY-MM-DD, or ""
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []entry  `xml:"url"`
}

type entry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Write writes the sitemap of urls; base is the portal's origin
// (e.g. https://example.org), or "" for root-relative addresses.
func Write(w io.Writer, base string, urls []URL) error {
	s := urlset{URLs: make([]entry, len(urls))}
	for i, u := range urls {
		s.URLs[i] = entry{Loc: base + Escape(u.Path), LastMod: u.LastMod}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write sitemap: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("write sitemap: %w", err)
	}
	return nil
}

// Escape percent-encodes a site path for places that need a plain URL.
func Escape(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// Robots writes robots.txt: everything may be crawled except the admin
// page. The sitemap is named only when the origin is known, since crawlers
// need its absolute address.
func Robots(w io.Writer, base string) error {
	text := "User-agent: *\nDisallow: /admin/\n"
	if base != "" {
		text += "\nSitemap: " + base + "/sitemap.xml\n"
	}
	_, err := io.WriteString(w, text)
	if err != nil {
		return fmt.Errorf("write robots.txt: %w", err)
	}
	return nil
}
