package form

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"testing"
)

// BenchmarkValidateAndEncode validates and writes as CSV the good body of
// every form, and a monthly report of 20 cadres (target: under 50 µs per
// submission of ordinary size).
func BenchmarkValidateAndEncode(b *testing.B) {
	c := content(b)
	bodies := map[string]url.Values{}
	for _, f := range All() {
		bodies[f.ID] = good(f.ID)
	}
	big := good("monthly")
	for i := 1; i < 20; i++ {
		for _, fd := range Monthly.Rows.Fields {
			big.Set(RowFieldName(i, fd.Name), big.Get(RowFieldName(0, fd.Name)))
		}
		big.Set(RowFieldName(i, "name"), fmt.Sprintf("干部%d", i))
	}
	bodies["monthly-20-rows"] = big
	for _, name := range []string{"arrangement", "tasklist", "monthly", "report", "case", "monthly-20-rows"} {
		f := Monthly
		if g, ok := ByID(name); ok {
			f = g
		}
		v := bodies[name]
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				sub, errs := f.Validate(v, c.Units, c.Round, onTime)
				if errs != nil {
					b.Fatal(errs)
				}
				buf.Reset()
				w := csv.NewWriter(&buf)
				w.Write(f.Header())
				w.WriteAll(sub.Records())
				w.Flush()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N), "µs/submission")
		})
	}
}
