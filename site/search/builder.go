package search

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode/utf8"
)

// A document's count of a term is a uint32: the number of occurrences in the
// low countBits bits (a term seen more often in one document wraps into the
// next field, which only blurs that document's ranking), then for a pair of
// CJK characters the nextBits-bit set of the characters that follow it
// (nextBit), then titleFlag.
const (
	countBits = 19
	countMask = 1<<countBits - 1
	nextBits  = 12
	nextMask  = (1<<nextBits - 1) << countBits
	// titleFlag marks a term that occurs in the title.
	titleFlag = 1 << 31
)

// nextBit is the bit, in a pair's count, of a CJK character r that follows
// the pair somewhere in the document: a phrase abc can only be in a document
// whose count of ab has nextBit(c). The script computes the same bit.
func nextBit(r rune) uint32 {
	return 1 << (countBits + uint64(uint32(r)*0x9E3779B1)*nextBits>>32)
}

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
// added: pairs of uvarints (gap from the previous document's number in the
// order of Add, the count as packed by pack).
type term struct {
	key  uint64 // CJK key, or 0 for a word
	word string
	post []byte
	last uint32 // number of the last document posted, in the order of Add
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

// Add indexes d: its title, summary and text. It keeps a copy of the part
// of d.Text it stores, not d.Text itself, so the text may be reused after
// Add returns.
func (b *Builder) Add(d Doc) {
	c, _ := b.pool.Get().(*counter)
	if c == nil {
		c = &counter{uni: make([]uint32, bmp), keys: newTable(13), words: map[string]uint32{}}
	}
	c.count(d)
	d.Text = strings.Clone(clip(d.Text))
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
	c.scan(d.Title, titleFlag)
	c.scan(d.Summary, 0)
	c.scan(d.Text, 0)
}

// scan tallies the terms of text, with flag set on each: the same terms as
// scanner.scan reports (a test holds them equal), counted inline because
// this loop is most of the build's indexing time.
func (c *counter) scan(text string, flag uint32) {
	var prev rune = -1
	var pair *uint32 // the count of the pair that ends at prev, if any
	n := 0           // characters in the current word
	buf := c.sc.buf[:0]
	for i := 0; i < len(text); {
		var r rune
		var k class
		if c := text[i]; c >= 0xE5 && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// U+5000–U+9FFF: common Han, which Fold keeps and classOf
			// calls cjk.
			r, k = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), cjk
			i += 3
		} else {
			var size int
			r, size = decodeRune(text, i)
			i += size
			r = Fold(r)
			k = classOf(r)
		}
		if k != word && len(buf) > 0 {
			c.words[string(buf)] = (c.words[string(buf)] + 1) | flag
			c.n++
			buf, n = buf[:0], 0
		}
		switch k {
		case cjk:
			if prev >= 0 {
				if pair != nil {
					*pair |= nextBit(r)
				}
				pair = c.keys.ref(bigramKey(prev, r))
				*pair = (*pair + 1) | flag
				c.n++
			}
			if c.countChar(r, flag) && pair != nil {
				pair = c.keys.ref(bigramKey(prev, r)) // the table may have grown
			}
			prev = r
			continue
		case word:
			if n < MaxWordLen {
				buf = utf8.AppendRune(buf, r)
				n++
			}
		}
		prev, pair = -1, nil
	}
	if len(buf) > 0 {
		c.words[string(buf)] = (c.words[string(buf)] + 1) | flag
		c.n++
	}
	c.sc.buf = buf
}

// countChar counts character r; it reports whether it used c.keys, which
// invalidates the pointers into it.
func (c *counter) countChar(r rune, flag uint32) bool {
	c.n++
	if r < bmp {
		p := &c.uni[r]
		if *p == 0 {
			c.uniUsed = append(c.uniUsed, uint16(r))
		}
		*p = (*p + 1) | flag
		return false
	}
	p := c.keys.ref(uint64(r))
	*p = (*p + 1) | flag
	return true
}

// decodeRune decodes the character at s[i:], with a fast path for the
// three-byte sequences of Han.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
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
	if cap(t.post)-n < 2*binary.MaxVarintLen32 {
		// Double, rather than append's gentler growth for large slices:
		// fewer copies of the big postings of common terms.
		grown := make([]byte, n, max(16, 2*cap(t.post)))
		copy(grown, t.post)
		t.post = grown
	}
	t.post = appendUvarint(t.post, id-t.last)
	t.last = id
	t.post = appendUvarint(t.post, pack(v, t.key >= 1<<42))
	b.bytes += len(t.post) - n
}

// pack reorders a count so that its usual values are small (two bytes as a
// uvarint for a pair seen once, one for another term): occurrences, then a
// pair's following characters, then the title flag lowest.
func pack(v uint32, pair bool) uint32 {
	x := (v&countMask)<<1 | v>>31
	if pair {
		x = x>>1<<(nextBits+1) | (v&nextMask)>>(countBits-1) | x&1
	}
	return x
}

// unpack is the inverse of pack: occurrences, following characters' bits
// (shifted down to bit 0) and whether the term is in the title.
func unpack(x uint32, pair bool) (count, next uint32, title bool) {
	if pair {
		return x >> (nextBits + 1), x >> 1 & (1<<nextBits - 1), x&1 != 0
	}
	return x >> 1, 0, x&1 != 0
}

func appendUvarint(b []byte, x uint32) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}
