package collect_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3test"
)

// withForm replaces the event's body with a urlencoded form.
func withForm(ev events.APIGatewayV2HTTPRequest, v url.Values) events.APIGatewayV2HTTPRequest {
	ev = clone(ev)
	ev.Body, ev.IsBase64Encoded = v.Encode(), false
	ev.Headers["content-type"] = "application/x-www-form-urlencoded"
	delete(ev.Headers, "content-length")
	return ev
}

func monthlyForm(t *testing.T) url.Values {
	t.Helper()
	ev := readEvent(t, "monthly-form.json")
	b, _ := base64.StdEncoding.DecodeString(ev.Body)
	v, err := url.ParseQuery(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRefusedRequestsStoreNothing(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	form := readEvent(t, "monthly-form.json")
	jsonEv := readEvent(t, "monthly-json.json")
	set := func(kv ...string) url.Values {
		f := monthlyForm(t)
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	add := func(k string, vs ...string) url.Values { f := monthlyForm(t); f.Del(k); f[k] = vs; return f }
	tests := []struct {
		name   string
		ev     events.APIGatewayV2HTTPRequest
		status int
		want   string // in the body
	}{
		{"too large", withForm(form, set("rows.0.practical", strings.Repeat("很", 400_000))), 413, "过大"},
		{"content type", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Headers["content-type"] = "text/plain"
			return e
		}(), 415, "格式不受支持"},
		{"multipart", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Headers["content-type"] = "multipart/form-data; boundary=x"
			return e
		}(), 415, "格式不受支持"},
		{"charset", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Headers["content-type"] = "application/x-www-form-urlencoded; charset=gbk"
			return e
		}(), 415, "UTF-8"},
		{"unknown form", func() events.APIGatewayV2HTTPRequest { e := clone(form); e.RawPath = "/submit/nope"; return e }(), 404, "没有这个表单"},
		{"GET", func() events.APIGatewayV2HTTPRequest {
			e := readEvent(t, "receipt-get.json")
			e.RawPath = "/submit/monthly"
			return e
		}(), 405, "只接收表单提交"},
		{"invalid UTF-8", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Body += "&rows.0.practical=%FF%FE"
			return e
		}(), 400, "UTF-8"},
		{"invalid UTF-8 JSON", func() events.APIGatewayV2HTTPRequest {
			e := clone(jsonEv)
			e.Body = base64.StdEncoding.EncodeToString([]byte(strings.Replace(e.Body, "李明", "\xff\xfe", 1)))
			e.IsBase64Encoded = true
			return e
		}(), 400, "UTF-8"},
		{"too many fields", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Body += strings.Repeat("&x=1", 5000)
			return e
		}(), 400, "字段过多"},
		{"over-long value", withForm(form, set("rows.0.practical", strings.Repeat("a", 70_000))), 400, "过长"},
		{"bad JSON", func() events.APIGatewayV2HTTPRequest { e := clone(jsonEv); e.Body = `{"unit": {"x": 1}}`; return e }(), 400, "无法解析"},
		{"truncated JSON", func() events.APIGatewayV2HTTPRequest { e := clone(jsonEv); e.Body = e.Body[:len(e.Body)/2]; return e }(), 400, "无法解析"},
		{"honeypot", withForm(form, set("website", "http://spam.example")), 400, "未通过检查"},
		{"honeypot of blanks", withForm(form, set("website", " ")), 400, "未通过检查"},
		{"honeypot repeated, empty", withForm(form, add("website", "", "")), 400, "未通过检查"},
		{"honeypot repeated, the second filled", withForm(form, add("website", "", "spam")), 400, "未通过检查"},
		{"rendered_at not a time", withForm(form, set("rendered_at", "yesterday")), 400, "页面已失效"},
		{"rendered_at empty", withForm(form, set("rendered_at", "")), 400, "页面已失效"},
		{"rendered_at repeated", withForm(form, add("rendered_at", "1617000000000", "1617000000000")), 400, "页面已失效"},
		{"rendered_at two days ahead", withForm(form, set("rendered_at", "1618031400000")), 400, "页面已失效"},
		{"rendered_at years ago", withForm(form, set("rendered_at", "1500000000000")), 400, "页面已失效"},
		{"too fast", func() events.APIGatewayV2HTTPRequest {
			return withForm(form, set("rendered_at", "1617858599000")) // one second before the clock
		}(), 400, "过快"},
		{"sent_at one second after rendered_at, device years ahead", withForm(form, set("rendered_at", "1720000000000", "sent_at", "1720000001000")), 400, "过快"},
		{"sent_at not a time", withForm(form, set("rendered_at", "1617000000000", "sent_at", "now")), 400, "页面已失效"},
		{"sent_at before rendered_at", withForm(form, set("rendered_at", "1617000000000", "sent_at", "1616000000000")), 400, "页面已失效"},
		{"sent_at a second before rendered_at", withForm(form, set("rendered_at", "1617000000000", "sent_at", "1616999999000")), 400, "页面已失效"},
		{"foreign origin", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Headers["origin"] = "https://evil.example"
			return e
		}(), 403, "门户网站"},
		{"null origin", func() events.APIGatewayV2HTTPRequest {
			e := withForm(form, monthlyForm(t))
			e.Headers["origin"] = "null"
			return e
		}(), 403, "门户网站"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.ev
			ev.Headers = maps.Clone(ev.Headers)
			res := invoke(t, h, ev)
			if res.StatusCode != tt.status || !strings.Contains(res.Body, tt.want) {
				t.Errorf("got %d, want %d with %q:\n%.400s", res.StatusCode, tt.status, tt.want, res.Body)
			}
			for _, leak := range []string{"s3", "goroutine", "%!", "json:", "invalid character"} {
				if strings.Contains(res.Body, leak) {
					t.Errorf("answer leaks %q:\n%.400s", leak, res.Body)
				}
			}
		})
	}
	if got := keys(t, srv); len(got) != 0 {
		t.Errorf("refused requests stored %v", got)
	}
}

