package search

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

const benchDocs = 10000

var (
	benchOnce sync.Once
	benchSet  []Doc
)

func benchCorpus() []Doc {
	benchOnce.Do(func() { benchSet = synthDocs(benchDocs) })
	return benchSet
}

// addAll adds docs from as many goroutines as there are cores, as the
// generator does.
func addAll(b *Builder, docs []Doc) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				b.Add(docs[i])
			}
		})
	}
	wg.Wait()
}

// countDir is a Dir that keeps only the number of files and bytes.
type countDir struct {
	mu           sync.Mutex
	files, bytes int
}

func (c *countDir) WriteFile(_ string, data []byte) error {
	c.mu.Lock()
	c.files++
	c.bytes += len(data)
	c.mu.Unlock()
	return nil
}

// BenchmarkBuild10k indexes 10,000 synthetic pages and encodes the index,
// without the file system.
func BenchmarkBuild10k(b *testing.B) {
	docs := benchCorpus()
	if os.Getenv("PROSE") != "" {
		docs = proseCorpus(b)
	}
	var out countDir
	cpu0 := cpuTime()
	for b.Loop() {
		out = countDir{}
		ib := NewBuilder()
		addAll(ib, docs)
		if err := ib.Write(&out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchDocs)/(b.Elapsed().Seconds()/float64(b.N)), "docs/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(retained(docs))/(1<<20), "builder-MiB")
	b.ReportMetric(float64(out.files), "files")
	b.ReportMetric(float64(out.bytes)/(1<<20), "index-MiB")
}

// BenchmarkBuild10kDisk is BenchmarkBuild10k writing into a folder on disk
// that already holds the previous build, as a rebuild does.
func BenchmarkBuild10kDisk(b *testing.B) {
	docs := benchCorpus()
	out := b.TempDir()
	write := func() {
		ib := NewBuilder()
		addAll(ib, docs)
		if err := ib.Write(OSDir(out)); err != nil {
			b.Fatal(err)
		}
	}
	write()
	for b.Loop() {
		write()
	}
	b.ReportMetric(float64(benchDocs)/(b.Elapsed().Seconds()/float64(b.N)), "docs/s")
}

// BenchmarkTwoCharQueryBytes builds the 10,000-page index and reports the
// most bytes any two-character query can fetch for its first page of
// results: meta.json, the one shard of its bigram, lengths.bin, and the
// records of ten results (the largest ones, to be safe).
func BenchmarkTwoCharQueryBytes(b *testing.B) {
	out := b.TempDir()
	ib := NewBuilder()
	addAll(ib, benchCorpus())
	if err := ib.Write(OSDir(out)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, err := measureIndex(out)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.worstTwoChar), "max-B/2char-query")
		b.ReportMetric(float64(st.total), "index-B")
		b.ReportMetric(float64(st.shards), "shards")
		b.ReportMetric(float64(st.maxShard), "max-shard-B")
	}
}

type indexStats struct {
	total, shards, maxShard, worstTwoChar int
}

func measureIndex(root string) (indexStats, error) {
	var st indexStats
	metaData, err := os.ReadFile(filepath.Join(root, "search/meta.json"))
	if err != nil {
		return st, err
	}
	var lengthsSize int
	var recSizes []int
	err = filepath.WalkDir(filepath.Join(root, "search"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st.total += len(data)
		if filepath.Base(filepath.Dir(p)) == "t" {
			st.shards++
			st.maxShard = max(st.maxShard, len(data))
		}
		if filepath.Base(p) == "lengths.bin" {
			lengthsSize = len(data)
			for len(data) > 0 {
				n, k := binary.Uvarint(data)
				recSizes = append(recSizes, int(n))
				data = data[k:]
			}
		}
		return nil
	})
	// Every two-character query reads exactly one shard, so the worst case is the largest one.
	st.worstTwoChar = len(metaData) + st.maxShard + lengthsSize + topSum(recSizes, 10)
	return st, err
}

func topSum(xs []int, n int) int {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	sum := 0
	for _, x := range xs[max(0, len(xs)-n):] {
		sum += x
	}
	return sum
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// retained is the heap the Builder holds after indexing docs (their text
// excepted, which the caller holds anyway).
func retained(docs []Doc) int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // the second empties the pools' victim caches
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	ib := NewBuilder()
	addAll(ib, docs)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(ib)
	return int64(m.HeapAlloc) - int64(base)
}
