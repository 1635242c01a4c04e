// Package spool keeps rendered article bodies in one temporary file, so a
// build of many pages holds their HTML on disk rather than in memory.
package spool

import (
	"fmt"
	"os"
	"sync"

	"dunban/site/content"
)

// Spool is an append-only temporary file of byte blobs. It is safe for
// concurrent use.
type Spool struct {
	mu   sync.Mutex
	f    *os.File
	size int64
}

// New creates a spool in dir ("" for the system temporary directory).
func New(dir string) (*Spool, error) {
	f, err := os.CreateTemp(dir, "dunban-spool-*")
	if err != nil {
		return nil, fmt.Errorf("create spool: %w", err)
	}
	return &Spool{f: f}, nil
}

// Put appends b and returns where it is.
func (s *Spool) Put(b []byte) (content.Body, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.f.WriteAt(b, s.size); err != nil {
		return content.Body{}, fmt.Errorf("spool write: %w", err)
	}
	ref := content.Body{Off: s.size, Len: len(b)}
	s.size += int64(len(b))
	return ref, nil
}

// Get reads back the blob at ref into buf (grown as needed) and returns it.
func (s *Spool) Get(ref content.Body, buf []byte) ([]byte, error) {
	if cap(buf) < ref.Len {
		buf = make([]byte, ref.Len)
	}
	buf = buf[:ref.Len]
	if _, err := s.f.ReadAt(buf, ref.Off); err != nil {
		return nil, fmt.Errorf("spool read: %w", err)
	}
	return buf, nil
}

// Close removes the spool file.
func (s *Spool) Close() error {
	name := s.f.Name()
	err := s.f.Close()
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	return err
}
