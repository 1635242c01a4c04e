// Package spool keeps rendered article bodies until their pages are
// written: in memory up to a budget, then in one temporary file, so that a
// build of many pages does not hold all their HTML in memory.
package spool

import (
	"fmt"
	"os"
	"sync"

	"dunban/site/content"
)

// chunkSize is the size of the memory blocks blobs are packed into.
const chunkSize = 1 << 20

// Spool is an append-only store of byte blobs. It is safe for concurrent use.
type Spool struct {
	dir    string
	budget int // bytes of memory blobs may take

	mu     sync.Mutex
	chunks [][]byte // memory blobs, packed; a blob's Off is -1 - its place
	used   int      // bytes of memory taken, chunk tails included
	f      *os.File // created on the first blob over the budget
	size   int64
}

// New returns a spool that keeps up to memory bytes of blobs in memory and
// the rest in a temporary file in dir ("" for the system temporary folder).
func New(dir string, memory int) *Spool {
	return &Spool{dir: dir, budget: memory}
}

// Put stores a copy of b and returns where it is.
func (s *Spool) Put(b []byte) (content.Body, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ref, ok := s.keep(b); ok {
		return ref, nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "dunban-spool-*")
		if err != nil {
			return content.Body{}, fmt.Errorf("create spool: %w", err)
		}
		s.f = f
	}
	if _, err := s.f.WriteAt(b, s.size); err != nil {
		return content.Body{}, fmt.Errorf("spool write: %w", err)
	}
	ref := content.Body{Off: s.size, Len: len(b)}
	s.size += int64(len(b))
	return ref, nil
}

// keep copies b into memory if the budget allows; s.mu is held.
func (s *Spool) keep(b []byte) (content.Body, bool) {
	if len(b) > chunkSize {
		return content.Body{}, false
	}
	n := len(s.chunks)
	if n == 0 || len(s.chunks[n-1])+len(b) > chunkSize {
		if s.used+chunkSize > s.budget {
			return content.Body{}, false
		}
		s.chunks = append(s.chunks, make([]byte, 0, chunkSize))
		s.used += chunkSize
		n++
	}
	c := s.chunks[n-1]
	place := (n-1)*chunkSize + len(c)
	s.chunks[n-1] = append(c, b...)
	return content.Body{Off: -1 - int64(place), Len: len(b)}, true
}

// Get returns the blob at ref. A blob kept on disk is read into *buf,
// which is grown as needed; the returned slice is valid until the next Get
// with the same buf and must not be modified.
func (s *Spool) Get(ref content.Body, buf *[]byte) ([]byte, error) {
	if ref.Off < 0 {
		place := int(-1 - ref.Off)
		s.mu.Lock()
		c := s.chunks[place/chunkSize]
		s.mu.Unlock()
		o := place % chunkSize
		return c[o : o+ref.Len : o+ref.Len], nil
	}
	if cap(*buf) < ref.Len {
		*buf = make([]byte, ref.Len)
	}
	b := (*buf)[:ref.Len]
	if _, err := s.f.ReadAt(b, ref.Off); err != nil {
		return nil, fmt.Errorf("spool read: %w", err)
	}
	return b, nil
}

// Close removes the spool file, if one was made, and drops the memory.
// Closing a closed spool does nothing.
func (s *Spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chunks = nil
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := s.f.Close()
	s.f = nil
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	return err
}
