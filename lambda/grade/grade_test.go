package grade

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// fullYear is a 盟市 cadre who meets every target by December.
func fullYear() Cadre {
	c := Cadre{Level: "盟市", Schools: 2, Reports: 1, Cases: 1}
	for m := time.March; m <= time.December; m++ {
		if m == time.July || m == time.August {
			continue
		}
		days := 1
		if m == time.March || m == time.September {
			days = 5
		}
		c.Months = append(c.Months, Month{Month: m, Students: 5, StudentCadres: 4, Branches: 3,
			Coverage: 85, CadreCoverage: 100, Lectures: 1, DaysAtSchool: days})
	}
	return c
}

func status(r Result, name string) (Status, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c.Status, true
		}
	}
	return 0, false
}

func TestAssessEachTarget(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Cadre)
		target string
		want   Status
	}{
		{"all met", func(*Cadre) {}, "访谈普通学生≥40", Met},
		{"students short", func(c *Cadre) { c.Months[0].Students = 0 }, "访谈普通学生≥40", Unmet},
		{"student cadres short", func(c *Cadre) { c.Months[0].StudentCadres = 0; c.Months[1].StudentCadres = 0 }, "访谈团学干部≥30", Unmet},
		{"cadre coverage 99%", func(c *Cadre) { c.Months[len(c.Months)-1].CadreCoverage = 99 }, "团学干部覆盖100%", Unmet},
		{"coverage 79.9%", func(c *Cadre) { c.Months[len(c.Months)-1].Coverage = 79.9 }, "重点联系班级学生覆盖≥80%", Unmet},
		{"coverage exactly 80%", func(c *Cadre) { c.Months[len(c.Months)-1].Coverage = 80 }, "重点联系班级学生覆盖≥80%", Met},
		{"one branch", func(c *Cadre) { c.Months[len(c.Months)-1].Branches = 1 }, "联系班级团支部2–4个", Unmet},
		{"five branches", func(c *Cadre) { c.Months[len(c.Months)-1].Branches = 5 }, "联系班级团支部2–4个", Unmet},
		{"one school", func(c *Cadre) { c.Schools = 1 }, "入驻学校2–3所", Unmet},
		{"four schools", func(c *Cadre) { c.Schools = 4 }, "入驻学校2–3所", Unmet},
		{"three schools", func(c *Cadre) { c.Schools = 3 }, "入驻学校2–3所", Met},
		{"one lecture", func(c *Cadre) {
			for i := range c.Months {
				c.Months[i].Lectures = 0
			}
			c.Months[0].Lectures = 1
		}, "宣讲/主题团课≥2次", Unmet},
		{"no report submitted though self-reported", func(c *Cadre) { c.Reports = 0; c.Months[0].Reports = 1 }, "调研报告≥1篇", Unmet},
		{"no case submitted", func(c *Cadre) { c.Cases = 0 }, "优秀工作案例≥1个", Unmet},
		{"a month without a visit", func(c *Cadre) { c.Months[2].DaysAtSchool = 0 }, "常态化（每月驻校）", Unmet},
		{"four days in September", func(c *Cadre) { setDays(c, time.September, 4) }, "集中式（3月、9月各5天）", Unmet},
		{"four days in March", func(c *Cadre) { setDays(c, time.March, 4) }, "集中式（3月、9月各5天）", Unmet},
		{"no 主题团日 is only a reference", func(*Cadre) {}, "主题团日（可帮助组织，每学期1次）", Reference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fullYear()
			tt.change(&c)
			r := Assess(c, time.December)
			got, ok := status(r, tt.target)
			if !ok {
				t.Fatalf("no check %q in %+v", tt.target, r.Checks)
			}
			if got != tt.want {
				t.Errorf("%s = %v, want %v (%+v)", tt.target, got, tt.want, r.Checks)
			}
		})
	}
}

func setDays(c *Cadre, m time.Month, days int) {
	for i := range c.Months {
		if c.Months[i].Month == m {
			c.Months[i].DaysAtSchool = days
		}
	}
}

func TestAssessGrades(t *testing.T) {
	r := Assess(fullYear(), time.December)
	if r.Grade != Excellent || r.Met != r.Graded || r.Graded != 11 {
		t.Errorf("full year: %s %d/%d, want 优 11/11", r.Grade, r.Met, r.Graded)
	}
	c := fullYear()
	c.Schools, c.Cases = 0, 0 // 9 of 11
	if r := Assess(c, time.December); r.Grade != Good {
		t.Errorf("9/11: %s, want 良", r.Grade)
	}
	c.Reports = 0 // 8 of 11 = 72%
	if r := Assess(c, time.December); r.Grade != Pass {
		t.Errorf("8/11: %s, want 合格", r.Grade)
	}
	if r := Assess(Cadre{Level: "旗县"}, time.December); r.Grade != Fair || r.Met != 0 {
		t.Errorf("empty year: %s %d, want 一般 0", r.Grade, r.Met)
	}
	if r := Assess(Cadre{Level: "旗县"}, time.February); r.Grade != NotYet || r.Graded != 0 {
		t.Errorf("February, nothing due: %s %d, want 暂不评定", r.Grade, r.Graded)
	}
}

