package bundle

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/grade"
)

// SummaryName is the progress summary in every bundle.
const SummaryName = "进度汇总.csv"

// summaryForms are read for the summary whatever forms a bundle asks for.
var summaryForms = []*form.Form{form.Arrangement, form.Monthly, form.Report, form.Case}

// cadres reads the year of the bundle's last month, January to that month:
// the cadres of the 工作安排表, the monthly rows, and the 调研报告 and
// 优秀工作案例 submitted with a cadre as an author. A cadre is a name in a
// reporting unit (the 盟市 or 高校; a 旗县 author counts in its 盟市).
func (b *Builder) cadres(res *result) ([]*cadre, error) {
	asOf := res.req.To
	jan := Month{asOf.Year, time.January}
	byKey := map[cadreKey]*cadre{}
	get := func(e *entry, unit, name string) *cadre {
		k := cadreKey{unit, name}
		c, ok := byKey[k]
		if !ok {
			c = &cadre{Region: res.str(e.region), Unit: unit, Name: name}
			byKey[k] = c
		}
		return c
	}
	in := func(f *form.Form) []entry { return currentIn(res.entries[formIndex(f)], jan, asOf) }
	err := eachRow(res.spill, in(form.Arrangement), func(e *entry, cols columns, row []string) error {
		if name := strings.TrimSpace(cols.field(form.Arrangement, row, fieldName)); name != "" {
			arranged(get(e, res.str(e.unit), name), cols, row)
		}
		return nil
	})
	if err == nil {
		err = eachRow(res.spill, in(form.Monthly), func(e *entry, cols columns, row []string) error {
			if name := strings.TrimSpace(cols.field(form.Monthly, row, fieldName)); name != "" {
				c, m := get(e, res.str(e.unit), name), e.span().Month
				c.Months = append(c.Months, monthFigures(cols, row, m.Month))
				c.Reported++
				if !m.Before(c.Latest) {
					c.Latest = m
				}
			}
			return nil
		})
	}
	if err == nil {
		err = b.authored(res, in, get)
	}
	if err != nil {
		return nil, err
	}
	out := make([]*cadre, 0, len(byKey))
	for _, c := range byKey {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *cadre) int {
		return cmp.Or(cmp.Compare(regionRank(a.Region), regionRank(b.Region)), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

// authored counts the 调研报告 and 优秀工作案例 submitted per author: the
// reports of the half-years up to the bundle's last month, and the cases
// (sent all year round) received by its end.
func (b *Builder) authored(res *result, in func(*form.Form) []entry, get func(*entry, string, string) *cadre) error {
	end := res.req.To.add(1).start(Shanghai).UnixMilli()
	count := func(f *form.Form, add func(*cadre)) error {
		return eachRow(res.spill, in(f), func(e *entry, cols columns, row []string) error {
			if f == form.Report && strings.TrimSpace(cols.field(f, row, fieldKind)) != researchKind ||
				f == form.Case && e.received >= end {
				return nil
			}
			unit := b.reportingUnit(res.req.Scope, res.str(e.unit))
			for _, name := range form.Authors(cols.field(f, row, fieldAuthor)) {
				add(get(e, unit, name))
			}
			return nil
		})
	}
	if err := count(form.Report, func(c *cadre) { c.Reports++ }); err != nil {
		return err
	}
	return count(form.Case, func(c *cadre) { c.Cases++ })
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

// summaryHeader is the header of 进度汇总.csv: the cadre, then per target
// what was reached and its status (for 调研报告 and 优秀工作案例 the
// cadre's own count beside the submitted one), then the grade and notes.
func summaryHeader() []string {
	h := []string{"所属地区", "单位", "姓名", "层级", "统计截至", "已报月数", "最近报告月份"}
	for _, t := range grade.Targets {
		switch t {
		case grade.TargetReports, grade.TargetCases:
			h = append(h, t+" 自报", t+" 已提交", t+" 状态")
		default:
			h = append(h, t, t+" 状态")
		}
	}
	return append(h, "到期指标达标", "建议等次", "核对提示")
}

// summaryRow is one cadre's line of 进度汇总.csv as of month asOf.
func summaryRow(c *cadre, asOf Month) []string {
	rec := []string{c.Region, c.Unit, c.Name, c.Level, monthLabel(asOf), strconv.Itoa(c.Reported), monthLabel(c.Latest)}
	r := grade.Assess(c.Cadre, asOf.Month)
	self := selfReported(c.Months, asOf.Month)
	for _, t := range grade.Targets {
		ch, ok := r.Find(t)
		switch {
		case t == grade.TargetReports:
			rec = append(rec, strconv.Itoa(self[0]), strconv.Itoa(c.Reports), ch.Status.String())
		case t == grade.TargetCases:
			rec = append(rec, strconv.Itoa(self[1]), strconv.Itoa(c.Cases), ch.Status.String())
		case !ok:
			rec = append(rec, "—", "不适用")
		default:
			rec = append(rec, ch.Value, ch.Status.String())
		}
	}
	return append(rec, countText(r.Met, r.Graded), r.Grade, strings.Join(notes(c, self), "；"))
}

// selfReported adds up the 调研报告 and 案例 the monthly rows up to asOf report.
func selfReported(months []grade.Month, asOf time.Month) [2]int {
	var n [2]int
	for _, m := range months {
		if m.Month <= asOf {
			n[0] += m.Reports
			n[1] += m.Cases
		}
	}
	return n
}

// notes flag what an admin should check: a cadre missing from the
// 工作安排表 or the monthly reports, and self-reported counts that
// disagree with what was submitted.
func notes(c *cadre, self [2]int) []string {
	var out []string
	if !c.Arranged {
		out = append(out, "未列入工作安排表")
	}
	if c.Reported == 0 {
		out = append(out, "月报中无此人")
	}
	if self[0] != c.Reports {
		out = append(out, fmt.Sprintf("调研报告自报%d篇、已提交%d篇", self[0], c.Reports))
	}
	if self[1] != c.Cases {
		out = append(out, fmt.Sprintf("优秀工作案例自报%d个、已提交%d个", self[1], c.Cases))
	}
	return out
}

func (b *Builder) writeSummary(a *archive, res *result) error {
	cs, err := b.cadres(res)
	if err != nil {
		return fmt.Errorf("%s: %w", SummaryName, err)
	}
	out, err := a.CSV(SummaryName, res.req.Encoding, summaryHeader())
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := out.Write(summaryRow(c, res.req.To)); err != nil {
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
