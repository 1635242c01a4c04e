package search

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// k1 and bm25b are the BM25 term-frequency saturation and length normalisation.
const k1, bm25b = 1.2, 0.75

// writer encodes shard files.
type writer struct {
	b       *Builder
	ids     []int32   // number of each added document
	shards  int       // postings shards of bigrams and words
	chars   int       // postings shards of single characters
	norm    []float32 // BM25 length normalisation of each added document, times k1
	scratch sync.Pool
}

func shardName(s int) string { return fmt.Sprintf("search/t/%03x.txt", s) }

// nextName is the file of the following-character sets of shard s's pairs.
func nextName(s int) string { return fmt.Sprintf("search/t/%03x.n.txt", s) }

// charShardName is the file of postings shard s of single CJK characters,
// which only a query of one character reads.
func charShardName(s int) string { return fmt.Sprintf("search/t/c%03x.txt", s) }

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
func (w *writer) shard(parts []chain, s, shards int) (post, next []byte) {
	sc, _ := w.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{index: newTable(10)}
	}
	defer w.scratch.Put(sc)
	raw := sc.raw[:0]
	for p := s; p < len(parts); p += shards {
		if parts[p].size > 0 {
			raw = w.b.parts.arena.appendTo(raw, &parts[p])
		}
	}
	sc.raw = raw
	terms := w.gather(sc)
	post = make([]byte, 0, len(raw)+8*len(terms))
	post = w.header(post, shards, len(terms))
	next = w.header(nil, shards, pairsOf(terms))
	gaps := sc.gaps
	for _, t := range terms {
		packed := sc.packed[t.start : t.start+t.n]
		sc.spare = radixSort(packed, sc.spare)
		gaps = gaps[:0]
		prev := uint64(0)
		for _, p := range packed {
			id := p >> postShift
			gaps = appendNum(gaps, uint32(id-prev))
			prev = id
		}
		post = appendTerm(post, t.name)
		post = appendNum(post, uint32(len(packed)))
		post = appendNum(post, uint32(len(gaps)))
		post = append(post, gaps...)
		for _, p := range packed {
			post = appendSym(post, byte(p>>nextBits&63))
		}
		if pairRun(t.key) {
			codes := gaps[:0] // the gaps are written: reuse their room
			for _, p := range packed {
				codes = appendNum(codes, nextCode(uint32(p&(1<<nextBits-1))))
			}
			next = appendTerm(next, t.name)
			next = appendNum(next, uint32(len(packed)))
			next = appendNum(next, uint32(len(codes)))
			next = append(next, codes...)
			gaps = codes
		}
	}
	sc.gaps = gaps
	return post, next
}

// shardTerm is a term of the shard being written: its run key and name, and
// where its postings are in scratch.packed.
type shardTerm struct {
	key      uint64
	name     string
	start, n int
}

// pairsOf counts the pairs of CJK characters among terms.
func pairsOf(terms []shardTerm) int {
	n := 0
	for _, t := range terms {
		if pairRun(t.key) {
			n++
		}
	}
	return n
}

// gather reads the groups of postings in sc.raw (see parts.go) into
// sc.packed, each term's side by side, and returns the terms sorted by name.
func (w *writer) gather(sc *scratch) []shardTerm {
	terms := w.countTerms(sc)
	total := 0
	for i := range terms {
		terms[i].start, total, terms[i].n = total, total+terms[i].n, 0
	}
	sc.packed = slices.Grow(sc.packed[:0], total)[:total]
	for r := sc.raw; len(r) > 0; {
		k, n, rest := readGroup(r)
		i, _ := sc.index.get(k)
		t := &terms[i-1]
		r = w.decode(rest, n, pairRun(k), sc.packed[t.start+t.n:t.start+t.n+n])
		t.n += n
	}
	for i := range terms {
		terms[i].name = w.b.runName(terms[i].key)
	}
	slices.SortFunc(terms, func(x, y shardTerm) int { return strings.Compare(x.name, y.name) })
	sc.terms = terms
	return terms
}

// countTerms lists the terms of the groups in sc.raw, in sc.index, with
// their number of postings.
func (w *writer) countTerms(sc *scratch) []shardTerm {
	sc.index.reset()
	terms := sc.terms[:0]
	for r := sc.raw; len(r) > 0; {
		k, n, rest := readGroup(r)
		slot := sc.index.ref(k)
		if *slot == 0 {
			terms = append(terms, shardTerm{key: k})
			*slot = uint32(len(terms))
		}
		terms[*slot-1].n += n
		r = skipUvarints(rest, 2*n)
	}
	return terms
}

// readGroup reads the head of a group of postings: the run key and the
// number of documents.
func readGroup(r []byte) (k uint64, n int, rest []byte) {
	k, a := binary.Uvarint(r)
	c, b := binary.Uvarint(r[a:])
	return k, int(c), r[a+b:]
}

// skipUvarints returns r after its first n uvarints.
func skipUvarints(r []byte, n int) []byte {
	i := 0
	for ; n > 0; n-- {
		for r[i] >= 0x80 {
			i++
		}
		i++
	}
	return r[i:]
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
	terms         []shardTerm
	index         *table // run key → 1 + index in terms
}

// decode reads len(out) postings from raw into out as (document number <<
// postShift | weight << nextBits | following characters), and returns the
// rest of raw.
func (w *writer) decode(raw []byte, n int, pair bool, out []uint64) []byte {
	var old uint64
	for i := range out {
		gap, a := binary.Uvarint(raw)
		old += gap
		v, b := binary.Uvarint(raw[a:])
		raw = raw[a+b:]
		count, next, title := unpack(uint32(v), pair)
		tf := float32(count)
		q := uint64(max(byte(weightLevels*tf/(tf+w.norm[old])+0.5), 1))
		if title {
			q |= weightTitle
		}
		out[i] = uint64(w.ids[old])<<postShift | q<<nextBits | uint64(next)
	}
	return raw
}

// radixSort sorts xs in place (whose low postShift bits are not part of
// the order but go along) by the bits above them, using scratch as spare
// room; it returns the spare room, grown as needed.
func radixSort(xs, scratch []uint64) []uint64 {
	if len(xs) < 64 {
		slices.Sort(xs)
		return scratch
	}
	var top uint64
	for _, x := range xs {
		top |= x
	}
	scratch = slices.Grow(scratch[:0], len(xs))[:len(xs)]
	src, dst := xs, scratch
	for shift := uint(postShift); top>>shift != 0; shift += 8 {
		var count [257]int
		for _, x := range src {
			count[(x>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, x := range src {
			d := (x >> shift) & 0xff
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
	return scratch
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
