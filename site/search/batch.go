package search

import (
	"cmp"
	"slices"
	"strings"
)

// batch is the counted terms of several documents, waiting to be merged
// into a Builder: their postings of CJK terms (sorted by term before the
// merge) and of words, numbered by the document's place in the batch.
type batch struct {
	docs   []entry
	posts  []counted
	spare  []counted // room for sorting posts
	words  []countedWord
	counts [][1 << radixBits]int32
}

// counted is one document's count of a CJK term. Its key is the term's key
// made short for sorting (see sortKey).
type counted struct {
	key uint64
	v   uint32 // count, following characters and title flag, as counter holds them
	doc uint32 // the document's place in the batch
}

// countedWord is one document's count of a word.
type countedWord struct {
	word string
	doc  uint32
	v    uint32
}

// add appends document e and the terms c counted in it.
func (bt *batch) add(e entry, c *counter) {
	doc := uint32(len(bt.docs))
	bt.docs = append(bt.docs, e)
	if bt.posts == nil {
		bt.posts = make([]counted, 0, batchSize+batchSize/4)
	}
	for _, r := range c.uniUsed {
		bt.posts = append(bt.posts, counted{key: uint64(r), v: c.uni[r], doc: doc})
	}
	c.keys.each(func(k uint64, v uint32) {
		bt.posts = append(bt.posts, counted{key: sortKey(k), v: v, doc: doc})
	})
	for w, v := range c.words {
		bt.words = append(bt.words, countedWord{word: w, doc: doc, v: v})
	}
}

// clear empties the batch, keeping its room.
func (bt *batch) clear() {
	clear(bt.docs) // let go of the documents' strings
	bt.docs, bt.posts = bt.docs[:0], bt.posts[:0]
	clear(bt.words)
	bt.words = bt.words[:0]
}

// sortKey makes a CJK term key short: a BMP character stays itself, a pair
// of BMP characters becomes 1<<32 | a<<16 | b, and other keys are marked
// with the top bit. termKey is its inverse.
func sortKey(k uint64) uint64 {
	a, b := k>>21&(1<<21-1), k&(1<<21-1)
	if k >= 1<<42 && a < bmp && b < bmp {
		return 1<<32 | a<<16 | b
	}
	if k < bmp {
		return k
	}
	return 1<<63 | k
}

// termKey is the CJK term key of a sortKey.
func termKey(s uint64) uint64 {
	switch {
	case s>>63 != 0:
		return s &^ (1 << 63)
	case s>>32 != 0:
		return bigramKey(rune(s>>16&(bmp-1)), rune(s&(bmp-1)))
	}
	return s
}

// radixBits is the width of one digit of the batch's radix sort.
const radixBits = 11

// sort orders the postings by key, keeping the order of documents within
// a key (a stable least-significant-digit radix sort), and those of words
// by word.
func (bt *batch) sort() {
	bt.sortWords()
	if len(bt.posts) == 0 {
		return
	}
	var top uint64
	for _, p := range bt.posts {
		top |= p.key
	}
	passes := 0
	for top>>(passes*radixBits) != 0 {
		passes++
	}
	for len(bt.counts) < passes {
		bt.counts = append(bt.counts, [1 << radixBits]int32{})
	}
	counts := bt.counts[:passes]
	for i := range counts {
		clear(counts[i][:])
	}
	for _, p := range bt.posts {
		for i := range counts {
			counts[i][p.key>>(i*radixBits)&(1<<radixBits-1)]++
		}
	}
	if cap(bt.spare) < len(bt.posts) {
		bt.spare = make([]counted, len(bt.posts), cap(bt.posts))
	}
	src, dst := bt.posts, bt.spare[:len(bt.posts)]
	for i := range counts {
		c := &counts[i]
		if c[src[0].key>>(i*radixBits)&(1<<radixBits-1)] == int32(len(src)) {
			continue // every counted has the same digit
		}
		var sum int32
		for d, n := range c {
			c[d] = sum
			sum += n
		}
		for _, p := range src {
			d := p.key >> (i * radixBits) & (1<<radixBits - 1)
			dst[c[d]] = p
			c[d]++
		}
		src, dst = dst, src
	}
	bt.posts, bt.spare = src, dst[:0]
}

// sortWords orders the postings of words by word, then by document.
func (bt *batch) sortWords() {
	slices.SortFunc(bt.words, func(x, y countedWord) int {
		return cmp.Or(strings.Compare(x.word, y.word), cmp.Compare(x.doc, y.doc))
	})
}
