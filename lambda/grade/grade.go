// Package grade holds the notice's targets for one cadre's year of 驻校蹲班
// (内团办发〔2021〕5号, 三 and 四) and the suggested grade (建议等次) drawn
// from them. It is the one place the rule is written: the bundle's 进度汇总,
// its 说明.txt, the admin page and lambda/README.md all show what this
// package says.
package grade

import (
	"strconv"
	"time"
)

// Status is how one target stands.
type Status int

// The states of a target.
const (
	Unmet     Status = iota // 未达标: due and not reached
	Met                     // 达标
	Pending                 // 进行中: not reached yet, due later in the year
	Reference               // 参考: shown, not graded (主题团日)
)

// String is the status as 进度汇总.csv writes it.
func (s Status) String() string {
	switch s {
	case Met:
		return "达标"
	case Pending:
		return "进行中"
	case Reference:
		return "参考"
	}
	return "未达标"
}

// Month is what a monthly report says of one cadre for one month. Counts
// are new that month; Branches, Coverage and CadreCoverage are as of the
// month's end.
type Month struct {
	Month         time.Month
	Students      int     // 访谈普通学生（人）
	StudentCadres int     // 访谈团学干部（人）
	Branches      int     // 联系班级团支部（个）
	Coverage      float64 // 重点联系班级学生覆盖率（%）
	CadreCoverage float64 // 学校团学干部覆盖率（%）
	Lectures      int     // 宣讲、主题团课、思政课（次）
	TeamDays      int     // 主题团日（次）
	Reports       int     // 调研报告（篇），自报
	Cases         int     // 优秀工作案例（个），自报
	DaysAtSchool  int     // 驻校天数
}

// Cadre is one cadre's year: who they are, what the 工作安排表 says and what
// came in.
type Cadre struct {
	Level    string  // 层级: 自治区, 盟市, 旗县, 高校, 院系, 中学 or 中职
	Schools  int     // 入驻学校 named in the 工作安排表
	Colleges int     // 院系团总支 named in the 工作安排表 (高校 cadres)
	Months   []Month // the monthly rows of the year, any order, one a month
	// Reports and Cases are the 调研报告 and 优秀工作案例 actually submitted
	// with this cadre as an author.
	Reports, Cases int
}

// Check is one target with what was reached.
type Check struct {
	Target string // the column it goes in, one of Targets
	Name   string // the target as it applies to the cadre, e.g. 访谈普通学生≥40
	Value  string // what was reached, e.g. 37
	Status Status
}

// The targets in the order Assess checks them: the columns of 进度汇总.csv.
const (
	TargetStudents      = "访谈普通学生≥40"
	TargetStudentCadres = "访谈团学干部≥30"
	TargetCadreCoverage = "团学干部覆盖100%"
	TargetCoverage      = "重点联系班级学生覆盖≥80%"
	TargetBranches      = "联系团支部"
	TargetSchools       = "入驻学校2–3所"
	TargetLectures      = "宣讲/主题团课≥2次"
	TargetReports       = "调研报告≥1篇"
	TargetCases         = "优秀工作案例≥1个"
	TargetRegular       = "常态化（每月驻校）"
	TargetIntensive     = "集中式（3月、9月各5天）"
	TargetTeamDays      = "主题团日（参考）"
)

// Targets lists every target once, in order. A cadre's Result has them
// all except TargetSchools for 高校, 院系, 中学 and 中职 cadres.
var Targets = []string{TargetStudents, TargetStudentCadres, TargetCadreCoverage, TargetCoverage, TargetBranches,
	TargetSchools, TargetLectures, TargetReports, TargetCases, TargetRegular, TargetIntensive, TargetTeamDays}

// Find returns the check of target t in r.
func (r Result) Find(t string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Target == t {
			return c, true
		}
	}
	return Check{}, false
}

// Result is a cadre's checks and the suggested grade as of a month.
type Result struct {
	Checks []Check
	Met    int    // targets reached
	Graded int    // targets counted in the grade (due, or reached early)
	Grade  string // 建议等次: 优, 良, 合格 or 一般
}

