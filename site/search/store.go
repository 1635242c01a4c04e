package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"dunban/site/output"
)

// MaxTextLen is the number of characters of a document's text kept for
// snippets (all of it is indexed). It bounds what a result costs to fetch
// (about 2 KB) and what the builder holds per document; a match further in
// is shown with the summary instead.
const MaxTextLen = 200

// record is one document in a store file: a line of JSON.
type record struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Section string `json:"s,omitempty"`
	Date    string `json:"d,omitempty"`
	Summary string `json:"m,omitempty"`
	Text    string `json:"x,omitempty"`
}

// encodeStore encodes a store file: the given documents in order as lines of
// JSON.
func (b *Builder) encodeStore(docs []int32) []byte {
	size := 0
	for _, i := range docs {
		d := &b.docs[i]
		size += len(d.URL) + len(d.Title) + len(d.Section) + len(d.Summary) + min(len(d.Text), 4*MaxTextLen) + 64
	}
	data := make([]byte, 0, size)
	for _, i := range docs {
		data = appendRecord(data, newRecord(b.docs[i].Doc))
	}
	return data
}

// appendRecord appends r as one line of JSON.
func appendRecord(b []byte, r record) []byte {
	b = append(b, `{"u":`...)
	b = appendJSONString(b, r.URL)
	b = append(b, `,"t":`...)
	b = appendJSONString(b, r.Title)
	for _, f := range []struct{ key, value string }{
		{`,"s":`, r.Section}, {`,"d":`, r.Date}, {`,"m":`, r.Summary}, {`,"x":`, r.Text},
	} {
		if f.value != "" {
			b = append(b, f.key...)
			b = appendJSONString(b, f.value)
		}
	}
	return append(b, "}\n"...)
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD;
// U+2028 and U+2029 are escaped so the line is also valid JavaScript.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s, i)
		if (r == utf8.RuneError && size == 1) || r == 0x2028 || r == 0x2029 {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, "\ufffd"...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			}
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// writeStores writes the store files search/d/<s>.txt, StoreSize documents
// each, in document order, and returns their checksums.
func (b *Builder) writeStores(out output.Files, order []int32) ([]uint32, error) {
	stores := (len(order) + StoreSize - 1) / StoreSize
	sums := make([]uint32, stores)
	err := parallel(stores, func(s int) error {
		data := b.encodeStore(order[s*StoreSize : min(len(order), (s+1)*StoreSize)])
		sums[s] = checksum(data)
		return out.WriteFile(fmt.Sprintf("search/d/%d.txt", s), data)
	})
	return sums, err
}

// newRecord is the stored form of d, whose text Add has already clipped. A
// summary that only repeats the start of the text (as the generator makes
// one when the page has none) is left out.
func newRecord(d Doc) record {
	r := record{URL: d.URL, Title: d.Title, Section: d.Section, Summary: d.Summary, Text: d.Text}
	if r.Text != "" && strings.HasPrefix(r.Text, strings.TrimSuffix(r.Summary, "…")) {
		r.Summary = ""
	}
	if !d.Date.IsZero() {
		r.Date = d.Date.Format("2006-01-02")
	}
	return r
}

// clip returns the first MaxTextLen characters of text.
func clip(text string) string {
	if len(text) <= MaxTextLen {
		return text
	}
	n := 0
	for i := range text {
		if n == MaxTextLen {
			return text[:i]
		}
		n++
	}
	return text
}
