package bundle

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/form"
)

// SummaryName is the progress summary in every bundle.
const SummaryName = "进度汇总.csv"

// The monthly form's fields the summary adds up.
const (
	fieldName       = "name"
	fieldStudents   = "students"
	fieldCadres     = "cadres"
	fieldBranches   = "branches"
	fieldCoverage   = "coverage"
	fieldLectures   = "lectures"
	fieldLeagueDays = "league_days"
	fieldResearch   = "research"
	fieldCases      = "cases"
)

type cadreKey struct{ unit, name string }

// figures reads one monthly row. Cells that are not numbers count as 0.
func figures(cols columns, row []string) Figures {
	f := form.Monthly
	n := func(name string) int {
		v, _ := strconv.Atoi(strings.TrimSpace(cols.field(f, row, name)))
		return max(v, 0)
	}
	cov, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(cols.field(f, row, fieldCoverage), "%")), 64)
	return Figures{Students: n(fieldStudents), StudentCadres: n(fieldCadres), Branches: n(fieldBranches), Coverage: cov,
		Lectures: n(fieldLectures), TeamDays: n(fieldLeagueDays), Reports: n(fieldResearch), Cases: n(fieldCases)}
}

// progress adds up the monthly reports of the year of the bundle's last
// month, January to that month, per cadre (unit and name). Cadres of the
// year's 工作安排表 without any monthly figures are listed with nothing done.
func (b *Builder) progress(res *result) ([]*Progress, error) {
	asOf := res.req.To
	jan := Month{asOf.Year, time.January}
	byCadre := map[cadreKey]*Progress{}
	get := func(e *entry, name string) *Progress {
		k := cadreKey{res.str(e.unit), name}
		p, ok := byCadre[k]
		if !ok {
			p = &Progress{Region: res.str(e.region), Unit: k.unit, Name: name}
			byCadre[k] = p
		}
		return p
	}
	monthly := currentIn(res.entries[formIndex(form.Monthly)], jan, asOf)
	arrangement := currentIn(res.entries[formIndex(form.Arrangement)], jan, asOf)
	err := eachRow(res.spill, monthly, func(e *entry, cols columns, row []string) error {
		name := strings.TrimSpace(cols.field(form.Monthly, row, fieldName))
		if name != "" {
			get(e, name).Add(e.span().Month, figures(cols, row))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(res.spill, arrangement, func(e *entry, cols columns, row []string) error {
		if name := strings.TrimSpace(cols.field(form.Arrangement, row, fieldName)); name != "" {
			get(e, name)
		}
		return nil
	})
	out := make([]*Progress, 0, len(byCadre))
	for _, p := range byCadre {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *Progress) int {
		return cmp.Or(cmp.Compare(regionRank(a.Region), regionRank(b.Region)), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Name, b.Name))
	})
	return out, err
}

// currentIn returns the entries not replaced whose span meets first–last.
func currentIn(entries []entry, first, last Month) []entry {
	var out []entry
	for _, e := range entries {
		if !e.replaced && e.span().In(first, last) {
			out = append(out, e)
		}
	}
	return out
}

// SummaryHeader is the header of 进度汇总.csv.
func SummaryHeader() []string {
	h := []string{"所属地区", "单位", "姓名", "统计截至", "已报月数", "最近报告月份"}
	for _, c := range (&Progress{}).Checks(Month{2021, time.December}) {
		h = append(h, c.Name, c.Name+" 是否达标")
	}
	return append(h, "达标项数", "建议等次")
}

// SummaryRow is one cadre's line of 进度汇总.csv as of month asOf.
func SummaryRow(p *Progress, asOf Month) []string {
	rec := []string{p.Region, p.Unit, p.Name, MonthLabel(asOf), strconv.Itoa(p.MonthsReported), MonthLabel(p.Latest)}
	checks := p.Checks(asOf)
	met := 0
	for _, c := range checks {
		rec = append(rec, c.Value, MetMark(c.Met))
		if c.Met {
			met++
		}
	}
	return append(rec, CountText(met, len(checks)), Grade(checks))
}

func (b *Builder) writeSummary(a *Archive, res *result) error {
	ps, err := b.progress(res)
	if err != nil {
		return fmt.Errorf("%s: %w", SummaryName, err)
	}
	out, err := a.CSV(SummaryName, res.req.Encoding, SummaryHeader())
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := out.Write(SummaryRow(p, res.req.To)); err != nil {
			return fmt.Errorf("%s: %w", SummaryName, err)
		}
	}
	return out.Close()
}

func formIndex(f *form.Form) int {
	for i, g := range form.All() {
		if g == f {
			return i
		}
	}
	return -1
}
