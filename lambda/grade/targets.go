package grade

import (
	"strconv"
	"strings"
	"time"
)

// totals are the counts of a year up to a month and the latest month's state.
type totals struct {
	Students, StudentCadres, Lectures, TeamDays, Reports, Cases int
	last                                                        Month // the latest month reported
}

// sum adds up the months up to asOf.
func sum(months []Month, asOf time.Month) totals {
	var t totals
	for _, m := range months {
		if m.Month > asOf {
			continue
		}
		t.Students += m.Students
		t.StudentCadres += m.StudentCadres
		t.Lectures += m.Lectures
		t.TeamDays += m.TeamDays
		t.Reports += m.Reports
		t.Cases += m.Cases
		if m.Month >= t.last.Month {
			t.last = m
		}
	}
	return t
}

// dueAt says how a target stands: reached is met whenever it happens; not
// reached is pending before month due and unmet from then on.
func dueAt(reached bool, asOf, due time.Month) Status {
	switch {
	case reached:
		return Met
	case asOf < due:
		return Pending
	}
	return Unmet
}

// annual is a count due by December.
func annual(name string, v int, reached bool, asOf time.Month) Check {
	return annualText(name, strconv.Itoa(v), reached, asOf)
}

func annualText(name, value string, reached bool, asOf time.Month) Check {
	return Check{Target: name, Name: name, Value: value, Status: dueAt(reached, asOf, time.December)}
}

// standingFrom is the month from which the branches and schools of the
// 工作安排表 (due 10 March) are judged.
const standingFrom = time.March

// branches is 联系班级团支部: 2–4 branches (四.2); a 高校 league committee's
// cadre links at least two 院系团总支 and 3–4 branches in them, a 院系
// cadre 3–4 branches of the 院系 (三.3).
func branches(c Cadre, n int, asOf time.Month) Check {
	value := strconv.Itoa(n) + "个"
	switch c.Level {
	case "高校":
		value = strconv.Itoa(c.Colleges) + "个院系团总支、" + value
		return Check{TargetBranches, "联系院系团总支≥2、班级团支部3–4个", value,
			dueAt(c.Colleges >= 2 && n >= 3 && n <= 4, asOf, standingFrom)}
	case "院系":
		return Check{TargetBranches, "联系班级团支部3–4个", value, dueAt(n >= 3 && n <= 4, asOf, standingFrom)}
	}
	return Check{TargetBranches, "联系班级团支部2–4个", value, dueAt(n >= 2 && n <= 4, asOf, standingFrom)}
}

// schools is 入驻学校 2–3 for 自治区, 盟市 and 旗县 cadres (三.3); other
// levels work in their own school and have no such target.
func schools(c Cadre, asOf time.Month) (Check, bool) {
	switch c.Level {
	case "自治区", "盟市", "旗县":
		return Check{TargetSchools, TargetSchools, strconv.Itoa(c.Schools) + "所",
			dueAt(c.Schools >= 2 && c.Schools <= 3, asOf, standingFrom)}, true
	}
	return Check{}, false
}

// reports judges 调研报告 or 优秀工作案例 by what was submitted, showing the
// cadre's own count beside it.
func reports(name string, submitted, reported int, asOf time.Month) Check {
	value := "已提交" + strconv.Itoa(submitted) + "（自报" + strconv.Itoa(reported) + "）"
	return Check{Target: name, Name: name, Value: value, Status: dueAt(submitted >= 1, asOf, time.December)}
}

// schoolMonths are the months 常态化 asks a visit in: the terms, without the
// winter and summer holidays (the project's reading of 每月, 三.1).
var schoolMonths = []time.Month{time.March, time.April, time.May, time.June,
	time.September, time.October, time.November, time.December}

// regular is 常态化: at least one day at the school in every school month
// up to asOf.
func regular(months []Month, asOf time.Month) Check {
	days := byMonth(months)
	due, present := 0, 0
	for _, m := range schoolMonths {
		if m > asOf {
			break
		}
		due++
		if days[m] >= 1 {
			present++
		}
	}
	value := strconv.Itoa(present) + "/" + strconv.Itoa(due) + "个月"
	if due == 0 {
		return Check{TargetRegular, TargetRegular, "—", Pending}
	}
	return Check{TargetRegular, TargetRegular, value, dueAt(present == due, asOf, time.March)}
}

// intensive is 集中式: five days at the school in March and in September,
// each due once its month is reported.
func intensive(months []Month, asOf time.Month) Check {
	days := byMonth(months)
	parts := []string{}
	status := Pending
	for _, m := range []time.Month{time.March, time.September} {
		if m > asOf {
			parts = append(parts, strconv.Itoa(int(m))+"月—")
			continue
		}
		parts = append(parts, strconv.Itoa(int(m))+"月"+strconv.Itoa(days[m])+"天")
		switch {
		case days[m] < 5:
			status = Unmet
		case status != Unmet && m == time.September:
			status = Met
		}
	}
	return Check{TargetIntensive, TargetIntensive, strings.Join(parts, " "), status}
}

func byMonth(months []Month) map[time.Month]int {
	days := map[time.Month]int{}
	for _, m := range months {
		days[m.Month] += m.DaysAtSchool
	}
	return days
}
