package bundle_test

import (
	"slices"
	"testing"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// TestMissingWholeDay: the monthly report for March is due by the 10th of
// April, the whole day in Asia/Shanghai (24:00); a unit is missing it only
// from the first instant of the 11th.
func TestMissingWholeDay(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	req := bundle.Request{Scope: bundle.ScopeAll, Forms: []string{"monthly"},
		From: bundle.Month{Year: 2021, Month: 3}, To: bundle.Month{Year: 2021, Month: 3}}
	for _, tc := range []struct {
		now     time.Time
		missing bool
	}{
		{time.Date(2021, 4, 10, 23, 59, 59, 0, bundletest.Shanghai), false},
		{time.Date(2021, 4, 10, 15, 59, 59, 0, time.UTC), false}, // the same instant seen from UTC
		{time.Date(2021, 4, 11, 0, 0, 0, 1, bundletest.Shanghai), true},
	} {
		b := builder(st, reg, rd)
		b.Now = func() time.Time { return tc.now }
		_, files := build(t, b, req)
		recs := readCSV(t, bundle.MissingName, files[bundle.MissingName])
		got := slices.ContainsFunc(recs[1:], func(r []string) bool { return r[1] == "鄂尔多斯市" && r[4] == "2021年3月" })
		if got != tc.missing {
			t.Errorf("at %v: 鄂尔多斯市 missing March = %v, want %v (%q)", tc.now, got, tc.missing, recs)
		}
	}
}
