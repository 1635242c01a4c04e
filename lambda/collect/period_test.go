package collect_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"

	"github.com/aws/aws-lambda-go/events"
)

// TestFiledByPeriodReachesBundle sends the April 2021 monthly report of
// 包头市 through the real handler with ids and clocks a person really has,
// then builds the 2021-04 bundle and the 2021 overview from the same store:
// the report is in each exactly once, and 包头市 is not listed as missing.
func TestFiledByPeriodReachesBundle(t *testing.T) {
	cases := []struct {
		name     string
		now      time.Time // the server's clock when the report arrives
		idMinted time.Time // the phone's clock when the page minted the id
	}{
		{"page id minted in 2026", time.Date(2026, 12, 2, 10, 0, 0, 0, cst), time.Date(2026, 12, 2, 9, 0, 0, 0, cst)},
		{"phone clock three years behind", time.Date(2021, 5, 6, 9, 0, 0, 0, cst), time.Date(2018, 5, 6, 9, 0, 0, 0, cst)},
		{"phone clock three years ahead", time.Date(2021, 5, 6, 9, 0, 0, 0, cst), time.Date(2024, 5, 6, 9, 0, 0, 0, cst)},
		{"six months late", time.Date(2021, 11, 10, 9, 0, 0, 0, cst), time.Date(2021, 11, 10, 8, 50, 0, 0, cst)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
				store := s3store.New(srv.Client, srv.Bucket)
				h := newHandler(t, store)
				h.Now = func() time.Time { return c.now }
				res := invoke(t, h, aprilReport(t, record.New(c.idMinted), c.now))
				a := decodeAnswer(t, res)
				due := time.Date(2021, 5, 11, 0, 0, 0, 0, cst) // April's report is due by 10 May, 24:00
				if res.StatusCode != 200 || !a.OK || a.Late != !c.now.Before(due) {
					t.Fatalf("answer %d %+v", res.StatusCode, a)
				}
				checkBundled(t, store, c.now, a.ID)
			})
		})
	}
}

// aprilReport is the recorded monthly report, for 2021-04, with the page id.
func aprilReport(t *testing.T, id record.ID, now time.Time) events.APIGatewayV2HTTPRequest {
	ev := readEvent(t, "monthly-json.json")
	var body map[string]string
	if err := json.Unmarshal([]byte(ev.Body), &body); err != nil {
		t.Fatal(err)
	}
	body["period"], body["submission_id"] = "2021-04", id.String()
	body["rendered_at"] = strconv.FormatInt(now.Add(-time.Minute).UnixMilli(), 10)
	b, _ := json.Marshal(body)
	ev.Body = string(b)
	return ev
}

// checkBundled builds the 2021-04 bundle and the 2021 overview at now.
func checkBundled(t *testing.T, src bundle.Source, now time.Time, id string) {
	t.Helper()
	c := loadContent(t)
	b := &bundle.Builder{Source: src, Units: c.Units, Rounds: []*form.Round{c.Round}, Now: func() time.Time { return now }}
	april := bundle.Month{Year: 2021, Month: 4}
	var zipped bytes.Buffer
	m, err := b.Build(t.Context(), bundle.Request{Scope: bundle.ScopeAll, Forms: []string{"monthly"}, From: april, To: april}, "test", &zipped)
	if err != nil {
		t.Fatal(err)
	}
	if m.Submissions != 1 || m.Unreadable+m.Misfiled != 0 {
		t.Errorf("manifest: %d submissions, problems %+v", m.Submissions, m.Problems)
	}
	monthly := zipCSV(t, zipped.Bytes(), bundle.FileName(form.Monthly))
	if ids := column(monthly, "提交编号"); len(ids) != 2 || ids[0] != id || ids[1] != id {
		t.Errorf("monthly CSV ids %q, want the report's two rows (%s)", ids, id)
	}
	missing := zipCSV(t, zipped.Bytes(), bundle.MissingName)
	for i, unit := range column(missing, "单位") {
		if unit == "包头市" && column(missing, "报送期")[i] == "2021年4月" {
			t.Errorf("包头市 listed in 未报送 for April although its report is stored")
		}
	}
	counts, err := b.Overview(t.Context(), bundle.ScopeAll, 2021)
	if err != nil {
		t.Fatal(err)
	}
	for _, pc := range counts {
		if pc.Form == "monthly" && pc.Period == "2021-04" && pc.Count != 1 {
			t.Errorf("overview counts %d for 2021-04, want 1", pc.Count)
		}
		if pc.Form == "monthly" && pc.Period != "2021-04" && pc.Count != 0 {
			t.Errorf("overview counts %d for %s, want 0", pc.Count, pc.Period)
		}
	}
}

// zipCSV reads one CSV file of a bundle.
func zipCSV(t *testing.T, b []byte, name string) [][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	raw, _ := io.ReadAll(f)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte(record.BOM)))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}

// column returns the cells under header name.
func column(recs [][]string, name string) []string {
	i := slices.Index(recs[0], name)
	var out []string
	for _, r := range recs[1:] {
		if i >= 0 {
			out = append(out, strings.TrimPrefix(r[i], "'"))
		}
	}
	return out
}
