package search

import (
	"bytes"
	"crypto/sha256"
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

// writeStore writes store file s, holding the given documents in order as
// lines of JSON (search/d/<s>.txt), and its index (search/d/<s>.idx): the
// byte length of each line, newline included, as uvarints. The script reads
// the index, then fetches one line with an HTTP Range request.
func (b *Builder) writeStore(out Dir, s int, docs []int32) ([sha256.Size]byte, error) {
	var data, idx bytes.Buffer
	enc := json.NewEncoder(&data)
	enc.SetEscapeHTML(false)
	for _, i := range docs {
		n := data.Len()
		if err := enc.Encode(newRecord(b.docs[i].Doc)); err != nil {
			return [sha256.Size]byte{}, fmt.Errorf("encode %s: %w", b.docs[i].URL, err)
		}
		idx.Write(binary.AppendUvarint(nil, uint64(data.Len()-n)))
	}
	sum := sha256.Sum256(data.Bytes())
	if err := out.WriteFile(fmt.Sprintf("search/d/%d.idx", s), idx.Bytes()); err != nil {
		return sum, err
	}
	return sum, out.WriteFile(fmt.Sprintf("search/d/%d.txt", s), data.Bytes())
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
