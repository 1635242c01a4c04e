package bundle

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/grade"
)

// State is where one unit stands with one period of a form it owes.
type State string

// The states of a board cell.
const (
	StateOnTime  State = "ontime"  // 已按时报送
	StateLate    State = "late"    // 逾期报送
	StateMissing State = "missing" // 截止时间已过，未报送
	StatePending State = "pending" // 未到截止时间，尚未报送
)

// Label is the state in words.
func (s State) Label() string {
	return map[State]string{StateOnTime: "已报送", StateLate: "逾期报送", StateMissing: "未报送", StatePending: "未到期"}[s]
}

// BoardColumn is one period of a form every unit owes, with its counts.
type BoardColumn struct {
	Form   *form.Form
	Period form.Period
	Passed bool          // the deadline has passed
	Count  map[State]int // units per state
}

// Label names the column in full: 2021年3月月报, 2021年度工作安排表.
func (c BoardColumn) Label() string {
	switch c.Form {
	case form.Monthly:
		return c.Period.Label + "月报"
	case form.Report:
		return c.Period.Label + "报告"
	}
	return c.Period.Label + "工作安排表"
}

// Contact is who filled in a unit's latest 工作安排表 or monthly report.
type Contact struct {
	Name, Phone string
	From        string // the period and form it was read from, e.g. 2021年3月月报
}

// BoardRow is one unit that owes the board's forms, with a cell per column.
type BoardRow struct {
	Unit    form.Unit
	Contact Contact
	Cells   []State
}

// RegionBar is how complete one region's reporting is: the cells of its
// units whose deadline has passed, by state.
type RegionBar struct {
	Region string
	Units  int
	Count  map[State]int
}

// Due is the number of cells whose deadline has passed.
func (r RegionBar) Due() int {
	return r.Count[StateOnTime] + r.Count[StateLate] + r.Count[StateMissing]
}

// GradeCount is how many cadres have a suggested grade.
type GradeCount struct {
	Grade  string
	Cadres int
}

// Board is what an admin's board shows for a scope and year: every form's
// periods and counts, the unit × period grid of the forms every unit owes,
// reporting completeness per region and the grades of the cadres.
type Board struct {
	Scope   string
	Year    int
	AsOf    time.Time // when it was counted
	Through Month     // the last month the grades count
	Periods []PeriodCount
	Columns []BoardColumn
	Rows    []BoardRow
	Regions []RegionBar
	Grades  []GradeCount
}

// Board reads the submissions in scope for year and lays them out.
func (b *Builder) Board(ctx context.Context, scope string, year int) (*Board, error) {
	if !b.ValidScope(scope) {
		return nil, fmt.Errorf("unknown scope %q", scope)
	}
	spill, err := os.CreateTemp(b.TempDir, "dunban-board-*")
	if err != nil {
		return nil, fmt.Errorf("spill file: %w", err)
	}
	defer os.Remove(spill.Name())
	defer spill.Close()
	now := b.now()
	sc, err := b.scan(ctx, scope, yearWants(year), spill)
	if err != nil {
		return nil, err
	}
	through := min(Month{year, time.December}.index(), monthOf(now).index())
	bd := &Board{Scope: scope, Year: year, AsOf: now, Through: Month{through / 12, time.Month(through%12 + 1)}}
	units := b.Units.InScope(scope)
	for i, f := range form.All() {
		settle(sc.entries[i])
		bd.Periods = append(bd.Periods, b.formCounts(f, sc.entries[i], sc.strs, units, year, now)...)
	}
	res := &result{req: Request{Scope: scope, From: Month{year, time.January}, To: bd.Through}, asOf: now, spill: spill,
		entries: sc.entries, strs: sc.strs, extra: sc.extra}
	b.grid(bd, res, units, func(p form.Period) bool { return p.Year == year })
	if err := contacts(bd, res); err != nil {
		return nil, err
	}
	bd.Regions = regionBars(bd)
	if bd.Grades, err = b.grades(res); err != nil {
		return nil, err
	}
	return bd, nil
}

// yearWants lists every form's partitions of the periods of year.
func yearWants(year int) []*want {
	first, last := Month{year, time.January}, Month{year, time.December}
	var wants []*want
	for i, f := range form.All() {
		wants = append(wants, &want{form: f, index: i, parts: partitions(f.ID, first, last),
			keep: func(s span) bool { return s.Month.Year == year }})
	}
	return wants
}

