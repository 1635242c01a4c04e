package bundle

import (
	"cmp"
	"fmt"
	"slices"

	"dunban/lambda/form"
)

// MissingName is the list of units that have not reported.
const MissingName = "未报送.csv"

// MissingHeader is the header of 未报送.csv.
var MissingHeader = []string{"所属地区", "单位", "类别", "表单", "报送期", "截止时间"}

// Missing is one unit that has not sent a form for a period whose deadline has passed.
type Missing struct {
	Unit   form.Unit
	Form   *form.Form
	Period form.Period
}

// Record is the row of m in 未报送.csv.
func (m Missing) Record() []string {
	return []string{m.Unit.Region(), m.Unit.Name, m.Unit.Kind, m.Form.Title, m.Period.Label, m.Period.Due.In(Shanghai).Format("2006-01-02 15:04")}
}

// missingForms are the forms every reporting unit owes: the 工作安排表 by its
// deadline and the monthly report for each month by the 10th.
var missingForms = []*form.Form{form.Arrangement, form.Monthly}

// missing lists, for the bundle's scope and period, the units expected to
// send each of missingForms (the registry's units of the form's kinds) that
// have no submission for a period whose deadline is before the bundle time.
func (b *Builder) missing(res *result) []Missing {
	var out []Missing
	units := b.Units.InScope(res.req.Scope)
	for _, f := range missingForms {
		sent := map[[2]string]bool{}
		for _, e := range res.entries[formIndex(f)] {
			sent[[2]string{res.str(e.unit), res.str(e.period)}] = true
		}
		for _, rd := range b.Rounds {
			for _, p := range rd.Form(f.ID).Periods {
				span, err := SpanOf(p.ID)
				if err != nil || p.Due.IsZero() || !res.asOf.After(p.Due) || !span.In(res.req.From, res.req.To) {
					continue
				}
				for _, u := range units {
					if (len(f.UnitKinds) == 0 || slices.Contains(f.UnitKinds, u.Kind)) && !sent[[2]string{u.Name, p.ID}] {
						out = append(out, Missing{Unit: u, Form: f, Period: p})
					}
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Missing) int {
		return cmp.Or(cmp.Compare(formIndex(a.Form), formIndex(b.Form)), a.Period.Due.Compare(b.Period.Due),
			cmp.Compare(regionRank(a.Unit.Region()), regionRank(b.Unit.Region())))
	})
	return out
}

func (b *Builder) writeMissing(a *Archive, res *result) error {
	out, err := a.CSV(MissingName, res.req.Encoding, MissingHeader)
	if err != nil {
		return err
	}
	for _, m := range b.missing(res) {
		if err := out.Write(m.Record()); err != nil {
			return fmt.Errorf("%s: %w", MissingName, err)
		}
	}
	return out.Close()
}
