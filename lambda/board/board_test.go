package board_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"dunban/lambda/board"
	"dunban/lambda/bundle"
	"dunban/lambda/form"
)

// sample is a board of two units and three columns, one unit with a
// hostile name and a phone that is not a number.
func sample() *bundle.Board {
	due := func(m time.Month) time.Time { return time.Date(2021, m, 10, 23, 59, 0, 0, bundle.Shanghai) }
	cols := []bundle.BoardColumn{
		{Form: form.Arrangement, Period: form.Period{ID: "2021", Label: "2021年度", Due: due(3)}, Passed: true,
			Count: map[bundle.State]int{bundle.StateOnTime: 1, bundle.StateMissing: 1}},
		{Form: form.Monthly, Period: form.Period{ID: "2021-03", Label: "2021年3月", Due: due(4), From: 3, To: 3}, Passed: true,
			Count: map[bundle.State]int{bundle.StateLate: 1, bundle.StateMissing: 1}},
		{Form: form.Monthly, Period: form.Period{ID: "2021-04", Label: "2021年4月", Due: due(5), From: 4, To: 4},
			Count: map[bundle.State]int{bundle.StatePending: 2}},
	}
	return &bundle.Board{Scope: "全区", Year: 2021, AsOf: time.Date(2021, 4, 20, 12, 0, 0, 0, bundle.Shanghai),
		Through: bundle.Month{Year: 2021, Month: 4}, Columns: cols,
		Rows: []bundle.BoardRow{
			{Unit: form.Unit{Name: "包头市", Kind: form.KindLeague}, Contact: bundle.Contact{Name: "王芳", Phone: "0472-5123456", From: "2021年3月 月报"},
				Cells: []bundle.State{bundle.StateOnTime, bundle.StateLate, bundle.StatePending}},
			{Unit: form.Unit{Name: `<script>alert(1)</script>大学`, Kind: form.KindUniversity}, Contact: bundle.Contact{Name: "李", Phone: "javascript:alert(1)"},
				Cells: []bundle.State{bundle.StateMissing, bundle.StateMissing, bundle.StatePending}},
		},
		Regions: []bundle.RegionBar{{Region: "包头市", Units: 1, Count: map[bundle.State]int{bundle.StateOnTime: 1, bundle.StateLate: 1}},
			{Region: "高校", Units: 1, Count: map[bundle.State]int{bundle.StateMissing: 2}}},
		Grades: []bundle.GradeCount{{Grade: "优", Cadres: 1}, {Grade: "良", Cadres: 3}, {Grade: "合格"}, {Grade: "一般", Cadres: 2}},
		Periods: []bundle.PeriodCount{{Form: "monthly", Title: "任务清单完成情况（月报）", Period: "2021-03", Label: "2021年3月",
			From: bundle.Month{Year: 2021, Month: 3}, To: bundle.Month{Year: 2021, Month: 3}, Count: 1, Expected: 2, Missing: 1, Passed: true}},
	}
}

func TestFragment(t *testing.T) {
	var b bytes.Buffer
	if err := board.Fragment(&b, sample(), board.Options{Admin: "管理员", Scopes: []string{"全区", "包头市"}}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script>") || strings.Contains(html, `href="javascript:`) || strings.Contains(html, "<style") {
		t.Error("the fragment carries markup it was given, or a style")
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]] = true
	}
	links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(links) < 10 {
		t.Fatalf("only %d in-page links", len(links))
	}
	for _, m := range links {
		if !ids[m[1]] {
			t.Errorf("link to #%s, which is not on the page", m[1])
		}
	}
	for _, want := range []string{
		`data-scopes="全区|包头市"`,
		`href="#db-l-1-missing" aria-label="2021年3月月报 · 未报送（1个单位）">1</a>`, // a count opens its list
		`href="#db-l-0-ontime"`, `href="#db-l-1-late"`,
		`<td class="db-cell db-late"><a href="#db-u-0" title="包头市 2021年3月月报：逾期报送">`, // a cell leads to its unit
		`<a href="tel:04725123456">0472-5123456</a>`,
		`<svg viewBox="0 0 360 `, `role="img"`, `aria-label="各盟市、高校报送完成率：包头市：100%（2/2）；高校：0%（0/2）；"`,
		`建议等次分布（团干部人数）：优：1人（16%）；良：3人（50%）；合格：0人（0%）；一般：2人（33%）；`,
		`data-form="monthly" data-from="2021-03" data-to="2021-03"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
	if strings.Contains(html, `href="#db-l-2-`) {
		t.Error("a count of 0 (or not yet due) links to a list")
	}
}

func TestPage(t *testing.T) {
	var b bytes.Buffer
	if err := board.Page(&b, sample(), board.Options{Scopes: []string{"全区"}, Years: []int{2021}, Back: "/admin/"}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<!doctype html>", `<html lang="zh-CN">`, "<style>", ".db-list:target", `<body class="db-page">`,
		`<form class="db-again db-noprint" method="post">`, `<option value="2021" selected>2021年</option>`, `href="/admin/"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestNoUnits(t *testing.T) {
	bd := sample()
	bd.Rows, bd.Regions = nil, nil
	var b bytes.Buffer
	if err := board.Fragment(&b, bd, board.Options{}); err != nil {
		t.Fatal(err)
	}
	if html := b.String(); !strings.Contains(html, "没有需报送") || strings.Contains(html, "db-grid") || !strings.Contains(html, "db-periods") {
		t.Errorf("board without units:\n%s", html)
	}
}
