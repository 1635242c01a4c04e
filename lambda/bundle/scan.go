package bundle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dunban/lambda/form"
)

// Source lists and reads submission objects; s3store.Store is one.
type Source interface {
	List(ctx context.Context, prefix string, fn func(key string, size int64) error) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// SubmissionsPrefix is where the collector keeps one object per submission.
const SubmissionsPrefix = "submissions/"

// PartitionPrefix is the key prefix of a form's submissions received in month m.
func PartitionPrefix(formID string, m Month) string {
	return fmt.Sprintf("%sform=%s/year=%04d/month=%02d/", SubmissionsPrefix, formID, m.Year, int(m.Month))
}

// Counter follows a bundle as it is built; safe to read while it runs.
type Counter struct {
	Listed atomic.Int64 // object keys listed
	Read   atomic.Int64 // objects read
	Kept   atomic.Int64 // objects in scope and period
}

// MaxObjectBytes is the largest submission object read; larger ones are an error.
const MaxObjectBytes = 8 << 20

// entry is one submission kept after the scan: where its bytes are in the
// spill file and what it needs for ordering, replacement and the summary.
// It is kept small (56 bytes): one is held per submission.
type entry struct {
	idHash   uint64
	key      uint64 // ReplaceKey
	received int64  // Unix nanoseconds
	off      int64
	n        int32
	unit     uint32 // index in the scan's string table
	region   uint32
	period   uint32
	month    int32 // Span.Month.Index()
	whole    bool  // Span.Whole
	form     uint8 // index in form.All()
	replaced bool
}

// span is the reporting time of e.
func (e *entry) span() Span {
	i := int(e.month)
	return Span{Month: Month{i / 12, time.Month(i%12 + 1)}, Whole: e.whole}
}

// want says which submissions of a form the scan keeps.
type want struct {
	form   *form.Form
	index  int
	months []Month // partitions to list
	keep   func(Span) bool
}

// scan reads every object of the wanted partitions with a bounded pool of
// readers, keeps those in scope and wanted, and writes their bytes to spill.
type scan struct {
	src     Source
	inScope func(unit string) bool
	workers int
	count   *Counter

	mu      sync.Mutex
	spill   *bufio.Writer
	size    int64
	seen    map[uint64]ref   // submission id hash → its kept entry
	entries [][]entry        // per form index
	headers []map[string]int // per form index: column name → first position seen
	order   [][]string       // per form index: columns in first-seen order
	intern  map[string]uint32
	strs    []string // the string table of entries' unit, region and period
	dups    int
	// unreadable lists objects that are not submission CSVs, with why.
	unreadable []string
}

func newScan(src Source, spill io.Writer, inScope func(string) bool, workers int, count *Counter) *scan {
	n := len(form.All())
	s := &scan{src: src, inScope: inScope, workers: workers, count: count,
		spill: bufio.NewWriterSize(spill, 1<<18), seen: map[uint64]ref{},
		entries: make([][]entry, n), headers: make([]map[string]int, n), order: make([][]string, n),
		intern: map[string]uint32{}}
	for i := range s.headers {
		s.headers[i] = map[string]int{}
	}
	return s
}

type job struct {
	w   *want
	key string
}

// run lists the partitions of every want and reads the objects in parallel.
func (s *scan) run(ctx context.Context, wants []*want) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan job, 4*s.workers)
	var wg sync.WaitGroup
	for range s.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := s.read(ctx, j); err != nil {
					cancel(err)
				}
			}
		}()
	}
	err := s.list(ctx, wants, jobs)
	close(jobs)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if err != nil {
		return err
	}
	return s.spill.Flush()
}

