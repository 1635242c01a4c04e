package devserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"

	"dunban/lambda/record"
)

// BenchmarkSubmitToDisk is the path of `make run`: a JSON post over
// loopback to the local API, stored by the on-disk S3 server through
// aws-sdk-go-v2. Reports p50/p99 latency and throughput.
func BenchmarkSubmitToDisk(b *testing.B) {
	s, ts := startB(b)
	defer s.Close()
	defer ts.Close()
	bodies := make([][]byte, b.N)
	for i := range bodies {
		m := map[string]string{"submission_id": record.New(time.Now()).String()}
		for k := range monthly {
			m[k] = monthly.Get(k)
		}
		bodies[i], _ = json.Marshal(m)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	for _, body := range bodies {
		t0 := time.Now()
		req, _ := http.NewRequest("POST", ts.URL+"/api/submit/monthly", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
		lat = append(lat, time.Since(t0))
	}
	wall := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat))/wall.Seconds(), "req/s")
}
