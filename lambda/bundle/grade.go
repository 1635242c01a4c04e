package bundle

import "strconv"

// Figures are what a monthly report says of one cadre for one month.
type Figures struct {
	Students      int     // 访谈普通学生（人）
	StudentCadres int     // 访谈团学干部（人）
	Branches      int     // 联系班级团支部（个）
	Coverage      float64 // 覆盖联系班级学生（%）
	Lectures      int     // 宣讲、主题团课、思政课（次）
	TeamDays      int     // 主题团日活动（次）
	Reports       int     // 调研报告（篇）
	Cases         int     // 优秀工作案例（个）
}

// The notice's targets (内团办发〔2021〕5号, 四).
const (
	TargetStudents      = 40 // 访谈普通学生 ≥ 40
	TargetStudentCadres = 30 // 访谈团学干部 ≥ 30
	TargetBranchesMin   = 2  // 联系班级团支部 2–4
	TargetBranchesMax   = 4
	TargetCoverage      = 80.0 // 覆盖联系班级学生 ≥ 80%
	TargetLectures      = 2    // 每年宣讲/主题团课 ≥ 2
	TargetTeamDays      = 1    // 每学期主题团日 ≥ 1
	TargetReports       = 1    // 调研报告 ≥ 1
	TargetCases         = 1    // 优秀工作案例 ≥ 1
)

// AutumnStarts is the first month of the autumn semester; months before it
// belong to the spring semester of the same year.
const AutumnStarts = 9

// Progress is one cadre's year to date: the monthly figures added up (for
// counts) or the latest reported (for branches and coverage).
type Progress struct {
	Region, Unit, Name string
	MonthsReported     int
	Latest             Month // the latest month with a report
	Totals             Figures
	SpringTeamDays     int
	AutumnTeamDays     int
}

// Add records the figures of month m.
func (p *Progress) Add(m Month, f Figures) {
	p.MonthsReported++
	p.Totals.Students += f.Students
	p.Totals.StudentCadres += f.StudentCadres
	p.Totals.Lectures += f.Lectures
	p.Totals.TeamDays += f.TeamDays
	p.Totals.Reports += f.Reports
	p.Totals.Cases += f.Cases
	if int(m.Month) >= AutumnStarts {
		p.AutumnTeamDays += f.TeamDays
	} else {
		p.SpringTeamDays += f.TeamDays
	}
	if !m.Before(p.Latest) {
		p.Latest = m
		p.Totals.Branches = f.Branches
		p.Totals.Coverage = f.Coverage
	}
}

// Check is one target with its result.
type Check struct {
	Name  string // column header, e.g. 访谈普通学生≥40
	Value string // what was reached
	Met   bool
}

// Checks judges p against the eight targets as of month asOf: the spring
// semester counts from January, the autumn one once asOf reaches September.
func (p *Progress) Checks(asOf Month) []Check {
	t := p.Totals
	teamDays := p.SpringTeamDays >= TargetTeamDays
	teamValue := "春" + strconv.Itoa(p.SpringTeamDays)
	if int(asOf.Month) >= AutumnStarts {
		teamDays = teamDays && p.AutumnTeamDays >= TargetTeamDays
		teamValue += " 秋" + strconv.Itoa(p.AutumnTeamDays)
	}
	return []Check{
		{"访谈普通学生≥40", strconv.Itoa(t.Students), t.Students >= TargetStudents},
		{"访谈团学干部≥30", strconv.Itoa(t.StudentCadres), t.StudentCadres >= TargetStudentCadres},
		{"联系班级团支部2–4个", strconv.Itoa(t.Branches), t.Branches >= TargetBranchesMin && t.Branches <= TargetBranchesMax},
		{"覆盖联系班级学生≥80%", formatPercent(t.Coverage), t.Coverage >= TargetCoverage},
		{"宣讲/主题团课≥2次", strconv.Itoa(t.Lectures), t.Lectures >= TargetLectures},
		{"主题团日每学期≥1次", teamValue, teamDays},
		{"调研报告≥1篇", strconv.Itoa(t.Reports), t.Reports >= TargetReports},
		{"优秀工作案例≥1个", strconv.Itoa(t.Cases), t.Cases >= TargetCases},
	}
}

// The suggested grades, best first.
const (
	GradeExcellent = "优"
	GradeGood      = "良"
	GradePass      = "合格"
	GradeFair      = "一般"
)

// GradeRule states the rule Grade applies, for the README and the bundle.
const GradeRule = "八项指标全部达标为“优”；达标6–7项为“良”；达标4–5项为“合格”；达标3项及以下为“一般”。"

// Grade suggests a grade from the number of targets met out of eight.
func Grade(checks []Check) string {
	met := 0
	for _, c := range checks {
		if c.Met {
			met++
		}
	}
	switch {
	case met >= 8:
		return GradeExcellent
	case met >= 6:
		return GradeGood
	case met >= 4:
		return GradePass
	}
	return GradeFair
}

func formatPercent(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// MetMark is how a check's result is written in 进度汇总.csv.
func MetMark(met bool) string {
	if met {
		return "达标"
	}
	return "未达标"
}