func (s *scan) list(ctx context.Context, wants []*want, jobs chan<- job) error {
	for _, w := range wants {
		for _, m := range w.months {
			err := s.src.List(ctx, PartitionPrefix(w.form.ID, m), func(key string, size int64) error {
				if !strings.HasSuffix(key, ".csv") {
					return nil
				}
				if size > MaxObjectBytes {
					return fmt.Errorf("%s: %d bytes is over the limit", key, size)
				}
				s.count.Listed.Add(1)
				select {
				case jobs <- job{w, key}:
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			})
			if err != nil {
				return fmt.Errorf("list %s %s: %w", w.form.ID, m, err)
			}
		}
	}
	return nil
}

// read fetches one object and keeps it if it is in scope and wanted.
func (s *scan) read(ctx context.Context, j job) error {
	if ctx.Err() != nil {
		return nil
	}
	body, err := s.src.Get(ctx, j.key)
	if err != nil {
		return fmt.Errorf("read %s: %w", j.key, err)
	}
	s.count.Read.Add(1)
	body = bytes.TrimPrefix(body, []byte(bom))
	header, first, err := headAndFirst(body)
	var meta Meta
	cols := newColumns(header)
	if err == nil {
		meta, err = cols.meta(j.w.form, first)
	}
	if err != nil {
		// An object that is not a submission CSV is left out and
		// reported, so one bad object does not stop every export.
		s.mu.Lock()
		s.unreadable = append(s.unreadable, j.key+": "+err.Error())
		s.mu.Unlock()
		return nil
	}
	span := SpanOf(meta.Period, meta.Received)
	if !s.inScope(meta.Unit) || !j.w.keep(span) {
		return nil
	}
	e := entry{form: uint8(j.w.index), idHash: hashID(meta.ID), month: int32(span.Month.Index()), whole: span.Whole,
		received: meta.Received.UnixNano(), n: int32(len(body)),
		key: ReplaceKey(j.w.form.ID, meta, func(f string) string { return cols.field(j.w.form, first, f) })}
	return s.keep(e, meta, header, body)
}

// ref locates a kept entry: s.entries[f][i].
type ref struct {
	f uint8
	i int32
}

// keep adds a submission read from S3. The same submission id stored twice
// (a retry that landed under another key) counts once: the copy received
// first is the original, whatever order the parallel reads finish in.
func (s *scan) keep(e entry, meta Meta, header []string, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.seen[e.idHash]; ok {
		s.dups++
		old := &s.entries[r.f][r.i]
		if r.f != e.form || e.received >= old.received {
			return nil
		}
		return s.spillInto(old, e, meta, header, body)
	}
	f := int(e.form)
	s.seen[e.idHash] = ref{f: e.form, i: int32(len(s.entries[f]))}
	s.entries[f] = append(s.entries[f], entry{})
	if err := s.spillInto(&s.entries[f][len(s.entries[f])-1], e, meta, header, body); err != nil {
		return err
	}
	s.count.Kept.Add(1)
	return nil
}

// spillInto writes body to the spill file and stores e, pointing at it, in dst.
func (s *scan) spillInto(dst *entry, e entry, meta Meta, header []string, body []byte) error {
	e.unit, e.region, e.period = s.str(meta.Unit), s.str(meta.Region), s.str(meta.Period)
	e.off = s.size
	if _, err := s.spill.Write(body); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	s.size += int64(len(body))
	*dst = e
	f := int(e.form)
	for _, c := range header {
		if _, ok := s.headers[f][c]; !ok {
			s.headers[f][c] = len(s.order[f])
			s.order[f] = append(s.order[f], c)
		}
	}
	return nil
}

// str returns the index of v in the string table, adding it if new.
func (s *scan) str(v string) uint32 {
	if i, ok := s.intern[v]; ok {
		return i
	}
	v = strings.Clone(v)
	s.intern[v] = uint32(len(s.strs))
	s.strs = append(s.strs, v)
	return uint32(len(s.strs) - 1)
}

// headAndFirst parses the header and the first data row of a submission
// CSV, and checks that every other row parses with as many cells.
func headAndFirst(body []byte) ([]string, []string, error) {
	r := csv.NewReader(bytes.NewReader(body))
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("csv header: %w", err)
	}
	first, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("csv first row: %w", err)
	}
	first = slices.Clone(first)
	r.ReuseRecord = true
	for {
		if _, err := r.Read(); err == io.EOF {
			return header, first, nil
		} else if err != nil {
			return nil, nil, fmt.Errorf("csv: %w", err)
		}
	}
}

// settle drops replaced submissions: of those with the same replacement key,
// the latest received wins (ties go to the higher id hash, so the choice is
// stable). It returns how many were replaced.
func settle(entries []entry) int {
	win := map[uint64]int{}
	replaced := 0
	for i := range entries {
		e := &entries[i]
		j, ok := win[e.key]
		if !ok {
			win[e.key] = i
			continue
		}
		w := &entries[j]
		if e.received > w.received || (e.received == w.received && e.idHash > w.idHash) {
			w.replaced = true
			win[e.key] = i
		} else {
			e.replaced = true
		}
		replaced++
	}
	return replaced
}

// readAt returns the bytes of e from the spill file, reusing buf.
func readAt(f io.ReaderAt, e entry, buf []byte) ([]byte, error) {
	n := int(e.n)
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := f.ReadAt(buf, e.off); err != nil {
		return nil, fmt.Errorf("spill read: %w", err)
	}
	return buf, nil
}
