package collect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"dunban/lambda/apigw"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"

	"github.com/aws/aws-lambda-go/lambda"
)

// memStore keeps objects in memory, to measure the handler alone.
type memStore struct {
	mu   sync.Mutex
	objs map[string][]byte
}

func (m *memStore) Create(_ context.Context, key string, body []byte, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objs[key]; ok {
		return s3store.ErrExists
	}
	m.objs[key] = body
	return nil
}

func (m *memStore) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.objs[key]; ok {
		return b, nil
	}
	return nil, s3store.ErrNotFound
}

// benchBodies returns n monthly JSON bodies with fresh ids.
func benchBodies(b *testing.B, n int) [][]byte {
	b.Helper()
	m := eventFields(b, "monthly-json.json")
	out := make([][]byte, n)
	for i := range out {
		m["submission_id"] = record.New(clock.Add(-time.Duration(i) * time.Millisecond)).String()
		out[i], _ = json.Marshal(m)
	}
	return out
}

// BenchmarkValidateEncode is the CPU cost of one submission: validating a
// two-row monthly report and writing its CSV. Target: under 50 µs.
func BenchmarkValidateEncode(b *testing.B) {
	content := loadContent(b)
	v := monthlyValues(b)
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		sub, errs := form.Monthly.Validate(v, content.Units, content.Round, clock)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		sub.ID = "0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d"
		record.Encode(sub.Form.Header(), sub.Records())
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N), "µs/submission")
}

func monthlyValues(b *testing.B) map[string][]string {
	b.Helper()
	m := eventFields(b, "monthly-json.json")
	v := map[string][]string{}
	for k, s := range m {
		v[k] = []string{s}
	}
	return v
}

// latencies records per-request durations and reports p50/p99 and throughput.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

func (l *latencies) report(b *testing.B, wall time.Duration) {
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	if len(l.d) == 0 {
		return
	}
	at := func(q float64) float64 { return float64(l.d[int(q*float64(len(l.d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(len(l.d))/wall.Seconds(), "req/s")
}

// BenchmarkHandlerInProcess runs HTTP API events through the Lambda
// runtime's handler and the collector, with an in-memory store.
func BenchmarkHandlerInProcess(b *testing.B) {
	h := newHandler(b, &memStore{objs: map[string][]byte{}})
	lh := lambda.NewHandler(apigw.Handler(h))
	ev := readEvent(b, "monthly-json.json")
	bodies := benchBodies(b, b.N)
	payloads := make([][]byte, b.N)
	for i := range payloads {
		ev.Body = string(bodies[i])
		payloads[i], _ = json.Marshal(ev)
	}
	var lat latencies
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		t0 := time.Now()
		out, err := lh.Invoke(context.Background(), payloads[i])
		if err != nil || !bytes.Contains(out, []byte(`"statusCode":200`)) {
			b.Fatalf("%v %s", err, out)
		}
		lat.add(time.Since(t0))
	}
	lat.report(b, time.Since(start))
}

// BenchmarkEndToEnd posts over loopback HTTP to the collector, which stores
// each submission in gofakes3 over loopback through aws-sdk-go-v2.
// Target: p99 under 20 ms.
func BenchmarkEndToEnd(b *testing.B) {
	for _, clients := range []int{1, 8} {
		b.Run(map[int]string{1: "1client", 8: "8clients"}[clients], func(b *testing.B) {
			srv := s3test.New(b)
			api := httptest.NewServer(newHandler(b, storeFor(srv)))
			defer api.Close()
			bodies := benchBodies(b, b.N)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
			var lat latencies
			work := make(chan []byte)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for body := range work {
						t0 := time.Now()
						req, _ := http.NewRequest("POST", api.URL+"/submit/monthly", bytes.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
						res, err := client.Do(req)
						if err != nil {
							b.Error(err)
							continue
						}
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							b.Errorf("status %d", res.StatusCode)
						}
						lat.add(time.Since(t0))
					}
				}()
			}
			for _, body := range bodies {
				work <- body
			}
			close(work)
			wg.Wait()
			lat.report(b, time.Since(start))
		})
	}
}

// BenchmarkBootstrapSize reports the size of the bootstrap `make lambda`
// built (COLLECTOR_BOOTSTRAP). Target: under 12 MB.
func BenchmarkBootstrapSize(b *testing.B) {
	path := os.Getenv("COLLECTOR_BOOTSTRAP")
	if path == "" {
		b.Skip("set COLLECTOR_BOOTSTRAP (make bench-collector does) to report the bootstrap's size")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "MB")
	if zip, err := os.Stat(strings.TrimSuffix(path, "/bootstrap") + ".zip"); err == nil {
		b.ReportMetric(float64(zip.Size())/(1<<20), "zip-MB")
	}
}

// BenchmarkEncodeCSV is the collector's own share of BenchmarkValidateEncode.
func BenchmarkEncodeCSV(b *testing.B) {
	content := loadContent(b)
	sub, errs := form.Monthly.Validate(monthlyValues(b), content.Units, content.Round, clock)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	sub.ID = "0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d"
	b.ReportAllocs()
	for b.Loop() {
		record.Encode(sub.Form.Header(), sub.Records())
	}
}
