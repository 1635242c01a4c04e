package bundle_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// month is one cadre's figures for a month of the fictional year.
type month struct {
	students, cadres, branches, coverage, cadreCoverage, lectures, teamDays, reports, cases, days int
}

func (m month) row(name string) map[string]string {
	return map[string]string{"name": name, "students": fmt.Sprint(m.students), "cadres": fmt.Sprint(m.cadres),
		"branches": fmt.Sprint(m.branches), "coverage": fmt.Sprint(m.coverage), "cadre_coverage": fmt.Sprint(m.cadreCoverage),
		"lectures": fmt.Sprint(m.lectures), "league_days": fmt.Sprint(m.teamDays), "research": fmt.Sprint(m.reports),
		"cases": fmt.Sprint(m.cases), "days": fmt.Sprint(m.days), "practical": "走访班级"}
}

// year is a fictional 2021: four cadres in three units, a monthly report
// from each unit for every school month, the reports and cases they sent.
//
//   - 陈静 (自治区团委, 自治区, two schools) meets every target by December.
//   - 李明 (包头市, 盟市, two schools) meets all but the case: he reports
//     one in his monthly figures but never submits it.
//   - 赵红 (包头市, 旗县, one school) is short of students and schools and
//     misses three months; she co-authors 李明's 调研报告.
//   - 王刚 (内蒙古大学, 高校) links two 院系团总支 but five branches (too
//     many for a 高校 cadre) and submits a case he did not report.
func year(t *testing.T, st *s3store.Store, reg *form.Registry) {
	at := bundletest.At
	school := func(level, name string, types ...string) map[string]string {
		r := bundletest.ArrangementRow(level, name, "13800000000")
		delete(r, "senior_class")
		for _, ty := range types {
			class, _, _, _ := form.SchoolFields(ty)
			r[form.SchoolNameField(ty)] = name + "联系的" + ty
			r[class] = "二年级（1）班"
		}
		return r
	}
	wang := school("高校", "王刚", "高等院校")
	wang[form.FieldColleges] = "文学院团总支、理学院团总支"
	subs := []bundletest.Sub{
		bundletest.Arrangement(1, "自治区团委", at(2021, 3, 8, 9), school("自治区", "陈静", "高级中学", "中等职业学校")),
		bundletest.Arrangement(2, "包头市", at(2021, 3, 9, 9), school("盟市", "李明", "高级中学", "初级中学"), school("旗县", "赵红", "初级中学")),
		bundletest.Arrangement(3, "内蒙古大学", at(2021, 3, 9, 10), wang),
	}
	n := 10
	for _, mo := range []time.Month{3, 4, 5, 6, 9, 10, 11, 12} {
		days := 1
		if mo == 3 || mo == 9 {
			days = 5
		}
		full := month{students: 6, cadres: 4, branches: 3, coverage: 85, cadreCoverage: 100, lectures: 1, days: days}
		chen, li, zhao, wang := full, full, full, full
		zhao.students, zhao.coverage = 2, 60
		wang.branches = 5
		switch mo {
		case 4:
			chen.teamDays, li.reports, li.cases = 1, 1, 1
		case 5:
			zhao.cases = 1
		case 6:
			chen.reports = 1
		case 10, 12:
			zhao.days = 0
		case 11:
			zhao.days, chen.cases = 0, 1
		}
		period := fmt.Sprintf("2021-%02d", int(mo))
		due := at(2021, mo+1, 5, 9)
		if mo == 12 {
			due = at(2022, 1, 5, 9)
		}
		subs = append(subs,
			bundletest.Monthly(n, "自治区团委", period, due, chen.row("陈静")),
			bundletest.Monthly(n+1, "包头市", period, due, li.row("李明"), zhao.row("赵红")),
			bundletest.Monthly(n+2, "内蒙古大学", period, due, wang.row("王刚")))
		n += 3
	}
	subs = append(subs,
		bundletest.Report(50, "自治区团委", "2021-H1", "调研报告", "陈静", at(2021, 6, 25, 9)),
		bundletest.Report(51, "包头市", "2021-H1", "阶段性总结报告", "", at(2021, 6, 28, 9)),
		bundletest.Report(52, "包头市", "2021-H2", "调研报告", "李明、赵红", at(2021, 12, 20, 9)),
		bundletest.Case(60, "自治区团委", "陈静", "高中团支部共建", at(2021, 11, 2, 9)),
		bundletest.Case(61, "内蒙古大学", "王刚", "院系结对", at(2021, 10, 2, 9)),
	)
	bundletest.Put(t, st, reg, subs...)
}

// TestSummaryGolden builds the fictional year in June and in December and
// compares 进度汇总.csv with testdata (go test -update rewrites it): in June
// the year's counts are 进行中, in December they are judged; the 自报 and
// 已提交 columns stand side by side with 核对提示 where they differ.
func TestSummaryGolden(t *testing.T) {
	srv := s3test.New(t)
	reg := bundletest.Registry(t)
	st := s3store.New(srv.Client, srv.Bucket)
	year(t, st, reg)
	b := builder(st, reg, bundletest.Round(t))
	b.Now = func() time.Time { return bundletest.At(2022, 1, 20, 12) }
	for _, to := range []time.Month{time.June, time.December} {
		req := bundle.Request{Scope: bundle.ScopeAll, From: bundle.Month{Year: 2021, Month: 1}, To: bundle.Month{Year: 2021, Month: to}}
		_, files := build(t, b, req)
		got := files[bundle.SummaryName]
		readCSV(t, bundle.SummaryName, got) // BOM, CRLF, well-formed
		golden(t, filepath.Join("testdata", fmt.Sprintf("进度汇总-2021-%02d.golden.csv", int(to))), got)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (go test ./lambda/bundle -run TestSummaryGolden -update, then review the diff):\n%s", path, got)
	}
}
