package search

import (
	"encoding/binary"
	"sync"
)

// titleFlag marks, in a document's term count, a term that occurs in the title.
const titleFlag = 1 << 31

// Builder collects documents and writes the search index. Add may be called
// from several goroutines at once; Write must be called after the last Add.
type Builder struct {
	mu    sync.Mutex
	keys  *table           // CJK term key → 1 + index in terms
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
	keys  *table // CJK term key → count | titleFlag
	words map[string]uint32
	sc    scanner
	n     int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{keys: newTable(16), words: map[string]int32{}}
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
		c = &counter{keys: newTable(13), words: map[string]uint32{}}
	}
	c.count(d)
	b.mu.Lock()
	b.merge(d, c)
	b.mu.Unlock()
	c.keys.reset()
	clear(c.words)
	c.n = 0
	b.pool.Put(c)
}

// count tallies the terms of d into c.
func (c *counter) count(d Doc) {
	var flag uint32 = titleFlag
	cjkTerm := func(k uint64) {
		p := c.keys.ref(k)
		*p = (*p + 1) | flag
		c.n++
	}
	wordTerm := func(w []byte) {
		v, ok := c.words[string(w)]
		if ok {
			c.words[string(w)] = (v + 1) | flag
		} else {
			c.words[string(w)] = 1 | flag
		}
		c.n++
	}
	c.sc.scan(d.Title, cjkTerm, wordTerm)
	flag = 0
	c.sc.scan(d.Summary, cjkTerm, wordTerm)
	c.sc.scan(d.Text, cjkTerm, wordTerm)
}

// merge appends the counted terms of d to the postings; b.mu is held.
func (b *Builder) merge(d Doc, c *counter) {
	id := uint64(len(b.docs))
	b.docs = append(b.docs, entry{Doc: d, length: c.n})
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

func (b *Builder) post(i int32, id uint64, v uint32) {
	t := &b.terms[i]
	n := len(t.post)
	t.post = binary.AppendUvarint(t.post, id)
	t.post = binary.AppendUvarint(t.post, uint64(v&^titleFlag)<<1|uint64(v>>31))
	b.bytes += len(t.post) - n
}
