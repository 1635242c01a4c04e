package bundle_test

import (
	"testing"

	"dunban/lambda/bundle"
)

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
