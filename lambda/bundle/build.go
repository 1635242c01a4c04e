// Package bundle builds an admin's download: the submissions in their scope
// and period, merged per form into Excel-safe CSV, with the 工作安排表 in the
// attachment's layout, the progress summary against the notice's targets,
// the units that have not reported, and a manifest, in one zip. Objects are
// read with a bounded pool and spilled to a temporary file, so memory stays
// flat however many submissions there are.
package bundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// ScopeAll is the scope of the 自治区 admin: every unit.
const ScopeAll = form.ScopeAll

// maxMonths is the longest period one bundle may cover.
const maxMonths = 36

// Request is what an admin asks for.
type Request struct {
	Scope    string   `json:"scope"`           // ScopeAll or a unit name from the registry
	Forms    []string `json:"forms,omitempty"` // form ids; empty means all five
	From     Month    `json:"from"`
	To       Month    `json:"to"`
	Encoding Encoding `json:"encoding,omitempty"`
	Files    bool     `json:"files,omitempty"` // add the reports' files (with the report form)
}

// Check validates the request and fills in defaults.
func (r *Request) Check() error {
	var errs []error
	if len(r.Forms) == 0 {
		for _, f := range form.All() {
			r.Forms = append(r.Forms, f.ID)
		}
	}
	for _, id := range r.Forms {
		if _, ok := form.ByID(id); !ok {
			errs = append(errs, fmt.Errorf("未知表单“%s”", id))
		}
	}
	switch {
	case r.From.IsZero() || r.To.IsZero():
		errs = append(errs, errors.New("请选择起止月份"))
	case r.To.Before(r.From):
		errs = append(errs, errors.New("结束月份早于开始月份"))
	case r.To.index()-r.From.index() >= maxMonths:
		errs = append(errs, fmt.Errorf("一次最多导出%d个月", maxMonths))
	}
	if r.Encoding == "" {
		r.Encoding = UTF8
	}
	if _, err := parseEncoding(string(r.Encoding)); err != nil {
		errs = append(errs, errors.New("编码只能是 utf-8 或 gb18030"))
	}
	return errors.Join(errs...)
}

func (r *Request) wants(id string) bool { return slices.Contains(r.Forms, id) }

// Builder builds bundles from a Source.
type Builder struct {
	Source  Source
	Units   *form.Registry
	Rounds  []*form.Round // every year's round, for deadlines
	Workers int           // parallel reads (default 32)
	TempDir string        // for the spill file ("" = os.TempDir())
	Now     func() time.Time
	Count   *Counter // optional, to follow progress
}

// inScope reports whether scope covers the unit. ScopeAll covers every
// unit, even one no longer in the registry.
func (b *Builder) inScope(scope, unit string) bool {
	if scope == ScopeAll {
		return true
	}
	return b.Units.Covers(scope, unit)
}

// ValidScope reports whether s names ScopeAll or a unit in the registry.
func (b *Builder) ValidScope(s string) bool {
	if s == ScopeAll {
		return true
	}
	_, ok := b.Units.Lookup(s)
	return ok
}

func (b *Builder) now() time.Time {
	if b.Now != nil {
		return b.Now().In(Shanghai)
	}
	return time.Now().In(Shanghai)
}

// result is what a scan leaves for the writers.
type result struct {
	req      Request
	asOf     time.Time
	spill    io.ReaderAt
	entries  [][]entry
	strs     []string        // entries' string table
	extra    [][]form.Column // per form: columns of earlier versions the current one lacks
	replaced int
}

// str returns entry string i (a unit, region or period).
func (r *result) str(i uint32) string { return r.strs[i] }

// Build writes the bundle for req, asked by admin, as a zip to w.
func (b *Builder) Build(ctx context.Context, req Request, admin string, w io.Writer) (Manifest, error) {
	if err := req.Check(); err != nil {
		return Manifest{}, err
	}
	if !b.ValidScope(req.Scope) {
		return Manifest{}, fmt.Errorf("unknown scope %q", req.Scope)
	}
	spill, err := os.CreateTemp(b.TempDir, "dunban-bundle-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("spill file: %w", err)
	}
	defer os.Remove(spill.Name())
	defer spill.Close()
	now := b.now()
	sc, err := b.scan(ctx, req.Scope, b.plan(req), spill)
	if err != nil {
		return Manifest{}, err
	}
	res := &result{req: req, asOf: now, spill: spill, entries: sc.entries, strs: sc.strs, extra: sc.extra}
	for i := range res.entries {
		res.replaced += settle(res.entries[i])
	}
	m := Manifest{Request: req, Admin: admin, CreatedAt: now.Format(time.RFC3339),
		Objects: int(sc.count.Read.Load()), Duplicates: sc.dups, Replaced: res.replaced}
	sc.problems.report(&m, req.Scope == ScopeAll)
	a := newArchive(w, now)
	if err := b.write(ctx, a, res, &m); err != nil {
		return Manifest{}, err
	}
	if err := a.Close(m); err != nil {
		return Manifest{}, err
	}
	m.Files = a.Files()
	return m, nil
}

