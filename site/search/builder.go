package search

import (
	"sync"
)

// titleFlag marks, in a document's term count, a term that occurs in the title.
const titleFlag = 1 << 31

// bmp is the number of characters counted in plain arrays rather than hash
// tables: the Basic Multilingual Plane, which holds all common Han.
const bmp = 1 << 16

// Builder collects documents and writes the search index. Add may be called
// from several goroutines at once; Write must be called after the last Add.
type Builder struct {
	mu    sync.Mutex
	uni   []int32          // BMP character → 1 + index in terms, 0 if none
	keys  *table           // other CJK term key → 1 + index in terms
	words map[string]int32 // word term → index in terms
	terms []term
	docs  []entry
	bytes int // total size of the postings, for choosing the shard count
	pool  sync.Pool
}

// term is one indexed term and its postings in the order documents were
// added: pairs of uvarints (document number, count<<1 | in title).
type term struct {
	key  uint64 // CJK key, or 0 for a word
	word string
	post []byte
}

// entry is an added document and the number of terms it holds.
type entry struct {
	Doc
	length int
}

// counter counts the terms of one document; counters are pooled.
type counter struct {
	uni     []uint32 // BMP character → count | titleFlag
	uniUsed []uint16
	keys    *table // other CJK term key → count | titleFlag
	words   map[string]uint32
	sc      scanner
	n       int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{uni: make([]int32, bmp), keys: newTable(16), words: map[string]int32{}}
}

// Len is the number of documents added.
func (b *Builder) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.docs)
}

// Add indexes d: its title, summary and text.
func (b *Builder) Add(d Doc) {
	c, _ := b.pool.Get().(*counter)
	if c == nil {
		c = &counter{uni: make([]uint32, bmp), keys: newTable(13), words: map[string]uint32{}}
	}
	c.count(d)
	b.mu.Lock()
	b.merge(d, c)
	b.mu.Unlock()
	c.reset()
	b.pool.Put(c)
}

func (c *counter) reset() {
	for _, r := range c.uniUsed {
		c.uni[r] = 0
	}
	c.uniUsed = c.uniUsed[:0]
	c.keys.reset()
	clear(c.words)
	c.n = 0
}

// count tallies the terms of d into c.
func (c *counter) count(d Doc) {
	var flag uint32 = titleFlag
	cjkTerm := func(k uint64) {
		c.n++
		if k < bmp {
			p := &c.uni[k]
			if *p == 0 {
				c.uniUsed = append(c.uniUsed, uint16(k))
			}
			*p = (*p + 1) | flag
			return
		}
		p := c.keys.ref(k)
		*p = (*p + 1) | flag
	}
	wordTerm := func(w []byte) {
		c.words[string(w)] = (c.words[string(w)] + 1) | flag
		c.n++
	}
	c.sc.scan(d.Title, cjkTerm, wordTerm)
	flag = 0
	c.sc.scan(d.Summary, cjkTerm, wordTerm)
	c.sc.scan(d.Text, cjkTerm, wordTerm)
}

// merge appends the counted terms of d to the postings; b.mu is held.
func (b *Builder) merge(d Doc, c *counter) {
	id := uint32(len(b.docs))
	b.docs = append(b.docs, entry{Doc: d, length: c.n})
	for _, r := range c.uniUsed {
		p := &b.uni[r]
		if *p == 0 {
			b.terms = append(b.terms, term{key: uint64(r)})
			*p = int32(len(b.terms))
		}
		b.post(*p-1, id, c.uni[r])
	}
	c.keys.each(func(k uint64, v uint32) {
		p := b.keys.ref(k)
		if *p == 0 {
			b.terms = append(b.terms, term{key: k})
			*p = uint32(len(b.terms))
		}
		b.post(int32(*p-1), id, v)
	})
	for w, v := range c.words {
		i, ok := b.words[w]
		if !ok {
			i = int32(len(b.terms))
			b.words[w] = i
			b.terms = append(b.terms, term{word: w})
		}
		b.post(i, id, v)
	}
}

// post appends document id with count and title flag v to term i's postings.
func (b *Builder) post(i int32, id, v uint32) {
	t := &b.terms[i]
	n := len(t.post)
	t.post = appendUvarint(t.post, id)
	t.post = appendUvarint(t.post, (v&^titleFlag)<<1|v>>31)
	b.bytes += len(t.post) - n
}

func appendUvarint(b []byte, x uint32) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}
