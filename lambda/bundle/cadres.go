package bundle

import (
	"strconv"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/grade"
)

// The fields the summary reads: the monthly report's rows, the 工作安排表's
// rows and the authors of the reports and cases.
const (
	fieldName          = "name"
	fieldLevel         = "level"
	fieldStudents      = "students"
	fieldCadres        = "cadres"
	fieldBranches      = "branches"
	fieldCoverage      = "coverage"
	fieldCadreCoverage = "cadre_coverage"
	fieldDays          = "days"
	fieldLectures      = "lectures"
	fieldLeagueDays    = "league_days"
	fieldResearch      = "research"
	fieldCases         = "cases"
	fieldAuthor        = "author"
	fieldKind          = "kind"
)

// researchKind is the report kind that counts as a cadre's 调研报告.
const researchKind = "调研报告"

type cadreKey struct{ unit, name string }

// cadre is one cadre's year as the bundle has read it.
type cadre struct {
	Region, Unit, Name string
	Arranged           bool // named in the unit's 工作安排表 of the year
	Latest             Month
	Reported           int // monthly reports with a row for the cadre
	grade.Cadre
}

// monthFigures reads one monthly row. Cells that are not numbers count as 0;
// columns an older version of the form did not have are empty, so 0.
func monthFigures(cols columns, row []string, m time.Month) grade.Month {
	f := form.Monthly
	n := func(name string) int {
		v, _ := strconv.Atoi(strings.TrimSpace(cols.field(f, row, name)))
		return max(v, 0)
	}
	pct := func(name string) float64 {
		v, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(cols.field(f, row, name), "%")), 64)
		return v
	}
	return grade.Month{Month: m, Students: n(fieldStudents), StudentCadres: n(fieldCadres), Branches: n(fieldBranches),
		Coverage: pct(fieldCoverage), CadreCoverage: pct(fieldCadreCoverage), Lectures: n(fieldLectures),
		TeamDays: n(fieldLeagueDays), Reports: n(fieldResearch), Cases: n(fieldCases), DaysAtSchool: n(fieldDays)}
}

// arranged reads a cadre's level and schools from a 工作安排表 row: the
// distinct school names of every type (a type filled in without names, as
// in the first version of the form, counts as one school), and the
// 院系团总支 named.
func arranged(c *cadre, cols columns, row []string) {
	f := form.Arrangement
	c.Arranged = true
	c.Level = strings.TrimSpace(cols.field(f, row, fieldLevel))
	names := map[string]bool{}
	unnamed := 0
	for _, t := range form.SchoolTypes {
		class, _, _, _ := form.SchoolFields(t)
		list := form.Authors(cols.field(f, row, form.SchoolNameField(t)))
		for _, n := range list {
			names[n] = true
		}
		if len(list) == 0 && strings.TrimSpace(cols.field(f, row, class)) != "" {
			unnamed++
		}
	}
	c.Schools = len(names) + unnamed
	c.Colleges = len(form.Authors(cols.field(f, row, form.FieldColleges)))
}

// reportingUnit is the unit whose 工作安排表 and monthly report list a
// cadre of unit u: a 旗县's cadres are in its 盟市's (when the bundle's
// scope covers the 盟市); others are their own.
func (b *Builder) reportingUnit(scope, u string) string {
	if unit, ok := b.Units.Lookup(u); ok && unit.Kind == form.KindCounty && b.inScope(scope, unit.Parent) {
		return unit.Parent
	}
	return u
}
