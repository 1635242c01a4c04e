package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync"
)

// k1 and bm25b are the BM25 term-frequency saturation and length normalisation.
const k1, bm25b = 1.2, 0.75

// writer encodes shard files.
type writer struct {
	b       *Builder
	ids     []int32 // number of each added document
	shards  int
	names   []string
	norm    []float32 // BM25 length normalisation of each added document, times k1
	scratch sync.Pool
}

func shardName(s int) string { return fmt.Sprintf("search/t/%03x.bin", s) }

// split names every term and groups the terms by shard.
func (w *writer) split(shards int) [][]int32 {
	by := make([][]int32, shards)
	for i, t := range w.b.terms {
		name := t.word
		if name == "" {
			name = keyString(t.key)
		}
		w.names[i] = name
		s := shardOf(name, shards)
		by[s] = append(by[s], int32(i))
	}
	return by
}

// shard encodes the terms of one shard, sorted by term:
//
//	uvarint number of shards, uvarint number of documents (so the script can
//	tell a shard of another build than its meta.json),
//	uvarint count of terms, then for each term:
//	uvarint byte length, term (UTF-8), uvarint df, uvarint byte length of postings,
//	postings: df × (uvarint gap between document numbers, weight byte)
//
// The weight byte's high bit says the term is in the title; its low seven
// bits are the BM25 term-frequency factor scaled to 1–127.
func (w *writer) shard(terms []int32) []byte {
	slices.SortFunc(terms, func(x, y int32) int { return cmp.Compare(w.names[x], w.names[y]) })
	size := 8
	for _, i := range terms {
		size += len(w.b.terms[i].post) + len(w.names[i]) + 16
	}
	buf := make([]byte, 0, size)
	sc, _ := w.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer w.scratch.Put(sc)
	packed, spare, post := sc.packed, sc.spare, sc.post
	buf = binary.AppendUvarint(buf, uint64(w.shards))
	buf = binary.AppendUvarint(buf, uint64(len(w.ids)))
	buf = binary.AppendUvarint(buf, uint64(len(terms)))
	for _, i := range terms {
		packed = w.decode(w.b.terms[i].post, packed[:0])
		packed, spare = radixSort(packed, spare)
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
	sc.packed, sc.spare, sc.post = packed, spare, post
	return buf
}

// scratch is the working memory of one shard encoding, reused between shards.
type scratch struct {
	packed, spare []uint64
	post          []byte
}

// decode turns raw postings into (document number << 8 | weight byte).
func (w *writer) decode(raw []byte, out []uint64) []uint64 {
	var old uint64
	for len(raw) > 0 {
		gap, n := binary.Uvarint(raw)
		old += gap
		v, m := binary.Uvarint(raw[n:])
		raw = raw[n+m:]
		tf := float32(v >> 1)
		q := max(byte(127*tf/(tf+w.norm[old])+0.5), 1)
		if v&1 != 0 {
			q |= 0x80
		}
		out = append(out, uint64(w.ids[old])<<8|uint64(q))
	}
	return out
}

// radixSort sorts xs (whose low byte is not part of the order but goes
// along) by the bits above the low byte, using scratch as spare room; it
// returns the sorted slice and the spare one.
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
	for shift := uint(8); top>>shift != 0; shift += 8 {
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
