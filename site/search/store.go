package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// MaxTextLen is the number of characters of a document's text kept for
// snippets (all of it is indexed).
const MaxTextLen = 20000

// record is one document in a store file: a line of JSON.
type record struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Section string `json:"s,omitempty"`
	Date    string `json:"d,omitempty"`
	Summary string `json:"m,omitempty"`
	Text    string `json:"x,omitempty"`
}

// encodeStore encodes store file s: the given documents in order as lines of
// JSON. It returns the file and the byte length of each line, newline
// included.
func (b *Builder) encodeStore(docs []int32) ([]byte, []int, error) {
	var data bytes.Buffer
	size := 0
	for _, i := range docs {
		d := &b.docs[i]
		size += len(d.URL) + len(d.Title) + len(d.Section) + len(d.Summary) + min(len(d.Text), 4*MaxTextLen) + 64
	}
	data.Grow(size)
	enc := json.NewEncoder(&data)
	enc.SetEscapeHTML(false)
	lens := make([]int, len(docs))
	for k, i := range docs {
		n := data.Len()
		if err := enc.Encode(newRecord(b.docs[i].Doc)); err != nil {
			return nil, nil, fmt.Errorf("encode %s: %w", b.docs[i].URL, err)
		}
		lens[k] = data.Len() - n
	}
	return data.Bytes(), lens, nil
}

// writeStores writes the store files search/d/<s>.txt, StoreSize documents
// each, and search/d/lengths.bin: the byte length of every document's line
// as uvarints, in document order. The script fetches lengths.bin while it
// looks up the query terms, then fetches each result's line with an HTTP
// Range request.
func (b *Builder) writeStores(out Dir, order []int32) ([]uint32, error) {
	stores := (len(order) + StoreSize - 1) / StoreSize
	sums := make([]uint32, stores+1)
	lens := make([][]int, stores)
	err := parallel(stores, func(s int) error {
		data, l, err := b.encodeStore(order[s*StoreSize : min(len(order), (s+1)*StoreSize)])
		if err != nil {
			return err
		}
		sums[s], lens[s] = checksum(data), l
		return out.WriteFile(fmt.Sprintf("search/d/%d.txt", s), data)
	})
	if err != nil {
		return nil, err
	}
	var all []byte
	for _, l := range lens {
		for _, n := range l {
			all = binary.AppendUvarint(all, uint64(n))
		}
	}
	sums[stores] = checksum(all)
	return sums, out.WriteFile("search/d/lengths.bin", all)
}

func newRecord(d Doc) record {
	r := record{URL: d.URL, Title: d.Title, Section: d.Section, Summary: d.Summary, Text: d.Text}
	if !d.Date.IsZero() {
		r.Date = d.Date.Format("2006-01-02")
	}
	if len(r.Text) > MaxTextLen && utf8.RuneCountInString(r.Text) > MaxTextLen {
		r.Text = string([]rune(r.Text)[:MaxTextLen])
	}
	return r
}
