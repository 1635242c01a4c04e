package bundle_test

import (
	"testing"
	"time"

	"dunban/lambda/bundle"
)

// TestGrade checks hand-made progress against answers worked out from the
// notice's targets and the rule in GradeRule.
func TestGrade(t *testing.T) {
	m := func(mo int) bundle.Month { return bundle.Month{Year: 2021, Month: time.Month(mo)} }
	all := bundle.Figures{Students: 40, StudentCadres: 30, Branches: 2, Coverage: 80, Lectures: 2, TeamDays: 1, Reports: 1, Cases: 1}
	for _, tc := range []struct {
		name   string
		months map[int]bundle.Figures
		asOf   int
		met    int
		grade  string
	}{
		{"every target exactly", map[int]bundle.Figures{3: all}, 6, 8, "优"},
		{"nothing reported", nil, 6, 0, "一般"},
		{"sums over months", map[int]bundle.Figures{
			3: {Students: 20, StudentCadres: 10, Lectures: 1, Branches: 3, Coverage: 70},
			4: {Students: 20, StudentCadres: 20, Lectures: 1, TeamDays: 1, Reports: 1, Cases: 1, Branches: 3, Coverage: 85},
		}, 6, 8, "优"},
		{"latest branches and coverage, not the best", map[int]bundle.Figures{
			3: {Students: 40, StudentCadres: 30, Lectures: 2, TeamDays: 1, Reports: 1, Cases: 1, Branches: 3, Coverage: 90},
			5: {Branches: 5, Coverage: 79.9},
		}, 6, 6, "良"},
		{"one branch is too few", map[int]bundle.Figures{3: {Students: 40, StudentCadres: 30, Branches: 1, Coverage: 80, Lectures: 2, TeamDays: 1, Reports: 1, Cases: 1}}, 6, 7, "良"},
		{"39 students, 29 cadres", map[int]bundle.Figures{3: {Students: 39, StudentCadres: 29, Branches: 4, Coverage: 100, Lectures: 2, TeamDays: 1, Reports: 1, Cases: 1}}, 6, 6, "良"},
		{"autumn semester needs its own 团日", map[int]bundle.Figures{3: all}, 10, 7, "良"},
		{"both semesters", map[int]bundle.Figures{3: all, 9: {TeamDays: 1, Branches: 2, Coverage: 80}}, 10, 8, "优"},
		{"half the targets", map[int]bundle.Figures{3: {Branches: 2, Coverage: 80, Lectures: 2, TeamDays: 1}}, 6, 4, "合格"},
		{"five targets", map[int]bundle.Figures{3: {Branches: 2, Coverage: 80, Lectures: 2, TeamDays: 1, Cases: 1}}, 6, 5, "合格"},
		{"three targets", map[int]bundle.Figures{3: {Branches: 2, Coverage: 80, Lectures: 2}}, 6, 3, "一般"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &bundle.Progress{}
			for mo := 1; mo <= 12; mo++ {
				if f, ok := tc.months[mo]; ok {
					p.Add(m(mo), f)
				}
			}
			checks := p.Checks(m(tc.asOf))
			met := 0
			for _, c := range checks {
				if c.Met {
					met++
				}
			}
			if met != tc.met || bundle.Grade(checks) != tc.grade {
				t.Errorf("met %d, grade %s; want %d, %s (%+v)", met, bundle.Grade(checks), tc.met, tc.grade, checks)
			}
		})
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2021-03", "2021-3", "", "9999-12", "2021-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := bundle.ParseMonth(s)
		if err != nil {
			return
		}
		if m.String() != s {
			t.Fatalf("ParseMonth(%q) = %v, which prints differently", s, m)
		}
		if back, err := bundle.ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("round trip of %q: %v %v", s, back, err)
		}
	})
}
