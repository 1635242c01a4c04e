package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
)

// Format is the version of the index layout, written into meta.json.
const Format = 1

// Tuning of the index.
const (
	// ShardTarget is the average size in bytes a postings shard aims at.
	ShardTarget = 8 << 10
	// MaxShards bounds the number of shard files.
	MaxShards = 1 << 14
	// MaxTextLen is the number of characters of a document's text kept for
	// snippets (all of it is indexed).
	MaxTextLen = 20000
	k1, bm25b  = 1.2, 0.75 // BM25 term-frequency saturation and length normalisation
)

// Dir receives the index files. Names are slash-separated and start with
// "search/". WriteFile is called from several goroutines at once.
type Dir interface {
	WriteFile(name string, data []byte) error
}

// OSDir is a Dir writing under a directory on disk, creating folders as needed.
type OSDir string

// WriteFile writes data to name under d.
func (d OSDir) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	err := os.WriteFile(p, data, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
	}
	return err
}

// Meta is the content of search/meta.json, the one file every query reads first.
type Meta struct {
	Format  int    `json:"format"`
	Version string `json:"version"` // changes whenever any index file changes
	Docs    int    `json:"docs"`
	Shards  int    `json:"shards"`
}

// docFile is the content of search/d/<id>.json.
type docFile struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Section string `json:"s,omitempty"`
	Date    string `json:"d,omitempty"`
	Summary string `json:"m,omitempty"`
	Text    string `json:"x,omitempty"`
}

// Write writes the index into out. Documents are numbered by date, newest
// first, then by URL, so the files do not depend on the order of Add calls.
func (b *Builder) Write(out Dir) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	ids, err := b.order()
	if err != nil {
		return err
	}
	shards := shardCount(b.bytes)
	byShard := make([][]int32, shards)
	names := make([]string, len(b.terms))
	for i, t := range b.terms {
		names[i] = t.word
		if t.word == "" {
			names[i] = keyString(t.key)
		}
		s := shardOf(names[i], shards)
		byShard[s] = append(byShard[s], int32(i))
	}
	w := writer{b: b, out: out, ids: ids, names: names, avg: b.avgLen()}
	shardSums := make([][sha256.Size]byte, shards)
	err = parallel(shards, func(s int) error {
		data := w.shard(byShard[s])
		shardSums[s] = sha256.Sum256(data)
		return out.WriteFile(shardName(s), data)
	})
	if err != nil {
		return fmt.Errorf("write search shards: %w", err)
	}
	docSums := make([][sha256.Size]byte, len(b.docs))
	err = parallel(len(b.docs), func(old int) error {
		data, err := docJSON(b.docs[old].Doc)
		if err != nil {
			return err
		}
		docSums[ids[old]] = sha256.Sum256(data)
		return out.WriteFile(docName(int(ids[old])), data)
	})
	if err != nil {
		return fmt.Errorf("write search documents: %w", err)
	}
	return b.writeMeta(out, shards, shardSums, docSums)
}

func (b *Builder) writeMeta(out Dir, shards int, sums ...[][sha256.Size]byte) error {
	h := sha256.New()
	for _, list := range sums {
		for _, s := range list {
			h.Write(s[:])
		}
	}
	m := Meta{Format: Format, Version: hex.EncodeToString(h.Sum(nil))[:12], Docs: len(b.docs), Shards: shards}
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode search meta: %w", err)
	}
	if err := out.WriteFile("search/meta.json", data); err != nil {
		return fmt.Errorf("write search meta: %w", err)
	}
	return nil
}

func shardName(s int) string { return fmt.Sprintf("search/t/%03x.bin", s) }
func docName(id int) string  { return fmt.Sprintf("search/d/%d.json", id) }

// shardCount is the power of two that gives shards of about ShardTarget bytes.
func shardCount(total int) int {
	n := 1
	for n < MaxShards && n*ShardTarget < total {
		n *= 2
	}
	return n
}