func TestAssessMidYear(t *testing.T) {
	c := fullYear()
	var firstHalf []Month
	for _, m := range c.Months {
		if m.Month <= time.June {
			firstHalf = append(firstHalf, m)
		}
	}
	c.Months, c.Reports, c.Cases = firstHalf, 0, 0
	r := Assess(c, time.June)
	want := map[string]Status{
		"访谈普通学生≥40":         Pending, // 20 of 40, due in December
		"访谈团学干部≥30":         Pending,
		"团学干部覆盖100%":        Met, // reached early counts
		"宣讲/主题团课≥2次":        Met,
		"调研报告≥1篇":           Pending,
		"优秀工作案例≥1个":         Pending,
		"常态化（每月驻校）":         Met,
		"集中式（3月、9月各5天）":     Pending, // March done, September to come
		"联系班级团支部2–4个":       Met,
		"入驻学校2–3所":          Met,
		"重点联系班级学生覆盖≥80%":    Met,
		"主题团日（可帮助组织，每学期1次）": Reference,
	}
	for name, st := range want {
		if got, _ := status(r, name); got != st {
			t.Errorf("June %s = %v, want %v", name, got, st)
		}
	}
	if r.Grade != Excellent {
		t.Errorf("June grade %s (%d/%d), want 优 on the targets due", r.Grade, r.Met, r.Graded)
	}
	// The same figures judged in December miss the year's counts.
	if r := Assess(c, time.December); r.Grade == Excellent {
		t.Errorf("December with half a year: %s, want below 优", r.Grade)
	}
}

func TestAssessLevels(t *testing.T) {
	tests := []struct {
		level              string
		colleges, branches int
		target             string
		want               Status
		schoolTarget       bool
	}{
		{"高校", 2, 3, "联系院系团总支≥2、班级团支部3–4个", Met, false},
		{"高校", 2, 2, "联系院系团总支≥2、班级团支部3–4个", Unmet, false},
		{"高校", 1, 4, "联系院系团总支≥2、班级团支部3–4个", Unmet, false},
		{"高校", 2, 5, "联系院系团总支≥2、班级团支部3–4个", Unmet, false},
		{"院系", 0, 3, "联系班级团支部3–4个", Met, false},
		{"院系", 0, 2, "联系班级团支部3–4个", Unmet, false},
		{"中学", 0, 2, "联系班级团支部2–4个", Met, false},
		{"中职", 0, 4, "联系班级团支部2–4个", Met, false},
		{"自治区", 0, 2, "联系班级团支部2–4个", Met, true},
		{"旗县", 0, 2, "联系班级团支部2–4个", Met, true},
	}
	for _, tt := range tests {
		c := fullYear()
		c.Level, c.Colleges = tt.level, tt.colleges
		c.Months[len(c.Months)-1].Branches = tt.branches
		r := Assess(c, time.December)
		if got, ok := status(r, tt.target); !ok || got != tt.want {
			t.Errorf("%s colleges=%d branches=%d: %s = %v (present %v), want %v", tt.level, tt.colleges, tt.branches, tt.target, got, ok, tt.want)
		}
		if _, has := status(r, "入驻学校2–3所"); has != tt.schoolTarget {
			t.Errorf("%s: school target present = %v, want %v", tt.level, has, tt.schoolTarget)
		}
		if r.Grade == "" {
			t.Errorf("%s: no grade", tt.level)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		met, graded int
		want        string
	}{
		{0, 0, NotYet}, {10, 10, Excellent}, {8, 10, Good}, {7, 10, Pass}, {6, 10, Pass}, {5, 10, Fair}, {0, 3, Fair},
	}
	for _, tt := range tests {
		if got := Suggest(tt.met, tt.graded); got != tt.want {
			t.Errorf("Suggest(%d, %d) = %s, want %s", tt.met, tt.graded, got, tt.want)
		}
	}
}

// TestTargetsColumns checks that every level's checks go in distinct
// columns of Targets, in Targets order, so 进度汇总.csv lines up.
func TestTargetsColumns(t *testing.T) {
	for _, level := range []string{"自治区", "盟市", "旗县", "高校", "院系", "中学", "中职", ""} {
		c := fullYear()
		c.Level = level
		r := Assess(c, time.June)
		next := 0
		for _, ch := range r.Checks {
			i := slices.Index(Targets, ch.Target)
			if i < next {
				t.Errorf("%s: check %q (target %q) out of order or not in Targets", level, ch.Name, ch.Target)
			}
			next = i + 1
		}
		_, hasSchools := r.Find(TargetSchools)
		if want := len(Targets) - 1; !hasSchools && len(r.Checks) != want {
			t.Errorf("%s: %d checks, want %d", level, len(r.Checks), want)
		}
	}
}

// TestREADMEQuotesRule keeps lambda/README.md's statement of the rule the
// package's own words.
func TestREADMEQuotesRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"目标：" + TargetsText, "建议等次：" + Rule} {
		if !strings.Contains(string(b), s) {
			t.Errorf("lambda/README.md does not quote %q", s)
		}
	}
}
