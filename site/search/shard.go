package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// k1 and bm25b are the BM25 term-frequency saturation and length normalisation.
const k1, bm25b = 1.2, 0.75

// writer encodes shard files.
type writer struct {
	b       *Builder
	ids     []int32 // number of each added document
	shards  int     // postings shards of bigrams and words
	chars   int     // postings shards of single characters
	names   []string
	norm    []float32 // BM25 length normalisation of each added document, times k1
	scratch sync.Pool
}

func shardName(s int) string { return fmt.Sprintf("search/t/%03x.txt", s) }

// nextName is the file of the following-character sets of shard s's pairs.
func nextName(s int) string { return fmt.Sprintf("search/t/%03x.n.txt", s) }

// charShardName is the file of postings shard s of single CJK characters,
// which only a query of one character reads.
func charShardName(s int) string { return fmt.Sprintf("search/t/c%03x.txt", s) }

// split names every term and groups the terms by shard: the shards of
// bigrams and words first, then those of single characters.
func (w *writer) split() [][]int32 {
	by := make([][]int32, w.shards+w.chars)
	for i := range w.b.terms {
		t := &w.b.terms[i]
		var name string
		if t.key >= wordKey {
			name = w.b.names[t.key-wordKey]
		} else {
			name = keyString(t.key)
		}
		w.names[i] = name
		s := shardOf(name, w.shards)
		if t.char() {
			s = w.shards + shardOf(name, w.chars)
		}
		by[s] = append(by[s], int32(i))
	}
	return by
}

// A posting, decoded for writing: document number << postShift | weight <<
// nextBits | the pair's following-character bits.
const postShift = 24

// A weight is the BM25 term-frequency factor tf/(tf+k1·norm) scaled to
// 1–weightLevels, plus weightTitle if the term is in the document's title.
// Few levels compress well; ties go to the newer document.
const weightLevels, weightTitle = 7, 8

// shard encodes the terms of one shard, sorted by term, as two text files
// (numbers and values in the alphabets of code.go). The postings file:
//
//	number of shards of its kind, number of documents (so the script can
//	tell a shard of another build than its meta.json), number of terms,
//	then per term:
//	term (appendTerm), df, length in characters of the gaps,
//	gaps between document numbers (df numbers), weights (df values)
//
// A weight is one value (see weightLevels). The following-characters file
// holds the pairs of CJK characters only, in the same order:
//
//	number of shards, number of documents, number of pairs, then per pair:
//	term, df, length in characters of the codes, then per document a
//	number: the set of characters that follow the pair there (see
//	nextBit), coded by nextCode.
func (w *writer) shard(terms []int32, shards int) (post, next []byte) {
	slices.SortFunc(terms, func(x, y int32) int { return cmp.Compare(w.names[x], w.names[y]) })
	size, pairs := 8, 0
	for _, i := range terms {
		size += int(w.b.terms[i].post.bytes) + len(w.names[i]) + 8
		if w.b.terms[i].pair() {
			pairs++
		}
	}
	post = make([]byte, 0, size)
	sc, _ := w.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer w.scratch.Put(sc)
	packed, spare, gaps, raw := sc.packed, sc.spare, sc.gaps, sc.raw
	post = w.header(post, shards, len(terms))
	next = w.header(nil, shards, pairs)
	for _, i := range terms {
		t := &w.b.terms[i]
		raw = w.b.arena.appendTo(raw[:0], &t.post)
		packed = w.decode(raw, t.pair(), packed[:0])
		packed, spare = radixSort(packed, spare)
		gaps = gaps[:0]
		prev := uint64(0)
		for _, p := range packed {
			id := p >> postShift
			gaps = appendNum(gaps, uint32(id-prev))
			prev = id
		}
		post = appendTerm(post, w.names[i])
		post = appendNum(post, uint32(len(packed)))
		post = appendNum(post, uint32(len(gaps)))
		post = append(post, gaps...)
		for _, p := range packed {
			post = appendSym(post, byte(p>>nextBits&63))
		}
		if t.pair() {
			codes := gaps[:0] // the gaps are written: reuse their room
			for _, p := range packed {
				codes = appendNum(codes, nextCode(uint32(p&(1<<nextBits-1))))
			}
			next = appendTerm(next, w.names[i])
			next = appendNum(next, uint32(len(packed)))
			next = appendNum(next, uint32(len(codes)))
			next = append(next, codes...)
			gaps = codes
		}
	}
	sc.packed, sc.spare, sc.gaps, sc.raw = packed, spare, gaps, raw
	return post, next
}

// nextCode numbers a set of following characters so that the usual sets
// take one character: 0 for none, 1+i for the set of bit i alone, 1+nextBits+set
// for two or more.
func nextCode(set uint32) uint32 {
	if set&(set-1) == 0 {
		if set == 0 {
			return 0
		}
		return 1 + uint32(bits.TrailingZeros32(set))
	}
	return 1 + nextBits + set
}

// nextSet is the inverse of nextCode.
func nextSet(code uint32) uint32 {
	switch {
	case code == 0:
		return 0
	case code <= nextBits:
		return 1 << (code - 1)
	}
	return code - 1 - nextBits
}

func (w *writer) header(b []byte, shards, terms int) []byte {
	b = appendNum(b, uint32(shards))
	b = appendNum(b, uint32(len(w.ids)))
	return appendNum(b, uint32(terms))
}

// scratch is the working memory of one shard encoding, reused between shards.
type scratch struct {
	packed, spare []uint64
	gaps, raw     []byte
}

// decode turns raw postings into (document number << postShift | weight <<
// nextBits | following characters).
func (w *writer) decode(raw []byte, pair bool, out []uint64) []uint64 {
	var old uint64
	for len(raw) > 0 {
		gap, n := binary.Uvarint(raw)
		old += gap
		v, m := binary.Uvarint(raw[n:])
		raw = raw[n+m:]
		count, next, title := unpack(uint32(v), pair)
		tf := float32(count)
		q := uint64(max(byte(weightLevels*tf/(tf+w.norm[old])+0.5), 1))
		if title {
			q |= weightTitle
		}
		out = append(out, uint64(w.ids[old])<<postShift|q<<nextBits|uint64(next))
	}
	return out
}

// radixSort sorts xs (whose low postShift bits are not part of the order but
// go along) by the bits above them, using scratch as spare room; it returns
// the sorted slice and the spare one.
func radixSort(xs, scratch []uint64) ([]uint64, []uint64) {
	if len(xs) < 64 {
		slices.Sort(xs)
		return xs, scratch
	}
	var top uint64
	for _, x := range xs {
		top |= x
	}
	scratch = slices.Grow(scratch[:0], len(xs))[:len(xs)]
	for shift := uint(postShift); top>>shift != 0; shift += 8 {
		var count [257]int
		for _, x := range xs {
			count[(x>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, x := range xs {
			d := (x >> shift) & 0xff
			scratch[count[d]] = x
			count[d]++
		}
		xs, scratch = scratch, xs
	}
	return xs, scratch
}

// norms is k1 times the BM25 length normalisation of each added document.
func (b *Builder) norms() []float32 {
	total := 0
	for _, d := range b.docs {
		total += d.length
	}
	avg := math.Max(1, float64(total)/float64(max(1, len(b.docs))))
	norm := make([]float32, len(b.docs))
	for i, d := range b.docs {
		norm[i] = float32(k1 * (1 - bm25b + bm25b*float64(d.length)/avg))
	}
	return norm
}
