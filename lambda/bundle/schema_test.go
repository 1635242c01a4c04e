package bundle_test

import (
	"testing"

	"dunban/lambda/bundle"
)

// SpanOf reads periods with form.ParsePeriod; anything else is refused,
// never guessed from a clock.
func TestSpanOf(t *testing.T) {
	for _, tc := range []struct {
		period string
		want   bundle.Span
	}{
		{"2021-03", bundle.Span{Month: bundle.Month{Year: 2021, Month: 3}}},
		{"2021-H1", bundle.Span{Month: bundle.Month{Year: 2021, Month: 6}}},
		{"2021-H2", bundle.Span{Month: bundle.Month{Year: 2021, Month: 12}}},
		{"2021", bundle.Span{Month: bundle.Month{Year: 2021, Month: 1}, Whole: true}},
	} {
		if got, err := bundle.SpanOf(tc.period); err != nil || got != tc.want {
			t.Errorf("SpanOf(%q) = %+v, %v; want %+v", tc.period, got, err, tc.want)
		}
	}
	for _, bad := range []string{"2021-13", "", "2021-Q3", "21-03"} {
		if _, err := bundle.SpanOf(bad); err == nil {
			t.Errorf("SpanOf(%q) accepted", bad)
		}
	}
}