// The suggested grades, best first.
const (
	Excellent = "优"
	Good      = "良"
	Pass      = "合格"
	Fair      = "一般"
	NotYet    = "暂不评定"
)

// Assess judges c as of the end of month asOf of its year.
func Assess(c Cadre, asOf time.Month) Result {
	s := sum(c.Months, asOf)
	checks := []Check{
		annual(TargetStudents, s.Students, s.Students >= 40, asOf),
		annual(TargetStudentCadres, s.StudentCadres, s.StudentCadres >= 30, asOf),
		annualText(TargetCadreCoverage, percent(s.last.CadreCoverage), s.last.CadreCoverage >= 100, asOf),
		annualText(TargetCoverage, percent(s.last.Coverage), s.last.Coverage >= 80, asOf),
		branches(c, s.last.Branches, asOf),
	}
	if ch, ok := schools(c, asOf); ok {
		checks = append(checks, ch)
	}
	checks = append(checks,
		annual(TargetLectures, s.Lectures, s.Lectures >= 2, asOf),
		reports(TargetReports, c.Reports, s.Reports, asOf),
		reports(TargetCases, c.Cases, s.Cases, asOf),
		regular(c.Months, asOf),
		intensive(c.Months, asOf),
		Check{Target: TargetTeamDays, Name: "主题团日（可帮助组织，每学期1次）", Value: strconv.Itoa(s.TeamDays), Status: Reference},
	)
	return score(checks)
}

// score counts the checks and suggests the grade.
func score(checks []Check) Result {
	r := Result{Checks: checks}
	for _, c := range checks {
		switch c.Status {
		case Met:
			r.Met++
			r.Graded++
		case Unmet:
			r.Graded++
		}
	}
	r.Grade = Suggest(r.Met, r.Graded)
	return r
}

// Suggest is the grade for met targets out of graded: all → 优, at least
// 80% → 良, at least 60% → 合格, less → 一般; with nothing graded yet (no
// target due or reached) it is 暂不评定.
func Suggest(met, graded int) string {
	switch {
	case graded == 0:
		return NotYet
	case met == graded:
		return Excellent
	case met*10 >= graded*8:
		return Good
	case met*10 >= graded*6:
		return Pass
	}
	return Fair
}

// TargetsText lists the targets in words, for 说明.txt, the admin page and
// the README.
const TargetsText = "访谈普通学生≥40名；访谈团学干部≥30名；学校团学干部调研联系全覆盖（100%）；重点联系班级学生覆盖≥80%；" +
	"联系班级团支部2—4个（高校团委干部：至少2个院系团总支、其中3—4个班级团支部；院系团干部：本院系3—4个班级团支部）；" +
	"入驻学校2—3所（自治区、盟市、旗县团委干部）；宣讲/主题团课每年≥2次；调研报告≥1篇、优秀工作案例≥1个（按实际提交、" +
	"署名为本人的计算，月报自报数并列供核对）；常态化（每月驻校）；集中式（3月、9月各驻校5天）。" +
	"主题团日（通知：“可帮助学校团委每学期至少组织开展1次”）只作参考，不计入等次。"

// Rule states the rule in words, for 说明.txt, the admin page and the README.
const Rule = "建议等次按到期指标计算（主题团日仅作参考，不计入）：到期指标全部达标为“优”；达标80%及以上为“良”；" +
	"达标60%及以上为“合格”；其余为“一般”。全年累计类指标（访谈人数、覆盖率、宣讲团课、调研报告、优秀工作案例）在12月到期，" +
	"此前未达到的显示“进行中”，提前达到的计为达标；联系团支部、入驻学校自3月起按当月情况判断；常态化按3—6月、9—12月" +
	"（寒暑假除外，为本项目的解读）每月驻校至少1天判断；集中式按3月、9月各驻校5天以上判断，当月报告后到期。" +
	"等次仅为建议，由各级团委综合评定。"

func percent(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }
