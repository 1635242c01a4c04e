package search

import "encoding/binary"

// The builder keeps the postings of every part of the index (parts.go) in
// one arena of fixed-size pages rather than in a slice per part: a part's
// bytes are a chain of blocks, each twice as large as the one before up to
// blockMax, whose last linkSize bytes give the offset of the next block.
// Growing a chain never copies its bytes, and the pages hold no pointers
// for the garbage collector to scan.
const (
	arenaPageBits = 20 // 1 MiB pages
	arenaPage     = 1 << arenaPageBits
	blockMin      = 8
	blockMax      = 1 << 10
	linkSize      = 4
	maxPosted     = 2 * 5 // the longest posting: two uvarints of 32 bits
)

// arena is the pages of postings; an offset is page<<arenaPageBits | index.
type arena struct {
	pages [][]byte
	used  int // bytes used in the last page
}

// chain is where a term's postings are in the arena.
type chain struct {
	head uint32 // offset of the first block
	pos  uint32 // offset where the next byte goes
	end  uint32 // offset of the current block's link, where its bytes end
	size uint32 // size of the current block, link included
}

// alloc returns the offset of a new block of n bytes.
func (a *arena) alloc(n int) uint32 {
	if len(a.pages) == 0 || a.used+n > arenaPage {
		a.pages = append(a.pages, make([]byte, arenaPage))
		a.used = 0
	}
	off := uint32(len(a.pages)-1)<<arenaPageBits | uint32(a.used)
	a.used += n
	return off
}

func (a *arena) at(off uint32) []byte { return a.pages[off>>arenaPageBits][off&(arenaPage-1):] }

// start gives c its first block.
func (a *arena) start(c *chain) {
	c.head = a.alloc(blockMin)
	c.pos, c.size = c.head, blockMin
	c.end = c.head + blockMin - linkSize
}

// write appends p to c's chain.
func (a *arena) write(c *chain, p []byte) {
	if room := int(c.end - c.pos); room >= len(p) {
		copy(a.at(c.pos), p)
		c.pos += uint32(len(p))
		return
	}
	for len(p) > 0 {
		if c.pos == c.end {
			a.grow(c)
		}
		n := copy(a.at(c.pos)[:c.end-c.pos], p)
		c.pos += uint32(n)
		p = p[n:]
	}
}

// put appends the uvarints x and y to c's chain and returns their length.
func (a *arena) put(c *chain, x, y uint32) int {
	if c.end-c.pos >= maxPosted {
		p := a.pages[c.pos>>arenaPageBits][c.pos&(arenaPage-1):]
		n := putUvarint(p, x)
		n += putUvarint(p[n:], y)
		c.pos += uint32(n)
		return n
	}
	var p [maxPosted]byte
	n := putUvarint(p[:], x)
	n += putUvarint(p[n:], y)
	a.write(c, p[:n])
	return n
}

// putKey appends the uvarints k and n to c's chain.
func (a *arena) putKey(c *chain, k uint64, n uint32) {
	var p [binary.MaxVarintLen64 + maxPosted/2]byte
	m := binary.PutUvarint(p[:], k)
	m += putUvarint(p[m:], n)
	a.write(c, p[:m])
}

// grow links a new block, twice the size of the current one up to
// blockMax, after c's full block.
func (a *arena) grow(c *chain) {
	size := min(2*c.size, blockMax)
	next := a.alloc(int(size))
	binary.LittleEndian.PutUint32(a.at(c.end), next)
	c.pos, c.size, c.end = next, size, next+size-linkSize
}

// appendTo appends the bytes of c's chain to dst.
func (a *arena) appendTo(dst []byte, c *chain) []byte {
	off, size := c.head, uint32(blockMin)
	for c.pos < off || c.pos > off+size-linkSize { // not yet the current block
		b := a.at(off)
		dst = append(dst, b[:size-linkSize]...)
		off = binary.LittleEndian.Uint32(b[size-linkSize:])
		size = min(2*size, blockMax)
	}
	return append(dst, a.at(off)[:c.pos-off]...)
}