// scan reads the wanted partitions, keeping the submissions in scope.
func (b *Builder) scan(ctx context.Context, scope string, wants []*want, spill io.Writer) (*scan, error) {
	count := b.Count
	if count == nil {
		count = &Counter{}
	}
	workers := b.Workers
	if workers <= 0 {
		workers = 32
	}
	sc := newScan(b.Source, spill, func(u string) bool { return b.inScope(scope, u) }, workers, count)
	if err := sc.run(ctx, wants); err != nil {
		return nil, err
	}
	return sc, nil
}

// plan lists, per form, the partitions to read and the spans to keep.
// Submissions are filed by period (record.PartitionOf), so a bundle reads
// exactly the partitions of the periods that meet its months: nothing sent
// late, early or from a phone with a wrong clock is missed. The forms the
// summary reads (summaryForms) are always read from January of the last
// year, for the year-to-date summary, and the forms with deadlines always,
// for 未报送.
func (b *Builder) plan(req Request) []*want {
	var out []*want
	for i, f := range form.All() {
		summary := slices.Contains(summaryForms, f)
		if !req.wants(f.ID) && !summary && !b.hasDeadlines(f) {
			continue
		}
		lo, hi := req.From, req.To
		if summary {
			lo = earlier(lo, Month{hi.Year, time.January})
		}
		out = append(out, &want{form: f, index: i, parts: partitions(f.ID, lo, hi),
			keep: func(s span) bool { return s.In(lo, hi) }})
	}
	return out
}

// partitions lists the partitions holding a form's submissions for every
// period (a year, a half-year or a month) whose span meets lo–hi.
func partitions(formID string, lo, hi Month) []record.Partition {
	var out []record.Partition
	for y := lo.Year; y <= hi.Year; y++ {
		ids := []string{fmt.Sprintf("%04d", y), fmt.Sprintf("%04d-H1", y), fmt.Sprintf("%04d-H2", y)}
		for m := 1; m <= 12; m++ {
			ids = append(ids, fmt.Sprintf("%04d-%02d", y, m))
		}
		for _, id := range ids {
			span, err := spanOf(id)
			if err != nil || !span.In(lo, hi) {
				continue
			}
			if p, err := record.PartitionOf(formID, id); err == nil && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, func(a, b record.Partition) int { return strings.Compare(a.Prefix(), b.Prefix()) })
	return out
}

// write adds every file of the bundle to a.
func (b *Builder) write(ctx context.Context, a *archive, res *result, m *Manifest) error {
	for i, f := range form.All() {
		if !res.req.wants(f.ID) {
			continue
		}
		n, err := writeMerged(a, res, i)
		if err != nil {
			return err
		}
		m.Submissions += n
		if f.ID == form.Arrangement.ID {
			if err := writeAttachment(a, res, i); err != nil {
				return err
			}
		}
		if f.ID == form.Report.ID && res.req.Files {
			if err := b.writeFiles(ctx, a, res); err != nil {
				return err
			}
		}
	}
	if err := b.writeSummary(a, res); err != nil {
		return err
	}
	if err := b.writeMissing(a, res); err != nil {
		return err
	}
	if err := b.writeGrid(a, res); err != nil {
		return err
	}
	return a.Text(readmeName, []byte(readme(res.req, m)))
}

// FileName is the name of a form's merged CSV in the bundle: its title in
// Chinese, e.g. 驻校蹲班工作安排表.csv, 任务清单完成情况（月报）.csv.
func FileName(f *form.Form) string {
	return strings.NewReplacer("“", "", "”", "", " / ", "与", "/", "与").Replace(f.Title) + ".csv"
}
