package admin_test

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"dunban/lambda/admin"
	"dunban/lambda/apigw"
	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/grade"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

//go:embed testdata/event.json
var eventJSON []byte

// Tokens of the test admins, one per kind of scope.
var tokens = map[string]string{
	"全区":     "token-autonomous-0123456789abcdef",
	"包头市":    "token-baotou-0123456789abcdef",
	"包头市青山区": "token-qingshan-0123456789abcdef",
	"鄂尔多斯市":  "token-ordos-0123456789abcdef",
	"内蒙古大学":  "token-imu-0123456789abcdef",
	"自治区团委":  "token-committee-0123456789abcdef", // a unit whose registry scope is 全区
}

type env struct {
	h     func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	store *s3store.Store
	srv   *s3test.Server
}

func setup(t *testing.T, srv *s3test.Server) *env {
	t.Helper()
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, bundletest.Registry(t))
	var admins []admin.Admin
	for scope, tok := range tokens {
		if scope == "全区" {
			scope = "自治区" // the alias main configs may use
		}
		admins = append(admins, admin.Admin{Name: "管理员-" + scope, Scope: scope, SHA256: admin.HashToken(tok)})
	}
	n := 0
	h, err := admin.New(admin.Config{Store: st, Content: bundletest.Content(), Admins: admins, TempDir: t.TempDir(), Workers: 4,
		Now: func() time.Time { return bundletest.At(2021, 7, 20, 12) },
		NewID: func() string {
			n++
			return "id" + strings.Repeat("0", 3) + string(rune('a'+n%26)) + time.Now().Format("150405.000000")
		}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{h: apigw.Handler(h), store: st, srv: srv}
}

// call sends one API Gateway HTTP API v2 event, built from the real event
// in testdata, through the exact adapter the Lambda uses.
func (e *env) call(t *testing.T, method, rawPath, query, token, contentType, body string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(eventJSON, &ev); err != nil {
		t.Fatal(err)
	}
	ev.RawPath, ev.RequestContext.HTTP.Path, ev.RequestContext.HTTP.Method, ev.RawQueryString = rawPath, rawPath, method, query
	if token != "" {
		ev.Headers["authorization"] = "Bearer " + token
	}
	if contentType != "" {
		ev.Headers["content-type"] = contentType
	}
	if body != "" {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(body)), true
	}
	resp, err := e.h(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func (e *env) keys(t *testing.T, prefix string) []string {
	t.Helper()
	var out []string
	if err := e.store.List(context.Background(), prefix, func(k string, _ int64) error { out = append(out, k); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRefusals sends crafted requests for every role: no token, wrong
// tokens, tokens where they are not read, other regions' names, prefix and
// path tricks. Each is refused, says nothing of the data, writes no bundle,
// and is logged.
func TestRefusals(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		e := setup(t, srv)
		q := func(scope string) string { return "scope=" + url.QueryEscape(scope) }
		js := func(scope string) string {
			return `{"scope":` + strings.TrimSpace(mustJSON(scope)) + `,"from":"2021-03","to":"2021-06"}`
		}
		cases := []struct {
			name, method, path, query, token, ctype, body string
			status                                        int
		}{
			{"no token", "GET", "/admin/overview", "", "", "", "", 401},
			{"no token bundle", "POST", "/admin/bundle", "", "", "application/json", js(""), 401},
			{"wrong token", "GET", "/admin/overview", "", "token-baotou-0123456789abcdeF", "", "", 401},
			{"hash as token", "GET", "/admin/overview", "", admin.HashToken(tokens["全区"]), "", "", 401},
			{"token in query", "GET", "/admin/overview", "token=" + tokens["全区"], "", "", "", 401},
			{"other 盟市", "GET", "/admin/overview", q("鄂尔多斯市"), tokens["包头市"], "", "", 403},
			{"a university from 盟市", "GET", "/admin/overview", q("内蒙古大学"), tokens["包头市"], "", "", 403},
			{"全区 from 盟市", "GET", "/admin/overview", q("全区"), tokens["包头市"], "", "", 403},
			{"自治区团委 from 盟市", "GET", "/admin/overview", q("自治区团委"), tokens["包头市"], "", "", 403},
			{"prefix of own", "GET", "/admin/overview", q("包头"), tokens["包头市"], "", "", 403},
			{"own name as prefix of another's 旗县", "GET", "/admin/overview", q("包头市郊区团委"), tokens["包头市"], "", "", 403},
			{"own name plus space", "GET", "/admin/overview", q("包头市 "), tokens["包头市"], "", "", 403},
			{"own name plus zero-width", "GET", "/admin/overview", q("包头市\u200b"), tokens["包头市"], "", "", 403},
			{"path in scope", "GET", "/admin/overview", q("包头市/../鄂尔多斯市"), tokens["包头市"], "", "", 403},
			{"travelled scope", "GET", "/admin/overview", q("../内蒙古大学"), tokens["包头市"], "", "", 403},
			{"parent from 旗县", "GET", "/admin/overview", q("包头市"), tokens["包头市青山区"], "", "", 403},
			{"university prefix", "GET", "/admin/overview", q("内蒙古大学创业学院"), tokens["内蒙古大学"], "", "", 403},
			{"bundle of another 盟市", "POST", "/admin/bundle", "", tokens["包头市"], "application/json", js("鄂尔多斯市"), 403},
			{"bundle of a university", "POST", "/admin/bundle", "", tokens["鄂尔多斯市"], "application/json", js("内蒙古大学"), 403},
			{"bundle 全区 from university", "POST", "/admin/bundle", "", tokens["内蒙古大学"], "application/json", js("全区"), 403},
			{"form post with wrong token", "POST", "/admin/bundle", "", "", "application/x-www-form-urlencoded", "token=x&from=2021-03&to=2021-06", 401},
			{"form post other scope", "POST", "/admin/bundle", "", "", "application/x-www-form-urlencoded",
				"token=" + tokens["包头市"] + "&scope=" + url.QueryEscape("内蒙古大学") + "&from=2021-03&to=2021-06", 403},
			{"second scope in query", "GET", "/admin/overview", q("包头市") + "&" + q("鄂尔多斯市"), tokens["包头市青山区"], "", "", 403},
			{"board without token", "GET", "/admin/board", "", "", "", "", 401},
			{"board of another 盟市", "GET", "/admin/board", q("鄂尔多斯市"), tokens["包头市"], "", "", 403},
			{"board 全区 from university", "GET", "/admin/board", q("全区"), tokens["内蒙古大学"], "", "", 403},
			{"board form post with wrong token", "POST", "/admin/board", "", "", "application/x-www-form-urlencoded", "token=x&year=2021", 401},
			{"board form post other scope", "POST", "/admin/board", "", "", "application/x-www-form-urlencoded",
				"token=" + tokens["包头市"] + "&scope=" + url.QueryEscape("内蒙古大学"), 403},
		}
		logsBefore := len(e.keys(t, admin.LogsPrefix))
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resp := e.call(t, tc.method, tc.path, tc.query, tc.token, tc.ctype, tc.body)
				if resp.StatusCode != tc.status {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, resp.Body)
				}
				if tc.ctype == "application/x-www-form-urlencoded" {
					// A page for a person without JavaScript: the message and the way back only.
					if !strings.Contains(resp.Body, "未能完成") || !strings.Contains(resp.Body, `href="/admin/"`) ||
						strings.Contains(resp.Body, "内蒙古大学") || strings.Contains(resp.Body, "db-grid") {
						t.Errorf("refusal page: %s", resp.Body)
					}
					return
				}
				var got map[string]any
				if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
					t.Fatalf("body %q: %v", resp.Body, err)
				}
				if len(got) != 2 || got["ok"] != false || got["message"] == "" {
					t.Errorf("refusal must hold only ok and message, got %s", resp.Body)
				}
			})
		}
		if got := e.keys(t, admin.BundlesPrefix); len(got) != 0 {
			t.Errorf("refused requests wrote bundles %q", got)
		}
		// One record per refusal for its scope; the refused tokens (all in
		// the same minute of the fixed clock) are counted: one record so far.
		want := 1
		for _, tc := range cases {
			if tc.status == 403 {
				want++
			}
		}
		if got := len(e.keys(t, admin.LogsPrefix)) - logsBefore; got != want {
			t.Errorf("%d audit records for %d refused requests, want %d", got, len(cases), want)
		}
	})
}

