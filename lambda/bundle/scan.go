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
	"dunban/lambda/record"
)

// Source lists and reads submission objects; s3store.Store is one.
type Source interface {
	List(ctx context.Context, prefix string, fn func(key string, size int64) error) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// Counter follows a bundle as it is built; safe to read while it runs.
type Counter struct {
	Listed atomic.Int64 // object keys listed
	Read   atomic.Int64 // objects read
	Kept   atomic.Int64 // objects in scope and period
}

// maxObjectBytes is the largest submission object read; larger ones are skipped and reported.
const maxObjectBytes = 8 << 20

// entry is one submission kept after the scan: where its bytes are in the
// spill file and what it needs for ordering, replacement and the summary.
// It is kept small (64 bytes): one is held per submission.
type entry struct {
	id       record.ID
	key      uint64 // ReplaceKey
	received int64  // Unix milliseconds
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
func (e *entry) span() span {
	i := int(e.month)
	return span{Month: Month{i / 12, time.Month(i%12 + 1)}, Whole: e.whole}
}

// want says which submissions of a form the scan keeps.
type want struct {
	form  *form.Form
	index int
	parts []record.Partition // partitions to list
	keep  func(span) bool
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
	seen    map[record.ID]ref // submission id → its kept entry
	entries [][]entry         // per form index
	extra   [][]form.Column   // per form index: columns of earlier versions the current one lacks
	intern  map[string]uint32
	strs    []string // the string table of entries' unit, region and period
	dups    int
	// problems are the objects not taken as they are, with why.
	problems problems
}

func newScan(src Source, spill io.Writer, inScope func(string) bool, workers int, count *Counter) *scan {
	n := len(form.All())
	s := &scan{src: src, inScope: inScope, workers: workers, count: count,
		spill: bufio.NewWriterSize(spill, 1<<18), seen: map[record.ID]ref{},
		entries: make([][]entry, n), extra: make([][]form.Column, n), intern: map[string]uint32{}}
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
		for _, p := range w.parts {
			err := s.src.List(ctx, p.Prefix(), func(key string, size int64) error {
				if !s.listed(key, size) {
					return nil
				}
				select {
				case jobs <- job{w, key}:
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			})
			if err != nil {
				return fmt.Errorf("list %s: %w", p, err)
			}
		}
	}
	return nil
}

// listed reports whether a listed object is to be read, recording why not.
func (s *scan) listed(key string, size int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !strings.HasSuffix(key, ".csv"):
		s.problems.skip(key, "不是提交记录（其他存放方式的对象）")
		return false
	case size > maxObjectBytes:
		s.problems.skip(key, "对象过大（%d 字节），未读取", size)
		return false
	}
	s.count.Listed.Add(1)
	return true
}

// read fetches one object and keeps it if it is in scope and wanted. An
// object gone since it was listed, or not readable as a submission of a
// known version of its form, is left out and reported: one bad object
// never stops an export.
func (s *scan) read(ctx context.Context, j job) error {
	if ctx.Err() != nil {
		return nil
	}
	body, err := s.src.Get(ctx, j.key)
	switch {
	case errors.Is(err, record.ErrNotFound):
		s.skip(j.key, "列出后读取时已不存在（已被删除或移动）")
		return nil
	case err != nil:
		return fmt.Errorf("read %s: %w", j.key, err)
	}
	s.count.Read.Add(1)
	body = bytes.TrimPrefix(body, []byte(record.BOM))
	header, first, err := headAndFirst(body)
	var cols columns
	var v form.Version
	if err == nil {
		cols, v, err = newColumns(j.w.form, header, first)
	}
	var meta meta
	if err == nil {
		meta, err = cols.meta(first)
	}
	if err != nil {
		s.skip(j.key, "无法读取：%v", err)
		return nil
	}
	s.checkFiled(j, meta)
	if !s.inScope(meta.Unit) || !j.w.keep(meta.Span) {
		return nil
	}
	e := entry{form: uint8(j.w.index), id: meta.id, month: int32(meta.Span.Month.index()), whole: meta.Span.Whole,
		received: meta.Received.UnixMilli(), n: int32(len(body)),
		key: replaceKey(j.w.form.ID, meta, func(f string) string { return cols.get(first, f) })}
	return s.keep(e, meta, v, body)
}

func (s *scan) skip(key, format string, args ...any) {
	s.mu.Lock()
	s.problems.skip(key, format, args...)
	s.mu.Unlock()
}

// checkFiled reports an object filed where its period and id do not put it
// (a key layout other than record.SubmissionKey); it is counted all the same.
func (s *scan) checkFiled(j job, meta meta) {
	want, err := record.SubmissionKey(j.w.form.ID, meta.Period, meta.id)
	if err != nil || want == j.key {
		return
	}
	s.mu.Lock()
	s.problems.counted(j.key, "存放位置与其报送期 %s 不符（应为 %s），已按报送期计入", meta.Period, want)
	s.mu.Unlock()
}

// ref locates a kept entry: s.entries[f][i].
type ref struct {
	f uint8
	i int32
}

// keep adds a submission read from S3. The same submission id stored twice
// (a retry that landed under another key) counts once: the copy received
// first is the original, whatever order the parallel reads finish in.
func (s *scan) keep(e entry, meta meta, v form.Version, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.seen[e.id]; ok {
		s.dups++
		old := &s.entries[r.f][r.i]
		if r.f != e.form || e.received >= old.received {
			return nil
		}
		return s.spillInto(old, e, meta, v, body)
	}
	f := int(e.form)
	s.seen[e.id] = ref{f: e.form, i: int32(len(s.entries[f]))}
	s.entries[f] = append(s.entries[f], entry{})
	if err := s.spillInto(&s.entries[f][len(s.entries[f])-1], e, meta, v, body); err != nil {
		return err
	}
	s.count.Kept.Add(1)
	return nil
}

// spillInto writes body to the spill file and stores e, pointing at it, in dst.
func (s *scan) spillInto(dst *entry, e entry, meta meta, v form.Version, body []byte) error {
	e.unit, e.region, e.period = s.str(meta.Unit), s.str(meta.Region), s.str(meta.Period)
	e.off = s.size
	if _, err := s.spill.Write(body); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	s.size += int64(len(body))
	*dst = e
	if v.ID != form.All()[e.form].Version {
		s.addExtra(int(e.form), v)
	}
	return nil
}

// addExtra notes the columns of an earlier version that the current one
// lacks, so the merged CSV keeps them.
func (s *scan) addExtra(f int, v form.Version) {
	current := form.All()[f].Columns()
	for _, c := range v.Columns {
		known := slices.ContainsFunc(current, func(k form.Column) bool { return k.Key == c.Key }) ||
			slices.ContainsFunc(s.extra[f], func(k form.Column) bool { return k.Key == c.Key })
		if !known {
			s.extra[f] = append(s.extra[f], c)
		}
	}
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
// the latest received wins (to the millisecond; ties go to the higher id,
// so the choice is stable). It returns how many were replaced.
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
		if e.received > w.received || (e.received == w.received && bytes.Compare(e.id[:], w.id[:]) > 0) {
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
