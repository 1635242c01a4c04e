package collect_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dunban/lambda/record"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode/unitcodetest"
)

// loadBody is submission i: JSON with a page-minted id, or (every fifth) a
// plain form post without one.
func loadBody(i int, ids []record.ID) (body []byte, contentType string) {
	v := url.Values{
		"unit": {"包头市"}, "unit_code": {unitcodetest.Code}, "rendered_at": {"1617000000000"}, "period": {"2021-03"}, "contact_name": {"王晓红"}, "contact_phone": {"0472-5112233"}, "consent": {"on"},
		"rows.0.name": {"李明"}, "rows.0.days": {"2"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {fmt.Sprint(i % 2000)}, "rows.0.cadres": {"8"}, "rows.0.branches": {"3"},
		"rows.0.coverage": {"85"}, "rows.0.lectures": {"1"}, "rows.0.league_days": {"1"}, "rows.0.research": {"0"},
		"rows.0.cases": {"1"}, "rows.0.practical": {fmt.Sprintf("第%d份：协调图书", i)},
	}
	if i%5 == 0 {
		return []byte(v.Encode()), "application/x-www-form-urlencoded"
	}
	m := map[string]string{"submission_id": ids[i].String()}
	for k := range v {
		m[k] = v.Get(k)
	}
	b, _ := json.Marshal(m)
	return b, "application/json"
}

// TestLoad sends 2,000 submissions from 50 concurrent clients over loopback
// HTTP, a tenth of them sent twice (half of those at the same moment, as a
// double click, half after the first answer), and finds exactly 2,000 objects.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		const total, clients = 2000, 50
		h := newHandler(t, storeFor(srv))
		// The test counts what is stored, not how fast: on a machine shared
		// with other work a request may wait for the store far beyond the
		// 2 s the other tests allow, and that is no failure here.
		h.Timeout = 2 * time.Minute
		api := httptest.NewServer(h)
		defer api.Close()
		ids := make([]record.ID, total)
		for i := range ids {
			ids[i] = record.New(clock.Add(-time.Duration(i) * time.Second))
		}
		client := &http.Client{
			Transport:     &http.Transport{MaxIdleConnsPerHost: clients},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		var ok, dup, failed atomic.Int64
		send := func(i int) {
			body, ct := loadBody(i, ids)
			req, _ := http.NewRequest("POST", api.URL+"/submit/monthly", bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Origin", "https://dunban.example.cn")
			res, err := client.Do(req)
			if err != nil {
				failed.Add(1)
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			switch {
			case res.StatusCode == http.StatusSeeOther:
				ok.Add(1)
			case res.StatusCode == http.StatusOK && bytes.Contains(b, []byte(`"duplicate":true`)):
				dup.Add(1)
			case res.StatusCode == http.StatusOK:
				ok.Add(1)
			default:
				failed.Add(1)
				t.Logf("submission %d: %d %s", i, res.StatusCode, b)
			}
		}
		work := make(chan int)
		var wg sync.WaitGroup
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					switch {
					case i%20 == 3: // a double click: both at once
						var both sync.WaitGroup
						both.Add(2)
						go func() { defer both.Done(); send(i) }()
						go func() { defer both.Done(); send(i) }()
						both.Wait()
					case i%20 == 13: // a retry after the first answer
						send(i)
						send(i)
					default:
						send(i)
					}
				}
			}()
		}
		start := time.Now()
		for i := range total {
			work <- i
		}
		close(work)
		wg.Wait()
		t.Logf("%d submissions (+%d retries) in %v", total, total/10, time.Since(start))
		if failed.Load() != 0 {
			t.Fatalf("%d requests failed", failed.Load())
		}
		if got := len(keys(t, srv)); got != total {
			t.Fatalf("%d objects, want exactly %d", got, total)
		}
		// JSON retries are answered as duplicates; plain-form retries are
		// redirects to the same receipt and count as ok.
		if ok.Load()+dup.Load() != total+total/10 {
			t.Errorf("ok %d + duplicate %d answers, want %d", ok.Load(), dup.Load(), total+total/10)
		}
	})
}
