package build

import (
	"io"
	"time"

	"dunban/site/sitemap"
)

func (g *generator) robots(w io.Writer, _ *[]byte) error { return sitemap.Robots(w, g.cfg.Base) }

func (g *generator) sitemap(w io.Writer, _ *[]byte) error {
	var urls []sitemap.URL
	for _, j := range g.jobs {
		if !j.sitemap {
			continue
		}
		u := sitemap.URL{Path: j.path}
		if !j.lastmod.IsZero() {
			u.LastMod = j.lastmod.Format(time.DateOnly)
		}
		urls = append(urls, u)
	}
	return sitemap.Write(w, g.cfg.Base, urls)
}
