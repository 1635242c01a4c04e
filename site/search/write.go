package search

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"runtime"
	"slices"
	"sync"

	"dunban/site/output"
)

// Format is the version of the index layout, written into meta.json.
const Format = 2

// Tuning of the index.
const (
	// ShardTarget is the average size in bytes a postings shard aims at.
	ShardTarget = 16 << 10
	// MaxShards bounds the number of shard files of bigrams and words.
	MaxShards = 1 << 12
	// MaxCharShards bounds the number of shard files of single characters,
	// which only one-character queries read.
	MaxCharShards = 1 << 6
	// StoreSize is the number of documents in one document store file: a
	// result costs the script its whole store.
	StoreSize = 4
)

// Meta is the content of search/meta.json, the one file every query reads first.
type Meta struct {
	Format  int    `json:"format"`
	Version string `json:"version"` // changes whenever any index file changes
	Docs    int    `json:"docs"`
	Shards  int    `json:"shards"` // postings shards of bigrams and words
	Chars   int    `json:"chars"`  // postings shards of single CJK characters
	Store   int    `json:"store"`  // documents per store file
}

// commonName is the file of the CJK characters results show most often,
// most first (CommonChars of them, UTF-8): the script fetches it after
// meta.json, beside a query's first shards, and lays them out unseen while
// those are on their way.
const commonName = "search/common.txt"

// Write writes the index into out. Documents are numbered by date, newest
// first, then by URL, so the files do not depend on the order of Add calls.
func (b *Builder) Write(out output.Files) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flush()
	order, err := b.order()
	if err != nil {
		return err
	}
	ids := make([]int32, len(order))
	for n, old := range order {
		ids[old] = int32(n)
	}
	w := &writer{b: b, ids: ids, shards: shardCount(b.bytes-b.chars, MaxShards), chars: shardCount(b.chars, MaxCharShards),
		norm: b.norms()}
	shardSums := make([]uint32, 2*(w.shards+w.chars))
	err = parallel(w.shards+w.chars, func(s int) error {
		if s >= w.shards {
			post, _ := w.shard(b.parts.chars[:], s-w.shards, w.chars)
			shardSums[2*s] = checksum(post)
			return out.WriteFile(charShardName(s-w.shards), post)
		}
		post, next := w.shard(b.parts.terms[:], s, w.shards)
		shardSums[2*s], shardSums[2*s+1] = checksum(post), checksum(next)
		if err := out.WriteFile(shardName(s), post); err != nil {
			return err
		}
		return out.WriteFile(nextName(s), next)
	})
	if err != nil {
		return fmt.Errorf("write search shards: %w", err)
	}
	storeSums, err := b.writeStores(out, order)
	if err != nil {
		return fmt.Errorf("write search documents: %w", err)
	}
	common := []byte(b.commonChars(CommonChars))
	if err := out.WriteFile(commonName, common); err != nil {
		return fmt.Errorf("write search characters: %w", err)
	}
	return b.writeMeta(out, w, shardSums, storeSums, []uint32{checksum(common)})
}

func (b *Builder) writeMeta(out output.Files, w *writer, sums ...[]uint32) error {
	var all []byte
	for _, list := range sums {
		for _, s := range list {
			all = binary.LittleEndian.AppendUint32(all, s)
		}
	}
	v := uint64(checksum(all))<<32 | uint64(crc32.ChecksumIEEE(all))
	m := Meta{Format: Format, Version: fmt.Sprintf("%016x", v)[:12],
		Docs: len(b.docs), Shards: w.shards, Chars: w.chars, Store: StoreSize}
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode search meta: %w", err)
	}
	if err := out.WriteFile("search/meta.json", data); err != nil {
		return fmt.Errorf("write search meta: %w", err)
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum identifies the content of a file, for the index version.
func checksum(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

// shardCount is the power of two up to most that gives shards of about
// ShardTarget bytes.
func shardCount(total, most int) int {
	n := 1
	for n < most && n*ShardTarget < total {
		n *= 2
	}
	return n
}

// order sorts the documents (newest first, then by URL), rejecting duplicate
// URLs; order[n] is the index in b.docs of document number n.
func (b *Builder) order() ([]int32, error) {
	order := make([]int32, len(b.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		dx, dy := &b.docs[x], &b.docs[y]
		if c := dy.Date.Compare(dx.Date); c != 0 {
			return c
		}
		return cmp.Compare(dx.URL, dy.URL)
	})
	seen := make(map[string]bool, len(b.docs))
	var dups []string
	for _, i := range order {
		if u := b.docs[i].URL; seen[u] {
			dups = append(dups, u)
		} else {
			seen[u] = true
		}
	}
	if len(dups) > 0 {
		return nil, fmt.Errorf("search index: duplicate URLs %q", dups)
	}
	return order, nil
}

// parallel runs f(0) … f(n-1) on all cores and returns the first error.
func parallel(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}