// TestPathTricks: odd paths never reach data without a token, and with one
// never reach a scope outside it.
func TestPathTricks(t *testing.T) {
	e := setup(t, s3test.New(t))
	for _, p := range []string{"/admin/overview/../bundle", "/admin//overview", "/admin/./overview", "/admin/overview%2F..%2Fbundle",
		"/ADMIN/overview", "/admin/overview/", "/admin", "/admin/../admin/overview", "/submit/../admin/overview"} {
		for _, tok := range []string{"", tokens["包头市"]} {
			resp := e.call(t, "GET", p, "scope="+url.QueryEscape("鄂尔多斯市"), tok, "", "")
			t.Logf("GET %s (token %v): %d %s", p, tok != "", resp.StatusCode, strings.TrimSpace(resp.Body))
			if resp.StatusCode == 200 || strings.Contains(resp.Body, "count") {
				t.Errorf("GET %s (token %v): %d %s", p, tok != "", resp.StatusCode, resp.Body)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestOverview(t *testing.T) {
	e := setup(t, s3test.New(t))
	for _, tc := range []struct {
		token, scope string
		want         map[string]string // form/period → count/expected/missing/corrections
	}{
		{tokens["全区"], "", map[string]string{"monthly/2021-03": "2/4/2/1", "monthly/2021-02": "1/0/0/0", "arrangement/2021": "2/4/2/1", "case/2021": "3/0/0/1",
			"report/2021-H1": "1/4/3/0"}}, // the June reports are owed too
		{tokens["包头市"], "", map[string]string{"report/2021-H1": "1/1/0/0"}},
		{tokens["自治区团委"], "", map[string]string{"monthly/2021-03": "2/4/2/1", "case/2021": "3/0/0/1"}},
		{tokens["全区"], "包头市", map[string]string{"monthly/2021-03": "1/1/0/0", "monthly/2021-05": "0/1/1/0", "case/2021": "1/0/0/1"}},
		{tokens["包头市"], "", map[string]string{"monthly/2021-03": "1/1/0/0", "arrangement/2021": "1/1/0/1", "case/2021": "1/0/0/1"}},
		{tokens["内蒙古大学"], "", map[string]string{"monthly/2021-03": "1/1/0/1", "monthly/2021-04": "0/1/1/0", "case/2021": "0/0/0/0"}},
	} {
		resp := e.call(t, "GET", "/admin/overview", "year=2021&scope="+url.QueryEscape(tc.scope), tc.token, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.scope, resp.StatusCode, resp.Body)
		}
		var ov admin.OverviewResponse
		if err := json.Unmarshal([]byte(resp.Body), &ov); err != nil {
			t.Fatal(err)
		}
		if ov.Rule != grade.Rule || ov.Targets != grade.TargetsText {
			t.Errorf("overview does not carry the grade rule: %q", ov.Rule)
		}
		got := map[string]string{}
		for _, p := range ov.Periods {
			got[p.Form+"/"+p.Period] = strings.Join([]string{itoa(p.Count), itoa(p.Expected), itoa(p.Missing), itoa(p.Corrections)}, "/")
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("token of %s, scope %q: %s = %q, want %q", ov.Admin, tc.scope, k, got[k], v)
			}
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestBundle builds a bundle through the handler, downloads it with the
// presigned URL and checks it holds only the admin's scope.
func TestBundle(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		e := setup(t, srv)
		resp := e.call(t, "POST", "/admin/bundle", "", tokens["包头市"], "application/json",
			`{"forms":["monthly","arrangement"],"from":"2021-03","to":"2021-06"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, resp.Body)
		}
		var br admin.BundleResponse
		if err := json.Unmarshal([]byte(resp.Body), &br); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(br.URL)
		if err != nil {
			t.Fatal(err)
		}
		if exp := u.Query().Get("X-Amz-Expires"); exp == "" || atoi(exp) > 900 {
			t.Errorf("presigned URL valid for %q s, want at most 900", exp)
		}
		if !strings.HasPrefix(u.Path, "/"+srv.Bucket+"/"+admin.BundlesPrefix) {
			t.Errorf("bundle stored at %s, want under %s", u.Path, admin.BundlesPrefix)
		}
		got, err := http.Get(br.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Body.Close()
		body, _ := io.ReadAll(got.Body)
		if got.StatusCode != 200 || int64(len(body)) != br.Bytes {
			t.Fatalf("download: %d, %d bytes (want %d)", got.StatusCode, len(body), br.Bytes)
		}
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			for _, other := range []string{"鄂尔多斯市", "内蒙古大学", "包头市郊区团委", "孙七", "王五"} {
				if bytes.Contains(b, []byte(other)) && f.Name != "说明.txt" {
					t.Errorf("%s of 包头市's bundle mentions %s", f.Name, other)
				}
			}
		}
		logs := e.keys(t, admin.LogsPrefix)
		if len(logs) != 1 {
			t.Fatalf("audit log: %q", logs)
		}
		rec, err := e.store.Get(context.Background(), logs[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"action":"bundle"`, `"status":200`, `"admin":"管理员-包头市"`, `"scope":"包头市"`, `"from":"2021-03"`, br.FileName[:0] + `"key":"bundles/`} {
			if !strings.Contains(string(rec), want) {
				t.Errorf("audit record %s lacks %s", rec, want)
			}
		}
		if strings.Contains(string(rec), tokens["包头市"]) {
			t.Errorf("audit record holds the token")
		}
	})
}

func atoi(s string) int {
	var n int
	json.Unmarshal([]byte(s), &n)
	return n
}

func TestBundleNoJS(t *testing.T) {
	e := setup(t, s3test.New(t))
	resp := e.call(t, "POST", "/admin/bundle", "", "", "application/x-www-form-urlencoded",
		"token="+tokens["全区"]+"&scope="+url.QueryEscape("包头市青山区")+"&forms=case&forms=report&files=1&from=2021-01&to=2021-12&encoding=gb18030")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Headers["Location"], admin.BundlesPrefix) {
		t.Fatalf("%d %v %s", resp.StatusCode, resp.Headers, resp.Body)
	}
}

func TestBadRequest(t *testing.T) {
	e := setup(t, s3test.New(t))
	for _, body := range []string{`{"from":"2021-06","to":"2021-03"}`, `{"forms":["x"],"from":"2021-03","to":"2021-03"}`,
		`{"from":"2021-13","to":"2021-03"}`, `{"from":"2021-03","to":"2021-03","encoding":"latin1"}`, `not json`, `{"from":"2021-03","to":"2021-03","x":1}`} {
		resp := e.call(t, "POST", "/admin/bundle", "", tokens["全区"], "application/json", body)
		t.Logf("%s: %d %s", body, resp.StatusCode, strings.TrimSpace(resp.Body))
		if resp.StatusCode != 400 || !strings.Contains(resp.Body, `"message"`) {
			t.Errorf("%s: %d %s", body, resp.StatusCode, resp.Body)
		}
	}
	_ = bundle.ScopeAll
}

// TestTimeout: a request that cannot be answered within BuildTimeout fails
// with a message saying what to do, and is logged as such.
func TestTimeout(t *testing.T) {
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, bundletest.Registry(t))
	h, err := admin.New(admin.Config{Store: st, Content: bundletest.Content(), BuildTimeout: time.Nanosecond,
		Admins: []admin.Admin{{Name: "a", Scope: "全区", SHA256: admin.HashToken("tok")}}})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{h: apigw.Handler(h), store: st, srv: srv}
	for _, c := range []struct{ method, path, body string }{{"GET", "/admin/overview", ""}, {"POST", "/admin/bundle", `{"from":"2021-03","to":"2021-06"}`}} {
		resp := e.call(t, c.method, c.path, "", "tok", "application/json", c.body)
		if resp.StatusCode != 503 || !strings.Contains(resp.Body, "命令行") {
			t.Errorf("%s: %d %s", c.path, resp.StatusCode, resp.Body)
		}
	}
	if logs := e.keys(t, admin.LogsPrefix); len(logs) != 2 {
		t.Errorf("audit: %q", logs)
	} else if rec, _ := st.Get(context.Background(), logs[0]); !strings.Contains(string(rec), `"error":"timeout"`) {
		t.Errorf("audit record %s", rec)
	}
	if got := e.keys(t, admin.BundlesPrefix); len(got) != 0 {
		t.Errorf("bundles written: %q", got)
	}
}

// TestDefaultYear: without a year the overview shows the newest round
// that has begun, not an empty current year.
func TestDefaultYear(t *testing.T) {
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	h, err := admin.New(admin.Config{Store: st, Content: bundletest.Content(),
		Now:    func() time.Time { return bundletest.At(2026, 11, 25, 12) },
		Admins: []admin.Admin{{Name: "a", Scope: "全区", SHA256: admin.HashToken("tok")}}})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{h: apigw.Handler(h), store: st, srv: srv}
	resp := e.call(t, "GET", "/admin/overview", "", "tok", "", "")
	var ov admin.OverviewResponse
	json.Unmarshal([]byte(resp.Body), &ov)
	if ov.Year != 2021 || len(ov.Periods) == 0 || !slicesContains(ov.Years, 2026) {
		t.Errorf("year %d, years %v, %d periods", ov.Year, ov.Years, len(ov.Periods))
	}
}

func slicesContains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestRefusedTokensCountedPerMinute: a flood of wrong tokens writes the
// first refusal of each minute and, once the minute is over, its total —
// not one record per request.
func TestRefusedTokensCountedPerMinute(t *testing.T) {
	srv := s3test.New(t)
	st := s3store.New(srv.Client, srv.Bucket)
	now := bundletest.At(2021, 7, 20, 12)
	n := 0
	h, err := admin.New(admin.Config{Store: st, Content: bundletest.Content(), TempDir: t.TempDir(),
		Admins: []admin.Admin{{Name: "甲", Scope: "全区", SHA256: admin.HashToken(tokens["全区"])}},
		Now:    func() time.Time { return now },
		NewID:  func() string { n++; return fmt.Sprintf("id%04d", n) }})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{h: apigw.Handler(h), store: st, srv: srv}
	for i := range 50 {
		now = bundletest.At(2021, 7, 20, 12).Add(time.Duration(i) * time.Second) // 12:00:00–12:00:49
		if resp := e.call(t, "GET", "/admin/overview", "", fmt.Sprintf("wrong-token-%02d", i), "", ""); resp.StatusCode != 401 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if got := e.keys(t, admin.LogsPrefix); len(got) != 1 {
		t.Fatalf("50 refusals in a minute wrote %d records: %q", len(got), got)
	}
	now = now.Add(time.Minute) // a granted request in the next minute closes the count
	if resp := e.call(t, "GET", "/admin/overview", "year=2021", tokens["全区"], "", ""); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var total admin.Record
	for _, k := range e.keys(t, admin.LogsPrefix) {
		b, _ := st.Get(context.Background(), k)
		var rec admin.Record
		json.Unmarshal(b, &rec)
		if rec.Action == admin.ActionRefusedTokens {
			total = rec
		}
		if strings.Contains(string(b), "wrong-token") {
			t.Errorf("a refused token is in the log: %s", b)
		}
	}
	if total.Count != 50 || total.Minute != "2021-07-20T12:00" || total.Status != 401 {
		t.Errorf("the minute's total: %+v", total)
	}
	if got := len(e.keys(t, admin.LogsPrefix)); got != 3 {
		t.Errorf("%d records: want the first refusal, the minute's total and the granted request", got)
	}
}
