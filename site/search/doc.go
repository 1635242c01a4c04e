// Package search builds the portal's full-text search index at generation
// time and renders the search page that queries it in the browser.
//
// The index works for Chinese, which has no spaces between words: text is
// folded (full-width forms to half-width, Latin to lower case) and cut into
// terms — every CJK character alone, every pair of adjacent CJK characters
// (bigrams) and every run of letters or digits (words). The postings of the
// terms are split by a hash of the term into shard files, and the documents
// are packed into store files read line by line with HTTP Range requests, so
// that a query downloads only the shards of its terms and its results.
//
// Layout under the output directory (all paths relative to it):
//
//	search/meta.json       format, version, number of documents and shards
//	search/t/<hex>.bin     postings of the terms whose hash falls in the shard
//	search/d/<n>.txt       StoreSize documents, one JSON line each
//	search/d/lengths.bin   byte length of every document's line
//
// The search page (RenderPage) loads Script, which reads these files.
package search

import "time"

// Doc is one article to index.
type Doc struct {
	URL     string    // absolute path on the portal, e.g. /cases/baotou-2021/
	Title   string    // shown as the result's link; title terms rank higher
	Section string    // display name of the section, e.g. 优秀工作案例
	Date    time.Time // publication date; the zero time is left out
	Summary string    // indexed, and shown when the text has no match
	Text    string    // plain text of the body (no markup), indexed and used for snippets
}
