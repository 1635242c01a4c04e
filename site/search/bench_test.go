package search

import (
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"dunban/site/output"
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

// BenchmarkBuild10k indexes 10,000 pages and encodes the index, without
// the file system: the synthetic pages of site/synth (corpus=synth) and
// pages of prose that compresses like real articles (corpus=prose, more
// distinct terms).
func BenchmarkBuild10k(b *testing.B) {
	for _, c := range []struct {
		name string
		docs func(testing.TB) []Doc
	}{{"synth", func(testing.TB) []Doc { return benchCorpus() }}, {"prose", proseCorpus}} {
		b.Run("corpus="+c.name, func(b *testing.B) {
			docs := c.docs(b)
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
		})
	}
}

// BenchmarkBuild10kDisk is BenchmarkBuild10k writing into a folder on disk
// that already holds the previous build, as a rebuild does.
func BenchmarkBuild10kDisk(b *testing.B) {
	docs := benchCorpus()
	out := b.TempDir()
	write := func() {
		ib := NewBuilder()
		addAll(ib, docs)
		if err := ib.Write(output.Dir(out)); err != nil {
			b.Fatal(err)
		}
	}
	write()
	for b.Loop() {
		write()
	}
	b.ReportMetric(float64(benchDocs)/(b.Elapsed().Seconds()/float64(b.N)), "docs/s")
}

// BenchmarkQueryBytes builds the index of 10,000 prose pages and reports,
// computed from its files (see costOf), what the benchmark queries of each
// kind cost a freshly opened page, gzip-compressed: KB/<kind> on average and
// max-KB/<kind>, with the largest stores standing for the results.
func BenchmarkQueryBytes(b *testing.B) {
	ib := NewBuilder()
	addAll(ib, proseCorpus(b))
	var dir memDir
	if err := ib.Write(&dir); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g := &gzipSizes{files: dir.files, sizes: map[string]int{}}
		for _, k := range queryKinds {
			sum, most := 0, 0
			for _, q := range k.queries {
				c, err := costOf(g, q)
				if err != nil {
					b.Fatal(err)
				}
				sum += c.total()
				most = max(most, c.total())
			}
			b.ReportMetric(float64(sum)/float64(len(k.queries))/1024, "KB/"+k.name)
			b.ReportMetric(float64(most)/1024, "max-KB/"+k.name)
		}
	}
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