// clone copies an event so that changing its headers leaves ev alone.
func clone(ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPRequest {
	ev.Headers = maps.Clone(ev.Headers)
	return ev
}

func TestEveryFieldProblemAtOnce(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	ev := readEvent(t, "monthly-json.json")
	ev.Body = `{"unit":"","unit_code":"TESTA-BCDEF","period":"2021-03","contact_name":"王","contact_phone":"12345","consent":"",
		"rows.0.name":"李明","rows.0.days":"2","rows.0.cadre_coverage":"100","rows.0.students":"很多","rows.0.cadres":"8","rows.0.branches":"3","rows.0.coverage":"185",
		"rows.0.lectures":"1","rows.0.league_days":"1","rows.0.research":"0","rows.0.cases":"1"}`
	res := invoke(t, h, ev)
	a := decodeAnswer(t, res)
	if res.StatusCode != http.StatusBadRequest || a.OK {
		t.Fatalf("status %d, %+v", res.StatusCode, a)
	}
	got := map[string]string{}
	for _, e := range a.Errors {
		got[e.Field] = e.Message
	}
	for _, f := range []string{"unit", "contact_name", "contact_phone", "consent", "rows.0.students", "rows.0.coverage"} {
		if got[f] == "" {
			t.Errorf("no message for %s; got %v", f, got)
		}
	}
	if res.Headers["Access-Control-Allow-Origin"] != "https://dunban.example.cn" {
		t.Errorf("CORS header = %q", res.Headers["Access-Control-Allow-Origin"])
	}
	if len(keys(t, srv)) != 0 {
		t.Error("invalid submission stored")
	}
}

func TestPlainFormErrorsRedrawTheForm(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	v := monthlyForm(t)
	v.Set("contact_phone", "12345")
	v.Set("rows.1.coverage", "<b>120</b>")
	res := invoke(t, h, withForm(readEvent(t, "monthly-form.json"), v))
	if res.StatusCode != 400 || !strings.HasPrefix(res.Headers["Content-Type"], "text/html") {
		t.Fatalf("status %d %s", res.StatusCode, res.Headers["Content-Type"])
	}
	for _, s := range []string{`<form`, `action="monthly"`, `value="王晓红"`, `value="12345"`, `id="e-contact_phone">请填写手机号`,
		`href="#f-rows-1-coverage"`, `&lt;b&gt;120&lt;/b&gt;`, `href="https://dunban.example.cn/"`} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("redrawn form lacks %q", s)
		}
	}
	if strings.Contains(res.Body, "<b>120") {
		t.Error("a posted value reached the page unescaped")
	}
}

func TestFillTimeAheadOfServerIsClockSkew(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	v := monthlyForm(t)
	v.Set("rendered_at", "1617858660000") // a minute after the server's clock
	if res := invoke(t, h, withForm(readEvent(t, "monthly-form.json"), v)); res.StatusCode != 303 {
		t.Errorf("status %d", res.StatusCode)
	}
}

