package bundle

import (
	"fmt"
	"hash/fnv"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// span is the reporting time a submission covers: one month, or a whole
// year for forms sent once a year (the 工作安排表, a 个人任务清单, a case).
type span struct {
	Month Month // the month reported on (June or December for a half-year)
	Whole bool  // the whole of Month.Year
}

// In reports whether the span meets the months from first to last.
func (s span) In(first, last Month) bool {
	if s.Whole {
		return first.Year <= s.Month.Year && s.Month.Year <= last.Year
	}
	return !s.Month.Before(first) && !last.Before(s.Month)
}

// spanOf reads a period id with form.ParsePeriod: 2021-03 is March,
// 2021-H1 is June (the first half-year is reported in June), 2021-H2
// December, 2021 the whole year.
func spanOf(period string) (span, error) {
	p, err := form.ParsePeriod(period)
	switch {
	case err != nil:
		return span{}, err
	case p.Whole():
		return span{Month: Month{p.Year, time.January}, Whole: true}, nil
	}
	return span{Month: Month{p.Year, time.Month(p.To)}}, nil
}

// meta is what every row of a submission says about the submission itself.
type meta struct {
	ID       string
	Received time.Time
	Unit     string
	Region   string
	Period   string
	Span     span // the period's months

	id record.ID
}

// replaceFields are, per form, the fields besides unit and period that tell
// one submission from another of the same unit and period: a later
// submission with the same values replaces the earlier. A unit sends one
// 工作安排表 and one monthly report per period, but one task list per cadre,
// one report per kind and title, one case per author and title.
var replaceFields = map[string][]string{
	"arrangement": nil,
	"monthly":     nil,
	"tasklist":    {"name"},
	"report":      {"kind", "title"},
	"case":        {"author", "title"},
}

// replaceKey is the identity of a submission for replacement: form, unit,
// period and the form's replaceFields, hashed.
func replaceKey(formID string, m meta, get func(field string) string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", formID, m.Unit, m.Period)
	for _, f := range replaceFields[formID] {
		fmt.Fprintf(h, "\x00%s", get(f))
	}
	return h.Sum64()
}

// regionRank orders regions as the notice does: the 自治区 itself, the 12 盟市
// in their official order, then 高校; anything else after.
func regionRank(region string) int {
	if region == form.RegionAutonomous {
		return 0
	}
	for i, r := range form.Regions {
		if r == region {
			return i + 1
		}
	}
	return len(form.Regions) + 1
}
