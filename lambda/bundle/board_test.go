package bundle_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// TestBoard lays out the fixture for 全区 as of 2021-07-20, with one late
// monthly report added, and checks every cell worked out by hand.
func TestBoard(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	late := bundletest.Monthly(41, "鄂尔多斯市", "2021-06", bundletest.At(2021, 7, 15, 9), bundletest.MonthlyRow("孙七", 1, 1, 2, "80", 0, 0, 0, 0))
	late.Values["contact_phone"] = "04778888888"
	bundletest.Put(t, st, reg, late)
	bd, err := builder(st, reg, rd).Board(context.Background(), bundle.ScopeAll, 2021)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range bd.Columns {
		cols = append(cols, c.Period.Label)
	}
	if got := strings.Join(cols, " "); got != "2021年度 2021年3月 2021年4月 2021年5月 2021年6月 2021年9月 2021年上半年" {
		t.Errorf("columns %s", got)
	}
	short := map[bundle.State]string{bundle.StateOnTime: "✓", bundle.StateLate: "迟", bundle.StateMissing: "✗", bundle.StatePending: "·"}
	var rows []string
	for _, r := range bd.Rows {
		line := r.Unit.Name + " "
		for _, c := range r.Cells {
			line += short[c]
		}
		rows = append(rows, line+" "+r.Contact.Name+" "+r.Contact.Phone)
	}
	want := []string{
		"包头市 ✓✓✓✗✗·✓ 王芳 13800000000", // the June reports are owed too (one of them sent)
		"鄂尔多斯市 ✗✗✗✓迟·✗ 王芳 04778888888",
		"内蒙古大学 ✓✓✗✗✗·✗ 王芳 13800000000",
		"内蒙古大学创业学院 ✗✗✗✗✗·✗  ",
	}
	if got := strings.Join(rows, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("grid:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if c := bd.Columns[4]; c.Count[bundle.StateOnTime] != 0 || c.Count[bundle.StateLate] != 1 || c.Count[bundle.StateMissing] != 3 {
		t.Errorf("2021年6月 counts %v", c.Count)
	}
	var regions []string
	for _, r := range bd.Regions {
		regions = append(regions, fmt.Sprintf("%s %d/%d", r.Region, r.Count[bundle.StateOnTime]+r.Count[bundle.StateLate], r.Due()))
	}
	if got := strings.Join(regions, ", "); got != "包头市 4/6, 鄂尔多斯市 2/6, 高校 2/12" {
		t.Errorf("regions %s", got)
	}
	var grades []string
	for _, g := range bd.Grades {
		grades = append(grades, fmt.Sprintf("%s%d", g.Grade, g.Cadres))
	}
	if got := strings.Join(grades, " "); got != "优0 良0 合格2 一般5 暂不评定0" {
		t.Errorf("grades %s", got)
	}
	if bd.Through != (bundle.Month{Year: 2021, Month: 7}) || len(bd.Periods) == 0 {
		t.Errorf("through %v, %d periods", bd.Through, len(bd.Periods))
	}
}

// TestBoardScope keeps a 盟市's board to its own units.
func TestBoardScope(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	bd, err := builder(st, reg, rd).Board(context.Background(), "包头市", 2021)
	if err != nil {
		t.Fatal(err)
	}
	if len(bd.Rows) != 1 || bd.Rows[0].Unit.Name != "包头市" || len(bd.Regions) != 1 {
		t.Errorf("rows %+v", bd.Rows)
	}
	if _, err := builder(st, reg, rd).Board(context.Background(), "包头", 2021); err == nil {
		t.Error("a prefix of a unit is no scope")
	}
}
