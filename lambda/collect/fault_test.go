package collect_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dunban/lambda/collect"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// faultProxy stands between the collector and gofakes3 and misbehaves as
// S3 sometimes does.
type faultProxy struct {
	mode     atomic.Value // string: "", "500", "slowdown", "hang", "slow", "lost-reply", "flaky"
	requests atomic.Int64
	flaky    atomic.Int64 // requests left to fail in "flaky" mode
	gaveUp   atomic.Bool  // in "hang" mode, the collector gave up on a request
	proxy    *httputil.ReverseProxy
}

func newFaultProxy(t *testing.T, srv *s3test.Server) (*faultProxy, *s3store.Store) {
	t.Helper()
	target, _ := url.Parse(srv.Endpoint)
	fp := &faultProxy{proxy: httputil.NewSingleHostReverseProxy(target)}
	fp.mode.Store("")
	ts := httptest.NewServer(fp)
	t.Cleanup(ts.Close)
	client := s3store.NewClient(s3store.Endpoint{URL: ts.URL, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
	return fp, s3store.New(client, srv.Bucket)
}

func s3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>injected</Message></Error>`))
}

func (fp *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fp.requests.Add(1)
	switch fp.mode.Load().(string) {
	case "500":
		s3Error(w, 500, "InternalError")
	case "slowdown":
		s3Error(w, 503, "SlowDown")
	case "forbidden-reads":
		// What S3 answers a role without s3:ListBucket for a missing key.
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			s3Error(w, 403, "AccessDenied")
			return
		}
		fp.proxy.ServeHTTP(w, r)
	case "hang":
		io.Copy(io.Discard, r.Body) // so the server notices the client giving up
		select {
		case <-r.Context().Done():
			fp.gaveUp.Store(true)
		case <-time.After(time.Minute): // a bound for a broken test, not a timing
		}
	case "copy-500":
		// Everything works but copying an object (adopting a report's file).
		if r.Header.Get("X-Amz-Copy-Source") != "" {
			s3Error(w, 500, "InternalError")
			return
		}
		fp.proxy.ServeHTTP(w, r)
	case "slow":
		time.Sleep(150 * time.Millisecond)
		fp.proxy.ServeHTTP(w, r)
	case "flaky":
		if fp.flaky.Add(-1) >= 0 {
			s3Error(w, 500, "InternalError")
			return
		}
		fp.proxy.ServeHTTP(w, r)
	case "lost-reply":
		// S3 stores the object, but its answer never reaches the collector.
		rec := httptest.NewRecorder()
		fp.proxy.ServeHTTP(rec, r)
		if r.Method == http.MethodPut {
			fp.mode.Store("")
			s3Error(w, 500, "InternalError")
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	default:
		fp.proxy.ServeHTTP(w, r)
	}
}

func TestStorageFaults(t *testing.T) {
	tests := []struct {
		mode      string
		status    int
		stored    int
		duplicate bool
	}{
		{"500", 503, 0, false},
		{"slowdown", 503, 0, false},
		{"hang", 503, 0, false},
		{"slow", 200, 1, false},
		{"flaky", 200, 1, false},     // the SDK retries and the second attempt works
		{"lost-reply", 200, 1, true}, // the retried PUT finds the object: answered with its receipt
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			srv := s3test.New(t)
			fp, store := newFaultProxy(t, srv)
			h := newHandler(t, store)
			// A hung S3 is given up on at the handler's timeout; a slow one
			// (150 ms an answer) is waited for, however busy the machine.
			h.Timeout = 700 * time.Millisecond
			if tt.mode == "slow" {
				h.Timeout = time.Minute
			}
			fp.mode.Store(tt.mode)
			fp.flaky.Store(1)
			res := invoke(t, h, readEvent(t, "monthly-json.json"))
			a := decodeAnswer(t, res)
			if res.StatusCode != tt.status || a.Duplicate != tt.duplicate {
				t.Fatalf("status %d %+v, want %d duplicate=%v", res.StatusCode, a, tt.status, tt.duplicate)
			}
			// The hang ends only when the collector gives up (or after a
			// minute): an answer with the request abandoned is the timeout's.
			if tt.mode == "hang" && !fp.gaveUp.Load() {
				waitFor(t, fp.gaveUp.Load, "the collector to give up on the hung request")
			}
			if tt.status == 503 && !strings.Contains(a.Message, "请稍后再次提交") {
				t.Errorf("503 message = %q", a.Message)
			}
			if got := keys(t, srv); len(got) != tt.stored {
				t.Fatalf("objects = %v, want %d", got, tt.stored)
			}
			if n := fp.requests.Load(); (tt.mode == "500" || tt.mode == "flaky" || tt.mode == "lost-reply") && n < 2 {
				t.Errorf("%d requests reached S3: the SDK did not retry", n)
			}
			// Once S3 is well again, the page's retry stores it exactly once.
			fp.mode.Store("")
			res = invoke(t, h, readEvent(t, "monthly-json.json"))
			if a := decodeAnswer(t, res); res.StatusCode != 200 || a.Duplicate != (tt.stored == 1) {
				t.Errorf("retry after recovery: %d %+v", res.StatusCode, a)
			}
			if got := keys(t, srv); len(got) != 1 {
				t.Errorf("objects after the retry = %v", got)
			}
		})
	}
}

// failingStore is an interface fake for faults the proxy cannot make.
type failingStore struct {
	mu      sync.Mutex
	creates int
	err     error
}

func (f *failingStore) Create(ctx context.Context, key string, body []byte, ct string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.creates++
	return f.err
}

func (f *failingStore) Get(ctx context.Context, key string) ([]byte, error) { return nil, f.err }

func TestStoreErrorsNeverReachTheUser(t *testing.T) {
	secret := errors.New("dial tcp 10.0.0.7:443: connect: connection refused (bucket dunban-prod-123)")
	for _, ev := range []string{"monthly-json.json", "monthly-form.json", "case-json.json"} {
		fs := &failingStore{err: secret}
		h := newHandler(t, fs)
		res := invoke(t, h, readEvent(t, ev))
		if res.StatusCode != 503 || strings.Contains(res.Body, "10.0.0.7") || strings.Contains(res.Body, "dunban-prod") || !strings.Contains(res.Body, "请稍后再次提交") {
			t.Errorf("%s: %d\n%.300s", ev, res.StatusCode, res.Body)
		}
	}
	// A stored object that cannot be read back for the receipt is a 503 too, not a false success.
	fs := &failingStore{err: s3store.ErrExists}
	res := invoke(t, newHandler(t, fs), readEvent(t, "monthly-json.json"))
	if res.StatusCode != 503 {
		t.Errorf("exists but unreadable: %d", res.StatusCode)
	}
	var _ collect.Store = fs
}

func TestMissingKeyAnsweredWith403IsNotFound(t *testing.T) {
	srv := s3test.New(t)
	fp, store := newFaultProxy(t, srv)
	h := newHandler(t, store)
	fp.mode.Store("forbidden-reads")
	if res := invoke(t, h, readEvent(t, "receipt-get.json")); res.StatusCode != 404 {
		t.Errorf("receipt of a missing submission: %d", res.StatusCode)
	}
	if _, err := store.Stat(context.Background(), "uploads/report/x.pdf"); !errors.Is(err, s3store.ErrNotFound) {
		t.Errorf("stat: %v", err)
	}
}

// waitFor polls cond until it holds, failing after a minute.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}
