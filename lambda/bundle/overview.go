package bundle

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"dunban/lambda/form"
)

// PeriodCount is what an admin's overview shows for one form and period:
// how many submissions count (replaced ones do not) and, for the forms
// every unit owes, how many units owe it and how many are missing.
type PeriodCount struct {
	Form   string `json:"form"`
	Title  string `json:"title"`
	Period string `json:"period"`
	Label  string `json:"label"`
	From   Month  `json:"from"` // the months a bundle of this period covers
	To     Month  `json:"to"`
	Due    string `json:"due,omitempty"` // YYYY-MM-DD HH:MM in +08:00
	Count  int    `json:"count"`
	// Corrections is how many earlier versions the current ones replaced:
	// a unit that sent the same form and period three times counts 2.
	Corrections int  `json:"corrections,omitempty"`
	Expected    int  `json:"expected,omitempty"`
	Missing     int  `json:"missing,omitempty"` // only once the deadline has passed
	Passed      bool `json:"passed"`            // the deadline has passed
}

// Overview counts the submissions in scope for every form and period of
// year: the round's periods in order, then any other period found.
func (b *Builder) Overview(ctx context.Context, scope string, year int) ([]PeriodCount, error) {
	if !b.ValidScope(scope) {
		return nil, fmt.Errorf("unknown scope %q", scope)
	}
	now := b.now()
	wants := yearWants(year)
	sc, err := b.scan(ctx, scope, wants, io.Discard)
	if err != nil {
		return nil, err
	}
	units := b.Units.InScope(scope)
	var out []PeriodCount
	for i, f := range form.All() {
		settle(sc.entries[i])
		out = append(out, b.formCounts(f, sc.entries[i], sc.strs, units, year, now)...)
	}
	return out, nil
}

// formCounts counts one form's current submissions per period.
func (b *Builder) formCounts(f *form.Form, entries []entry, strs []string, units []form.Unit, year int, now time.Time) []PeriodCount {
	count, sent := tally(entries, strs)
	corrected := corrections(entries, strs)
	owing := b.owedBy(f, units)
	var out []PeriodCount
	known := map[string]bool{}
	for _, rd := range b.Rounds {
		if rd.Year != year {
			continue
		}
		for _, p := range rd.Form(f.ID).Periods {
			known[p.ID] = true
			pc := periodCount(f, p.ID, p.Label, count[p.ID])
			pc.Corrections = corrected[p.ID]
			if !p.Due.IsZero() {
				pc.Due = p.Due.In(Shanghai).Format("2006-01-02 15:04")
				pc.Passed = now.After(p.Due)
			}
			if owing > 0 {
				pc.Expected = owing
				if pc.Passed {
					pc.Missing = max(owing-len(sent[p.ID]), 0)
				}
			}
			out = append(out, pc)
		}
	}
	var extra []PeriodCount
	for id, n := range count {
		if !known[id] {
			pc := periodCount(f, id, id, n)
			pc.Corrections = corrected[id]
			extra = append(extra, pc)
		}
	}
	slices.SortFunc(extra, func(a, b PeriodCount) int { return cmp.Compare(a.Period, b.Period) })
	return append(out, extra...)
}

// tally counts current submissions per period and the units that sent them.
func tally(entries []entry, strs []string) (map[string]int, map[string]map[string]bool) {
	count := map[string]int{}
	sent := map[string]map[string]bool{}
	for _, e := range entries {
		if e.replaced {
			continue
		}
		period := strs[e.period]
		count[period]++
		if sent[period] == nil {
			sent[period] = map[string]bool{}
		}
		sent[period][strs[e.unit]] = true
	}
	return count, sent
}

// corrections counts the replaced submissions per period.
func corrections(entries []entry, strs []string) map[string]int {
	out := map[string]int{}
	for _, e := range entries {
		if e.replaced {
			out[strs[e.period]]++
		}
	}
	return out
}

// owedBy counts the units that owe form f (0 for forms without deadlines).
func (b *Builder) owedBy(f *form.Form, units []form.Unit) int {
	if !b.hasDeadlines(f) {
		return 0
	}
	n := 0
	for _, u := range units {
		if f.Owes(u.Kind) {
			n++
		}
	}
	return n
}

func periodCount(f *form.Form, id, label string, n int) PeriodCount {
	s, _ := spanOf(id) // a period of a stored submission: it parsed when it was read
	from, to := s.Month, s.Month
	if s.Whole {
		from, to = Month{s.Month.Year, time.January}, Month{s.Month.Year, time.December}
	}
	return PeriodCount{Form: f.ID, Title: f.Title, Period: id, Label: label, From: from, To: to, Count: n}
}
