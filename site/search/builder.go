package search

import (
	"cmp"
	"strings"
	"sync"
	"sync/atomic"
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
	mu     sync.Mutex
	words  map[string]int32 // word term → index in names
	names  []string         // word terms, by the index in their key
	hashes []uint32         // termHash of each word term, by the same index
	docs   []entry
	parts  parts // the terms' postings, by part of the index
	chars  int   // estimated size of the postings of single characters
	bytes  int   // estimated size of all postings, for choosing the shard counts

	batch int // postings a counter gathers before merging; 0 means batchSize

	idle  sync.Mutex
	free  []*counter // counters not in use, under idle
	all   []*counter // every counter made, for Write to merge their batches
	added atomic.Int64
}

// batchSize is how many postings of CJK terms a counter gathers before it
// merges them into the Builder, sorted by term: the merge then writes each
// term's postings of the batch side by side, at the end of its part.
const batchSize = 1 << 17

// entry is an added document and the number of terms it holds.
type entry struct {
	Doc
	length int
}

// counter counts the terms of one document, and gathers the counts of
// several documents until they are merged; counters are reused.
type counter struct {
	uni     []uint32 // BMP character → count | titleFlag
	uniUsed []uint16
	keys    *table // other CJK term key → count | titleFlag
	words   map[string]uint32
	sc      scanner
	n       int
	batch   batch
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{words: map[string]int32{}}
}

// Len is the number of documents added.
func (b *Builder) Len() int { return int(b.added.Load()) }

// Add indexes d: its title, summary and text. It keeps a copy of the part
// of d.Text it stores, not d.Text itself, so the text may be reused after
// Add returns.
func (b *Builder) Add(d Doc) {
	c := b.counter()
	c.count(d)
	d.Text = strings.Clone(clip(d.Text))
	c.batch.add(entry{Doc: d, length: c.n}, c)
	c.reset()
	b.added.Add(1)
	if len(c.batch.posts) >= cmp.Or(b.batch, batchSize) {
		c.batch.sort()
		b.mu.Lock()
		b.merge(&c.batch)
		b.mu.Unlock()
		c.batch.clear()
	}
	b.idle.Lock()
	b.free = append(b.free, c)
	b.idle.Unlock()
}

// counter takes an idle counter, or makes one.
func (b *Builder) counter() *counter {
	b.idle.Lock()
	defer b.idle.Unlock()
	if n := len(b.free); n > 0 {
		c := b.free[n-1]
		b.free = b.free[:n-1]
		return c
	}
	c := &counter{uni: make([]uint32, bmp), keys: newTable(13), words: map[string]uint32{}}
	b.all = append(b.all, c)
	return c
}

// flush merges the documents the counters still hold and lets go of the
// counters; b.mu is held and no Add is running.
func (b *Builder) flush() {
	for _, c := range b.all {
		c.batch.sort()
		b.merge(&c.batch)
	}
	b.idle.Lock()
	b.all, b.free = nil, nil
	b.idle.Unlock()
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

// pack reorders a count so that its usual values take one byte as a
// uvarint: the title flag lowest, then for a word or a single character the
// occurrences; for a pair of CJK characters seen at most pairShort times
// and followed by at most one character, a code below pairCodes of the
// occurrences and that character (see nextCode), and otherwise pairCodes +
// the occurrences (capped) and the set of following characters.
func pack(v uint32, pair bool) uint32 {
	count, title := v&countMask, v>>31
	if !pair {
		return count<<1 | title
	}
	set := (v & nextMask) >> countBits
	if count >= 1 && count <= pairShort && set&(set-1) == 0 {
		return ((count-1)*(nextBits+1)+nextCode(set))<<1 | title
	}
	return (pairCodes+(min(count, 1<<18-1)<<nextBits|set))<<1 | title
}

// pairShort and pairCodes bound the short codes of pack.
const pairShort, pairCodes = 4, pairShort * (nextBits + 1)

// unpack is the inverse of pack: occurrences, following characters' bits
// (shifted down to bit 0) and whether the term is in the title.
func unpack(x uint32, pair bool) (count, next uint32, title bool) {
	title, x = x&1 != 0, x>>1
	if !pair {
		return x, 0, title
	}
	if x < pairCodes {
		return x/(nextBits+1) + 1, nextSet(x % (nextBits + 1)), title
	}
	x -= pairCodes
	return x >> nextBits, x & (1<<nextBits - 1), title
}

// putUvarint writes x at the start of b and returns its length.
func putUvarint(b []byte, x uint32) int {
	i := 0
	for x >= 0x80 {
		b[i] = byte(x) | 0x80
		x >>= 7
		i++
	}
	b[i] = byte(x)
	return i + 1
}
