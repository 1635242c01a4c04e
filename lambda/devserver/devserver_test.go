package devserver_test

import (
	"encoding/csv"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dunban/lambda/devserver"
	"dunban/lambda/s3store"
	"dunban/lambda/unitcode"
	"dunban/lambda/unitcode/unitcodetest"
)

func start(t testing.TB, dir string) (*devserver.Server, *httptest.Server) {
	t.Helper()
	s, err := devserver.New(devserver.Config{DataDir: dir, Content: os.DirFS("../collect/testdata/content"),
		Codes: unitcodetest.Book(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", s))
	ts := httptest.NewServer(mux)
	return s, ts
}

func startB(b *testing.B) (*devserver.Server, *httptest.Server) { return start(b, b.TempDir()) }

// shownAnHourAgo is the rendered_at of a page opened an hour ago (make run
// uses the real clock).
var shownAnHourAgo = strconv.FormatInt(time.Now().Add(-time.Hour).UnixMilli(), 10)

var monthly = url.Values{
	"unit": {"包头市"}, "unit_code": {unitcodetest.Code}, "rendered_at": {shownAnHourAgo}, "period": {"2021-03"}, "contact_name": {"王晓红"}, "contact_phone": {"0472-5112233"}, "consent": {"on"},
	"rows.0.name": {"李明"}, "rows.0.days": {"2"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {"12"}, "rows.0.cadres": {"8"}, "rows.0.branches": {"3"}, "rows.0.coverage": {"85.5"},
	"rows.0.lectures": {"1"}, "rows.0.league_days": {"1"}, "rows.0.research": {"0"}, "rows.0.cases": {"1"}, "rows.0.practical": {"协调图书，300 册"},
}

// post sends the form as a browser without JavaScript would, not following redirects.
func post(t *testing.T, ts *httptest.Server) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", ts.URL+"/api/submit/monthly", strings.NewReader(monthly.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestSubmissionLandsOnDiskAndSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s, ts := start(t, dir)
	res := post(t, ts)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	files, _ := filepath.Glob(filepath.Join(s.BucketDir, "submissions", "form=monthly", "year=2021", "month=03", "*.csv"))
	if len(files) != 1 {
		t.Fatalf("CSV files on disk: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 2 || recs[0][0] != "提交编号" || recs[1][5] != "包头市" {
		t.Fatalf("CSV on disk: %v %q", err, recs)
	}
	receipt, _ := url.Parse(ts.URL + "/api/submit/monthly")
	receipt = receipt.ResolveReference(&url.URL{Path: res.Header.Get("Location")})
	ts.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, ts2 := start(t, dir)
	defer s2.Close()
	defer ts2.Close()
	if res := post(t, ts2); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second post after restart: %d", res.StatusCode)
	}
	again, _ := filepath.Glob(filepath.Join(s2.BucketDir, "submissions", "*", "*", "*", "*.csv"))
	if len(again) != 1 {
		t.Errorf("after restart and the same post again: %v", again)
	}
	page, err := http.Get(ts2.URL + receipt.Path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "提交成功") {
		t.Errorf("receipt after restart: %d\n%s", page.StatusCode, body)
	}
}

func TestAdminSlot(t *testing.T) {
	var gotStore bool
	s, err := devserver.New(devserver.Config{
		DataDir: t.TempDir(), Content: os.DirFS("../collect/testdata/content"),
		Admin: func(store *s3store.Store, content fs.FS) (http.Handler, error) {
			gotStore = store != nil && content != nil
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "admin "+r.URL.Path) }), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/admin/overview", nil))
	if !gotStore || rec.Body.String() != "admin /admin/overview" {
		t.Errorf("admin got %q (store %v)", rec.Body.String(), gotStore)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/submit/monthly", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("collector route: %d", rec.Code)
	}
}

// TestSecretsSurviveRestart: the development code and admin token made for a
// data folder are the same at the next start, and differ for another folder.
func TestSecretsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	first, err := devserver.LoadSecrets(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !unitcode.Valid(unitcode.Normalize(first.UnitCode)) || len(first.AdminToken) < 32 {
		t.Fatalf("secrets %+v", first)
	}
	again, err := devserver.LoadSecrets(dir)
	if err != nil || again != first {
		t.Errorf("after a restart %+v, was %+v (%v)", again, first, err)
	}
	if st, err := os.Stat(filepath.Join(dir, devserver.SecretsFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("secrets file: %v %v", st.Mode(), err)
	}
	other, _ := devserver.LoadSecrets(t.TempDir())
	if other.UnitCode == first.UnitCode || other.AdminToken == first.AdminToken {
		t.Error("another data folder got the same secrets")
	}
	os.WriteFile(filepath.Join(dir, devserver.SecretsFile), []byte("{not json"), 0o600)
	if fresh, err := devserver.LoadSecrets(dir); err != nil || !unitcode.Valid(unitcode.Normalize(fresh.UnitCode)) {
		t.Errorf("a damaged file: %+v %v", fresh, err)
	}
}
