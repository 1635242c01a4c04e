// Package search builds the portal's full-text search index at generation
// time and renders the search page that queries it in the browser.
//
// The index works for Chinese, which has no spaces between words: text is
// folded (full-width forms to half-width, Latin to lower case) and cut into
// terms — every CJK character alone, every pair of adjacent CJK characters
// (bigrams) and every run of letters or digits (words). The postings of the
// terms are split by a hash of the term into shard files; each bigram's
// postings also say which characters follow it in each document, so that
// the script can tell a document holding a phrase whole from one holding its
// pieces apart. The documents' titles and first lines are packed into small
// store files, so that a query downloads only the shards of its terms and
// the stores of the results it shows. Every file is text (numbers written in
// printable ASCII, see code.go), which the CDN compresses.
//
// Layout under the output directory (all paths relative to it):
//
//	search/meta.json       format, version, number of documents and shards
//	search/t/<hex>.txt     postings of the bigrams and words whose hash falls in the shard
//	search/t/<hex>.n.txt   the characters that follow each bigram of the shard, per document
//	search/t/c<hex>.txt    postings of single CJK characters
//	search/d/<n>.txt       StoreSize documents, one JSON line each
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
