package bundle

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dunban/lambda/form"
)

// MissingName is the list of units that have not reported.
const MissingName = "未报送.csv"

// missingHeader is the header of 未报送.csv.
var missingHeader = []string{"所属地区", "单位", "类别", "表单", "报送期", "截止时间"}

// missing is one unit that has not sent a form (for the report form, a kind
// of report) for a period whose deadline has passed.
type missing struct {
	Unit   form.Unit
	Form   *form.Form
	Kind   string // for the report form: 阶段性总结报告 or 调研报告
	Period form.Period
}

// Record is the row of m in 未报送.csv.
func (m missing) Record() []string {
	title := m.Form.Title
	if m.Kind != "" {
		title = m.Kind
	}
	return []string{m.Unit.Region(), m.Unit.Name, m.Unit.Kind, title, m.Period.Label, m.Period.Due.In(Shanghai).Format("2006-01-02 15:04")}
}

// kindsOwed are what a unit owes of form f per period: each report kind
// for the report form (每半年提交阶段性总结报告及调研报告), else the form once.
func kindsOwed(f *form.Form) []string {
	if f == form.Report {
		return form.ReportKinds
	}
	return []string{""}
}

// sentKey names what a unit sent for a period (and kind).
func sentKey(unit, period, kind string) string { return unit + "\x00" + period + "\x00" + kind }

// sent returns the keys of what was sent of form f: for the report form
// the kind of each report is read from its rows.
func sent(res *result, i int) (map[string]bool, error) {
	out := map[string]bool{}
	f := form.All()[i]
	if f != form.Report {
		for _, e := range res.entries[i] {
			out[sentKey(res.str(e.unit), res.str(e.period), "")] = true
		}
		return out, nil
	}
	var live []entry
	for _, e := range res.entries[i] {
		if !e.replaced {
			live = append(live, e)
		}
	}
	err := eachRow(res.spill, live, func(e *entry, cols columns, row []string) error {
		out[sentKey(res.str(e.unit), res.str(e.period), strings.TrimSpace(cols.field(f, row, fieldKind)))] = true
		return nil
	})
	return out, err
}

// missing lists, for the bundle's scope and period, the units owing each
// form with deadlines (form.Form.Owes) that have nothing for a period whose
// deadline is before the bundle time: the 工作安排表, every month's report,
// and both kinds of report in June and December.
func (b *Builder) missing(res *result) ([]missing, error) {
	var out []missing
	units := b.Units.InScope(res.req.Scope)
	for i, f := range form.All() {
		if !b.hasDeadlines(f) {
			continue
		}
		got, err := sent(res, i)
		if err != nil {
			return nil, err
		}
		for _, rd := range b.Rounds {
			for _, p := range rd.Form(f.ID).Periods {
				span, err := spanOf(p.ID)
				if err != nil || p.Due.IsZero() || !res.asOf.After(p.Due) || !span.In(res.req.From, res.req.To) {
					continue
				}
				for _, u := range units {
					for _, k := range kindsOwed(f) {
						if f.Owes(u.Kind) && !got[sentKey(u.Name, p.ID, k)] {
							out = append(out, missing{Unit: u, Form: f, Kind: k, Period: p})
						}
					}
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b missing) int {
		return cmp.Or(cmp.Compare(formIndex(a.Form), formIndex(b.Form)), a.Period.Due.Compare(b.Period.Due),
			cmp.Compare(regionRank(a.Unit.Region()), regionRank(b.Unit.Region())))
	})
	return out, nil
}

// owedForms are the forms with deadlines, which units owe (form.Form.Owes).
func (b *Builder) owedForms() []*form.Form {
	var out []*form.Form
	for _, f := range form.All() {
		if b.hasDeadlines(f) {
			out = append(out, f)
		}
	}
	return out
}

// hasDeadlines reports whether any round gives form f a deadline.
func (b *Builder) hasDeadlines(f *form.Form) bool {
	for _, rd := range b.Rounds {
		for _, p := range rd.Form(f.ID).Periods {
			if !p.Due.IsZero() {
				return true
			}
		}
	}
	return false
}

func (b *Builder) writeMissing(a *archive, res *result) error {
	list, err := b.missing(res)
	if err != nil {
		return fmt.Errorf("%s: %w", MissingName, err)
	}
	out, err := a.CSV(MissingName, res.req.Encoding, missingHeader)
	if err != nil {
		return err
	}
	for _, m := range list {
		if err := out.Write(m.Record()); err != nil {
			return fmt.Errorf("%s: %w", MissingName, err)
		}
	}
	return out.Close()
}