// order numbers the documents (newest first, then by URL) and rejects
// duplicate URLs; ids[i] is the number of the i-th added document.
func (b *Builder) order() ([]int32, error) {
	idx := make([]int32, len(b.docs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(x, y int32) int {
		dx, dy := &b.docs[x], &b.docs[y]
		if c := dy.Date.Compare(dx.Date); c != 0 {
			return c
		}
		return cmp.Compare(dx.URL, dy.URL)
	})
	ids := make([]int32, len(b.docs))
	seen := make(map[string]bool, len(b.docs))
	var dups []string
	for n, i := range idx {
		ids[i] = int32(n)
		if u := b.docs[i].URL; seen[u] {
			dups = append(dups, u)
		} else {
			seen[u] = true
		}
	}
	if len(dups) > 0 {
		return nil, fmt.Errorf("search index: duplicate URLs %q", dups)
	}
	return ids, nil
}

func (b *Builder) avgLen() float64 {
	if len(b.docs) == 0 {
		return 1
	}
	total := 0
	for _, d := range b.docs {
		total += d.length
	}
	return math.Max(1, float64(total)/float64(len(b.docs)))
}

// writer encodes shard files.
type writer struct {
	b     *Builder
	out   Dir
	ids   []int32 // new number of each added document
	names []string
	avg   float64
}

// shard encodes the terms of one shard, sorted by term:
//
//	uvarint count of terms, then for each term:
//	uvarint byte length, term (UTF-8), uvarint df, uvarint byte length of postings,
//	postings: df × (uvarint gap between document numbers, weight byte)
//
// The weight byte's high bit says the term is in the title; its low seven
// bits are the BM25 term-frequency factor scaled to 1–127.
func (w *writer) shard(terms []int32) []byte {
	slices.SortFunc(terms, func(x, y int32) int { return cmp.Compare(w.names[x], w.names[y]) })
	var buf, post []byte
	var packed []uint64
	buf = binary.AppendUvarint(buf, uint64(len(terms)))
	for _, i := range terms {
		packed = w.decode(w.b.terms[i].post, packed[:0])
		slices.Sort(packed)
		post = post[:0]
		prev := uint64(0)
		for _, p := range packed {
			id := p >> 8
			post = binary.AppendUvarint(post, id-prev)
			post = append(post, byte(p))
			prev = id
		}
		name := w.names[i]
		buf = binary.AppendUvarint(buf, uint64(len(name)))
		buf = append(buf, name...)
		buf = binary.AppendUvarint(buf, uint64(len(packed)))
		buf = binary.AppendUvarint(buf, uint64(len(post)))
		buf = append(buf, post...)
	}
	return buf
}

// decode turns raw postings into (new document number << 8 | weight byte).
func (w *writer) decode(raw []byte, out []uint64) []uint64 {
	for len(raw) > 0 {
		old, n := binary.Uvarint(raw)
		v, m := binary.Uvarint(raw[n:])
		raw = raw[n+m:]
		tf := float64(v >> 1)
		norm := 1 - bm25b + bm25b*float64(w.b.docs[old].length)/w.avg
		q := byte(math.Round(127 * tf / (tf + k1*norm)))
		q = max(q, 1)
		if v&1 != 0 {
			q |= 0x80
		}
		out = append(out, uint64(w.ids[old])<<8|uint64(q))
	}
	return out
}

func docJSON(d Doc) ([]byte, error) {
	f := docFile{URL: d.URL, Title: d.Title, Section: d.Section, Summary: d.Summary, Text: d.Text}
	if !d.Date.IsZero() {
		f.Date = d.Date.Format("2006-01-02")
	}
	if utf8.RuneCountInString(f.Text) > MaxTextLen {
		f.Text = string([]rune(f.Text)[:MaxTextLen])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("encode search document %s: %w", d.URL, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// parallel runs f(0) … f(n-1) on all cores and returns the first error.
func parallel(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}