// TestFillTimeOnAWrongDeviceClock: the script sends rendered_at and sent_at
// by the device's clock; a phone years ahead or behind, or a server whose
// clock is not today's (make run -as-of), still gets its report through.
func TestFillTimeOnAWrongDeviceClock(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	for name, sent := range map[string]int64{"three years ahead": 1617858600000 + 3*365*86400000, "five years behind": 1617858600000 - 5*365*86400000} {
		v := monthlyForm(t)
		v.Set("rendered_at", strconv.FormatInt(sent-5*60*1000, 10))
		v.Set("sent_at", strconv.FormatInt(sent, 10))
		v.Set("period", map[string]string{"three years ahead": "2021-03", "five years behind": "2021-04"}[name])
		if res := invoke(t, h, withForm(readEvent(t, "monthly-form.json"), v)); res.StatusCode != 303 {
			t.Errorf("%s: status %d", name, res.StatusCode)
		}
	}
}

func TestClosedFormRefused(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	h.Closed = map[string]bool{"monthly": true}
	res := invoke(t, h, readEvent(t, "monthly-json.json"))
	if a := decodeAnswer(t, res); res.StatusCode != http.StatusForbidden || a.Message != "本表单当前未开放填报。" {
		t.Errorf("closed form: %d %+v", res.StatusCode, a)
	}
	if len(keys(t, srv)) != 0 {
		t.Error("closed form stored")
	}
}

// After the round's end (its "ends"), every form says so and stores nothing.
func TestEndedRoundRefused(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	rd := *h.Content.Round
	rd.Ends = time.Date(2022, 1, 31, 23, 59, 59, 0, cst)
	h.Content = &form.Content{Units: h.Content.Units, Round: &rd}
	h.Now = func() time.Time { return time.Date(2022, 2, 1, 8, 0, 0, 0, cst) }
	res := invoke(t, h, readEvent(t, "monthly-json.json"))
	if a := decodeAnswer(t, res); res.StatusCode != http.StatusForbidden || !strings.HasPrefix(a.Message, "本年度报送已结束") {
		t.Errorf("ended round: %d %+v", res.StatusCode, a)
	}
	res = invoke(t, h, withForm(readEvent(t, "monthly-form.json"), monthlyForm(t)))
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "本年度报送已结束") {
		t.Errorf("ended round, plain post: %d", res.StatusCode)
	}
	if len(keys(t, srv)) != 0 {
		t.Error("a form of an ended round stored")
	}
}

func TestRetryAfterClosingGetsTheOriginalReceipt(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	first := decodeAnswer(t, invoke(t, h, readEvent(t, "monthly-json.json")))
	h.Closed = map[string]bool{"monthly": true}
	res := invoke(t, h, readEvent(t, "monthly-json.json"))
	if a := decodeAnswer(t, res); res.StatusCode != 200 || !a.Duplicate || a.Receipt != first.Receipt {
		t.Errorf("retry after closing: %d %+v", res.StatusCode, a)
	}
}

func TestLateSubmissionKeptAndFlagged(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	h.Now = func() time.Time { return time.Date(2021, 4, 11, 9, 0, 0, 0, cst) } // after 2021-04-10 23:59
	res := invoke(t, h, readEvent(t, "monthly-json.json"))
	a := decodeAnswer(t, res)
	if res.StatusCode != 200 || !a.Late {
		t.Fatalf("late submission: %d %+v", res.StatusCode, a)
	}
	got := keys(t, srv)
	b, _ := storeFor(srv).Get(t.Context(), got[0])
	_, recs, _ := record.Decode(b)
	if recs[0][6] != "是" {
		t.Errorf("late column = %q", recs[0][6])
	}
}

func TestTooManyRowsAndOverlongFields(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	ev := readEvent(t, "monthly-json.json")
	m := eventFields(t, "monthly-json.json")
	for i := 2; i < 210; i++ {
		for _, f := range []string{"name", "students", "cadres", "branches", "coverage", "lectures", "league_days", "research", "cases"} {
			m[fmt.Sprintf("rows.%d.%s", i, f)] = m["rows.0."+f]
		}
	}
	m["rows.1.practical"] = strings.Repeat("很", 501)
	b, _ := json.Marshal(m)
	ev.Body = string(b)
	res := invoke(t, h, ev)
	a := decodeAnswer(t, res)
	got := map[string]bool{}
	for _, e := range a.Errors {
		got[e.Field] = true
	}
	if res.StatusCode != 400 || !got["rows"] || !got["rows.1.practical"] {
		t.Errorf("status %d, errors %+v", res.StatusCode, a.Errors)
	}
	if len(keys(t, srv)) != 0 {
		t.Error("stored")
	}
}