// grid fills the board's columns (the periods wanted of every form units
// owe) and rows (the units in scope that owe them).
func (b *Builder) grid(bd *Board, res *result, units []form.Unit, wanted func(form.Period) bool) {
	type sent struct{ unit, period string }
	first := map[*form.Form]map[sent]time.Time{} // the first receipt counts for lateness
	owed := b.owedForms()
	for _, f := range owed {
		first[f] = map[sent]time.Time{}
		for _, e := range res.entries[formIndex(f)] {
			k := sent{res.str(e.unit), res.str(e.period)}
			t := time.UnixMilli(e.received)
			if old, ok := first[f][k]; !ok || t.Before(old) {
				first[f][k] = t
			}
		}
		for _, rd := range b.Rounds {
			for _, p := range rd.Form(f.ID).Periods {
				if !wanted(p) {
					continue
				}
				bd.Columns = append(bd.Columns, BoardColumn{Form: f, Period: p, Passed: !p.Due.IsZero() && res.asOf.After(p.Due),
					Count: map[State]int{}})
			}
		}
	}
	for _, u := range units {
		if !slices.ContainsFunc(owed, func(f *form.Form) bool { return f.Owes(u.Kind) }) {
			continue
		}
		row := BoardRow{Unit: u, Cells: make([]State, len(bd.Columns))}
		for i, c := range bd.Columns {
			if !c.Form.Owes(u.Kind) {
				continue
			}
			at, ok := first[c.Form][sent{u.Name, c.Period.ID}]
			row.Cells[i] = cellState(ok, at, c)
			c.Count[row.Cells[i]]++
		}
		bd.Rows = append(bd.Rows, row)
	}
	slices.SortStableFunc(bd.Rows, func(a, b BoardRow) int {
		return regionRank(a.Unit.Region()) - regionRank(b.Unit.Region())
	})
}

func cellState(sent bool, at time.Time, c BoardColumn) State {
	switch {
	case sent && (c.Period.Due.IsZero() || !at.After(c.Period.Due)):
		return StateOnTime
	case sent:
		return StateLate
	case c.Passed:
		return StateMissing
	}
	return StatePending
}

// contacts finds, for every row, who filled in the unit's latest
// 工作安排表 or monthly report of the year.
func contacts(bd *Board, res *result) error {
	latest := map[string]entry{}
	for _, f := range []*form.Form{form.Arrangement, form.Monthly} {
		for _, e := range res.entries[formIndex(f)] {
			if old, ok := latest[res.str(e.unit)]; !e.replaced && (!ok || e.received > old.received) {
				latest[res.str(e.unit)] = e
			}
		}
	}
	for i := range bd.Rows {
		e, ok := latest[bd.Rows[i].Unit.Name]
		if !ok {
			continue
		}
		f := form.All()[e.form]
		c := &bd.Rows[i].Contact
		err := eachRow(res.spill, []entry{e}, func(e *entry, cols columns, row []string) error {
			if c.Name == "" {
				c.Name = strings.TrimSpace(cols.field(f, row, "contact_name"))
				c.Phone = strings.TrimSpace(cols.field(f, row, "contact_phone"))
				c.From = BoardColumn{Form: f, Period: form.Period{Label: periodLabel(res.str(e.period))}}.Label()
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("contacts: %w", err)
		}
	}
	return nil
}

// regionBars adds up the rows' cells per region, in the notice's order.
func regionBars(bd *Board) []RegionBar {
	var out []RegionBar
	for _, r := range bd.Rows {
		region := r.Unit.Region()
		if len(out) == 0 || out[len(out)-1].Region != region {
			out = append(out, RegionBar{Region: region, Count: map[State]int{}})
		}
		bar := &out[len(out)-1]
		bar.Units++
		for _, s := range r.Cells {
			if s != "" {
				bar.Count[s]++
			}
		}
	}
	return out
}

// grades are the suggested grades, best first, then 暂不评定 (nothing due yet).
var grades = []string{grade.Excellent, grade.Good, grade.Pass, grade.Fair, grade.NotYet}

// grades counts the cadres of the scope per suggested grade, as of the
// board's last month.
func (b *Builder) grades(res *result) ([]GradeCount, error) {
	cs, err := b.cadres(res)
	if err != nil {
		return nil, fmt.Errorf("grades: %w", err)
	}
	n := map[string]int{}
	for _, c := range cs {
		n[grade.Assess(c.Cadre, res.req.To.Month).Grade]++
	}
	out := make([]GradeCount, 0, len(grades))
	for _, g := range grades {
		out = append(out, GradeCount{Grade: g, Cadres: n[g]})
	}
	return out, nil
}

// gridName is the unit × period grid in every bundle.
const gridName = "报送一览.csv"

// writeGrid writes the grid of the bundle's months: one line per unit that
// owes the 工作安排表 and the monthly report, one column per period.
func (b *Builder) writeGrid(a *archive, res *result) error {
	bd := &Board{}
	b.grid(bd, res, b.Units.InScope(res.req.Scope), func(p form.Period) bool {
		span, err := spanOf(p.ID)
		return err == nil && span.In(res.req.From, res.req.To)
	})
	header := []string{"所属地区", "单位", "类别"}
	for _, c := range bd.Columns {
		header = append(header, c.Label())
	}
	out, err := a.CSV(gridName, res.req.Encoding, header)
	if err != nil {
		return err
	}
	for _, r := range bd.Rows {
		rec := []string{r.Unit.Region(), r.Unit.Name, r.Unit.Kind}
		for _, s := range r.Cells {
			rec = append(rec, s.Label())
		}
		if err := out.Write(rec); err != nil {
			return fmt.Errorf("%s: %w", gridName, err)
		}
	}
	return out.Close()
}
