// Package erase removes one person's data from the submissions bucket when
// they ask (the forms' personal-information notice promises it): a 全区
// admin runs `go run ./lambda/cmd/bundle -erase`, which plans, shows the
// plan, and with -confirm carries it out and records it in the audit log.
//
// What goes: a submission that is the person's own (个人任务清单 in their
// name, a case or report they wrote) with its case markdown or report file;
// from a committee's 工作安排表 or monthly report, the person's rows (the
// submission is written back without them under the same key) and, where
// they filled the form in, their name and phone as 填表人. Every version of
// an object goes, not only the current one.
package erase

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// Person is whom a request is about: a name in a unit. Objects of the unit
// and of the units under it (a 盟市's 旗县) are searched.
type Person struct {
	Name, Unit string
}

// covers reports whether a submission of unit may hold p: p's unit, or a
// 旗县 under it (never the whole region, even for the 自治区团委).
func (p Person) covers(reg *form.Registry, unit string) bool {
	if unit == p.Unit {
		return true
	}
	u, ok := reg.Lookup(unit)
	return ok && u.Kind == form.KindCounty && u.Parent == p.Unit
}

// Check validates p against the registry.
func (p Person) Check(reg *form.Registry) error {
	var errs []error
	if strings.TrimSpace(p.Name) == "" {
		errs = append(errs, errors.New("请填写要删除信息的人的姓名（-name）"))
	}
	if _, ok := reg.Lookup(p.Unit); !ok {
		errs = append(errs, fmt.Errorf("单位“%s”不在单位名单中（-unit）", p.Unit))
	}
	return errors.Join(errs...)
}

// Step is one object to change.
type Step struct {
	Key     string
	Form    string
	Delete  bool     // delete every version of Key (else Key is written back as Body)
	Rows    int      // rows of the person removed (when written back)
	Also    []string // other objects deleted with it: a case's markdown, a report's file
	Body    []byte   // the submission without the person, when written back
	Cleared bool     // the 填表人 name and phone were cleared
}

// Plan lists what erasing p means in the objects listed by keys (each read
// with get): every form's CSV under submissions/form=…/, and the cases'
// markdown under submissions/case-markdown/ (found by the case's id, under
// whatever key layout it was filed).
func Plan(p Person, reg *form.Registry, keys []string, get func(key string) ([]byte, error)) ([]Step, error) {
	var out []Step
	markdown := map[string][]string{} // by id
	for _, key := range keys {
		if rest, ok := strings.CutPrefix(key, record.MarkdownPrefix); ok && strings.HasSuffix(rest, ".md") {
			id := strings.TrimSuffix(rest[strings.LastIndex(rest, "/")+1:], ".md")
			markdown[id] = append(markdown[id], key)
		}
	}
	for _, key := range keys {
		f, ok := formOf(key)
		if !ok {
			continue
		}
		body, err := get(key)
		if err != nil {
			return nil, err
		}
		st, hit, err := plan(p, reg, f, key, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		if f == form.Case {
			if _, id, err := record.ParseKey(key); err == nil {
				st.Also = markdown[id.String()]
			}
		}
		if hit {
			out = append(out, st)
		}
	}
	return out, nil
}

// formOf reads the form from a key submissions/form=<id>/….
func formOf(key string) (*form.Form, bool) {
	rest, ok := strings.CutPrefix(key, "submissions/form=")
	if !ok || !strings.HasSuffix(key, ".csv") {
		return nil, false
	}
	id, _, _ := strings.Cut(rest, "/")
	return form.ByID(id)
}

// plan decides what one submission holds of p.
func plan(p Person, reg *form.Registry, f *form.Form, key string, body []byte) (Step, bool, error) {
	header, rows, err := record.Decode(body)
	if err != nil || len(rows) == 0 {
		return Step{}, false, err
	}
	recs := append([][]string{header}, rows...)
	v, err := f.ReadVersion(header, rows[0])
	if err != nil {
		return Step{}, false, err
	}
	idx, err := v.Index(header)
	if err != nil {
		return Step{}, false, err
	}
	col := func(key string) int {
		if i, ok := idx[key]; ok {
			return i
		}
		return -1
	}
	if !p.covers(reg, cell(recs[1], col(form.MetaUnit))) {
		return Step{}, false, nil
	}
	st := Step{Key: key, Form: f.ID}
	switch f {
	case form.TaskList:
		st.Delete = cell(recs[1], col("name")) == p.Name
	case form.Case:
		st.Delete = cell(recs[1], col("author")) == p.Name
	case form.Report:
		st.Delete = slices.Contains(form.Authors(cell(recs[1], col("author"))), p.Name)
		if k := cell(recs[1], col(form.FieldFileKey)); k != "" {
			st.Also = []string{k}
		}
	default: // committee forms: drop the person's rows, clear them as 填表人
		return rewrite(p, recs, col, st)
	}
	return st, st.Delete, nil
}

// rewrite drops the person's rows from a committee form and clears their
// name and phone where they filled it in.
func rewrite(p Person, recs [][]string, col func(string) int, st Step) (Step, bool, error) {
	name, contact, phone := col("name"), col("contact_name"), col("contact_phone")
	kept := [][]string{recs[0]}
	for _, r := range recs[1:] {
		if cell(r, name) == p.Name {
			st.Rows++
			continue
		}
		if cell(r, contact) == p.Name {
			r[contact], r[phone] = "", ""
			st.Cleared = true
		}
		kept = append(kept, r)
	}
	if st.Rows == 0 && !st.Cleared {
		return st, false, nil
	}
	if len(kept) == 1 {
		st.Delete = true
		return st, true, nil
	}
	st.Body = record.Encode(kept[0], kept[1:])
	return st, true, nil
}

func cell(r []string, i int) string {
	if i < 0 || i >= len(r) {
		return ""
	}
	return strings.TrimSpace(r[i])
}

// Store is what carrying out a plan needs; s3store.Store is one.
type Store interface {
	DeleteAllVersions(ctx context.Context, key string) (int, error)
	Create(ctx context.Context, key string, body []byte, contentType string) error
}

// Apply carries out the steps in order. A submission written back is first
// removed with all its versions, then created again without the person.
func Apply(ctx context.Context, st Store, steps []Step) error {
	for _, s := range steps {
		for _, k := range append([]string{s.Key}, s.Also...) {
			if _, err := st.DeleteAllVersions(ctx, k); err != nil {
				return fmt.Errorf("erase %s: %w", k, err)
			}
		}
		if !s.Delete {
			if err := st.Create(ctx, s.Key, s.Body, record.ContentType); err != nil {
				return fmt.Errorf("erase %s: write back: %w", s.Key, err)
			}
		}
	}
	return nil
}
