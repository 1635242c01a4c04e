package bundle_test

import (
	"testing"
	"time"

	"dunban/lambda/bundle"
)

func TestSpanOf(t *testing.T) {
	recv := time.Date(2021, 4, 9, 23, 30, 0, 0, time.UTC) // 2021-04-10 07:30 in +08:00
	for _, tc := range []struct {
		period string
		want   bundle.Span
	}{
		{"2021-03", bundle.Span{Month: bundle.Month{Year: 2021, Month: 3}}},
		{"2021-H1", bundle.Span{Month: bundle.Month{Year: 2021, Month: 6}}},
		{"2021-H2", bundle.Span{Month: bundle.Month{Year: 2021, Month: 12}}},
		{"2021", bundle.Span{Month: bundle.Month{Year: 2021, Month: 1}, Whole: true}},
		{"2021-13", bundle.Span{Month: bundle.Month{Year: 2021, Month: 4}}},
		{"", bundle.Span{Month: bundle.Month{Year: 2021, Month: 4}}},
	} {
		if got := bundle.SpanOf(tc.period, recv); got != tc.want {
			t.Errorf("SpanOf(%q) = %+v, want %+v", tc.period, got, tc.want)
		}
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
