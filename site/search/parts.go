package search

// The builder gathers the postings of every term by part of the index: the
// terms whose hash has the same low bits, so that each shard, whatever the
// shard count, is a whole number of parts. A part is one chain of the
// arena. A merge appends a batch's postings to the ends of the parts' chains
// (a few thousand places in memory, rather than one per term), and Write
// gathers each term's postings from its shard's parts.
//
// A part holds groups: the term's run key, the number of documents, then per
// document the gap from the previous one (the first counts from zero) and
// the count as packed by pack, all uvarints. Documents are numbered in the
// order they were merged.

// parts is the postings of pairs and words (MaxShards parts) and of single
// characters (MaxCharShards parts).
type parts struct {
	arena arena
	terms [MaxShards]chain
	chars [MaxCharShards]chain
}

// A run key is a term's sortKey, or for a word wordRun | its index in
// Builder.names.
const wordRun = 1 << 34

// pairRun tells a run key of a pair of CJK characters.
func pairRun(k uint64) bool {
	return k>>32 == 1 || k>>63 == 1 && k&^(1<<63) >= 1<<42
}

// charRun tells a run key of one CJK character.
func charRun(k uint64) bool {
	return k < 1<<32 || k>>63 == 1 && k&^(1<<63) < 1<<42
}

// merge appends the postings of the documents in bt, sorted, to the parts;
// b.mu is held.
func (b *Builder) merge(bt *batch) {
	base := uint32(len(b.docs))
	b.docs = append(b.docs, bt.docs...)
	posts := bt.posts
	for len(posts) > 0 {
		k := posts[0].key
		n := 1
		for n < len(posts) && posts[n].key == k {
			n++
		}
		b.spill(k, keyHash(termKey(k)), base, posts[:n])
		posts = posts[n:]
	}
	words := bt.words
	for len(words) > 0 {
		w := words[0].word
		run := bt.spare[:0]
		for len(words) > 0 && words[0].word == w {
			run = append(run, counted{v: words[0].v, doc: words[0].doc})
			words = words[1:]
		}
		i := b.wordIndex(w)
		b.spill(wordRun|uint64(i), b.hashes[i], base, run)
		bt.spare = run[:0]
	}
}

// wordIndex returns the index of word w in b.names, adding it if it is new.
func (b *Builder) wordIndex(w string) int32 {
	i, ok := b.words[w]
	if !ok {
		i = int32(len(b.names))
		b.words[w] = i
		b.names = append(b.names, w)
		b.hashes = append(b.hashes, termHash(w))
	}
	return i
}

// spill appends the group of postings of the term with run key k and hash h
// to its part; the documents are numbered from base.
func (b *Builder) spill(k uint64, h uint32, base uint32, posts []counted) {
	a := &b.parts.arena
	c, char := &b.parts.terms[h&(MaxShards-1)], charRun(k)
	if char {
		c = &b.parts.chars[h&(MaxCharShards-1)]
	}
	if c.size == 0 {
		a.start(c)
	}
	a.putKey(c, k, uint32(len(posts)))
	pair, last, n := pairRun(k), uint32(0), 0
	for _, p := range posts {
		id := base + p.doc
		v := pack(p.v, pair)
		a.put(c, id-last, v)
		n += 1 + uvarintLen(v) // the size of a gap between near documents
		last = id
	}
	b.bytes += n
	if char {
		b.chars += n
	}
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x uint32) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// runName is the term a run key stands for.
func (b *Builder) runName(k uint64) string {
	if k>>32 == wordRun>>32 {
		return b.names[k&(wordRun-1)]
	}
	return keyString(termKey(k))
}
