package collect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"dunban/lambda/collect"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode"
	"dunban/lambda/unitcode/unitcodetest"
)

// uploadAnswer is what the page's script gets from POST /upload/report.
type uploadAnswer struct {
	OK      bool              `json:"ok"`
	URL     string            `json:"url"`
	Fields  map[string]string `json:"fields"`
	Key     string            `json:"key"`
	Message string            `json:"message"`
}

// postToS3 uploads a file the way the browser does: fields first, file last.
func postToS3(t *testing.T, target string, fields map[string]string, order []string, body []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, k := range order {
		mw.WriteField(k, fields[k])
	}
	fw, _ := mw.CreateFormFile("file", "总结.docx")
	fw.Write(body)
	mw.Close()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Post(target, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func reportValues(fileKey string) map[string]string {
	return map[string]string{
		"unit": "包头市", "unit_code": unitcodetest.Code, "rendered_at": "1617000000000", "period": "2021-H1", "kind": "阶段性总结报告", "title": "包头市2021年上半年驻校蹲班工作总结",
		"author": "王晓红", "phone": "0472-5112233", "abstract": "上半年全市42名团干部进驻38所学校，联系班级团支部96个，访谈学生2100余人。",
		"file": "总结.docx", "file_key": fileKey, "consent": "on",
	}
}

// presign asks the collector for an upload slot of the report form.
func presign(t *testing.T, h *collect.Handler, unit, code string) (events.APIGatewayV2HTTPResponse, uploadAnswer) {
	t.Helper()
	ev := readEvent(t, "upload-json.json")
	var body map[string]any
	json.Unmarshal([]byte(ev.Body), &body)
	body["unit"], body["unit_code"] = unit, code
	b, _ := json.Marshal(body)
	ev.Body = string(b)
	res := invoke(t, h, ev)
	var up uploadAnswer
	json.Unmarshal([]byte(res.Body), &up)
	return res, up
}

// slotOrder is the order the page sends a slot's fields in.
var slotOrder = []string{"key", "Content-Type", "policy", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature"}

// submitReport sends the report form as the page's script does.
func submitReport(t *testing.T, h *collect.Handler, unit, fileKey, sid string) (events.APIGatewayV2HTTPResponse, jsonAnswer) {
	t.Helper()
	ev := readEvent(t, "monthly-json.json")
	ev.RawPath, ev.RequestContext.HTTP.Path = "/submit/report", "/submit/report"
	v := reportValues(fileKey)
	v["unit"], v["submission_id"] = unit, sid
	b, _ := json.Marshal(v)
	ev.Body = string(b)
	res := invoke(t, h, ev)
	return res, decodeAnswer(t, res)
}

// TestReportUploadWithScript follows the page's script: a slot for the
// unit, the file to S3 under the pending prefix, then the report, which
// adopts the file (copies it to the report's own key, named in its CSV).
// A report may adopt only a file issued for its own unit and form.
func TestReportUploadWithScript(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		res, up := presign(t, h, "包头市", unitcodetest.Code)
		if res.StatusCode != 200 || !up.OK {
			t.Fatalf("presign: %d %s", res.StatusCode, res.Body)
		}
		if !regexp.MustCompile(`^uploads/pending/report/[0-9a-f]{16}/[0-9a-f-]{36}\.docx$`).MatchString(up.Key) ||
			up.Fields["Content-Type"] != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
			t.Fatalf("upload = %+v", up)
		}
		file := []byte("PK\x03\x04 docx of 包头市")
		if r := postToS3(t, up.URL, up.Fields, slotOrder, file); r.StatusCode/100 != 2 {
			t.Fatalf("upload to S3: %d", r.StatusCode)
		}
		// 赤峰市's report cannot adopt 包头市's file, whatever else it holds.
		before := keys(t, srv)
		if res, a := submitReport(t, h, "赤峰市", up.Key, "0178afe0-4c00-7e11-8a9b-0c1d2e3f4a01"); res.StatusCode != 400 || len(a.Errors) != 1 || a.Errors[0].Field != "file" {
			t.Errorf("another unit's report adopting the file: %d %+v", res.StatusCode, a)
		}
		if got := keys(t, srv); strings.Join(got, " ") != strings.Join(before, " ") {
			t.Errorf("a refused report stored objects: %v", got)
		}
		sid := "0178afe0-4c00-7e11-8a9b-0c1d2e3f4a5b"
		res, a := submitReport(t, h, "包头市", up.Key, sid)
		if res.StatusCode != 200 || !a.OK {
			t.Fatalf("report: %d %+v", res.StatusCode, a)
		}
		final := "uploads/report/year=2021/month=04/" + sid + ".docx"
		if b, err := storeFor(srv).Get(context.Background(), final); err != nil || !bytes.Equal(b, file) {
			t.Errorf("adopted file %q: %q, %v", final, b, err)
		}
		csv, err := storeFor(srv).Get(context.Background(), "submissions/form=report/year=2021/month=01/"+sid+".csv")
		if err != nil {
			t.Fatalf("the report's CSV: %v (objects %v)", err, keys(t, srv))
		}
		if !strings.Contains(string(csv), ","+final+",") && !strings.HasSuffix(strings.TrimSpace(string(csv)), ","+final) {
			t.Errorf("the CSV does not name the adopted file:\n%s", csv)
		}
		// A retry is the same submission and the same file.
		if res, a := submitReport(t, h, "包头市", up.Key, sid); res.StatusCode != 200 || !a.Duplicate {
			t.Errorf("retry: %d %+v", res.StatusCode, a)
		}
		// Keys this collector did not issue for 包头市's report are refused.
		for _, bad := range []string{
			"uploads/report/year=2021/month=04/nothing.pdf", "uploads/case/x.pdf",
			strings.Replace(up.Key, "/report/", "/case/", 1),
			strings.Replace(up.Key, ".docx", ".pdf", 1),
			up.Key[:strings.LastIndex(up.Key, "/")] + "/0178afe0-4c00-7e11-8a9b-0c1d2e3f4a5c.docx", // never uploaded
		} {
			if res, a := submitReport(t, h, "包头市", bad, "0178afe0-4c00-7e11-8a9b-0c1d2e3f4a02"); res.StatusCode != 400 || len(a.Errors) != 1 || a.Errors[0].Field != "file" {
				t.Errorf("%s: %d %+v", bad, res.StatusCode, a)
			}
		}
	})
}

// TestUploadSlotNeedsTheUnitsCode: a slot is issued only for a unit of the
// registry with its own code; no code, a wrong one or another unit's gets
// 403 beside the code's field, and nothing is signed.
func TestUploadSlotNeedsTheUnitsCode(t *testing.T) {
	baotou, chifeng := unitcode.New(), unitcode.New()
	book := unitcode.NewBook()
	book.Set("包头市", baotou)
	book.Set("赤峰市", chifeng)
	h := newHandler(t, storeFor(s3test.New(t)))
	h.Codes = book
	for _, c := range []struct {
		name, unit, code, field string
		status                  int
	}{
		{"no unit", "", baotou, "unit", 400},
		{"a unit not in the registry", "包头", baotou, "unit", 400},
		{"no code", "包头市", "", "unit_code", 403},
		{"a wrong code", "包头市", "KQ7MZ-3XHPD", "unit_code", 403},
		{"another unit's code", "包头市", chifeng, "unit_code", 403},
		{"its own code", "包头市", baotou, "", 200},
	} {
		res, up := presign(t, h, c.unit, c.code)
		a := decodeAnswer(t, res)
		if res.StatusCode != c.status || (c.status == 200) != (up.OK && up.URL != "") {
			t.Errorf("%s: %d %s", c.name, res.StatusCode, res.Body)
		}
		if c.field != "" && (len(a.Errors) != 1 || a.Errors[0].Field != c.field) {
			t.Errorf("%s: errors %+v", c.name, a.Errors)
		}
		if strings.Contains(res.Body, baotou) || strings.Contains(res.Body, chifeng) {
			t.Errorf("%s: the answer repeats the code", c.name)
		}
	}
}

func TestUploadRequestChecked(t *testing.T) {
	h := newHandler(t, storeFor(s3test.New(t)))
	who := `"unit":"包头市","unit_code":"` + unitcodetest.Code + `",`
	for body, status := range map[string]int{
		`{` + who + `"name":"a.exe","size":10}`:       400,
		`{` + who + `"name":"a.pdf","size":0}`:        400,
		`{` + who + `"name":"a.PDF","size":20971521}`: 413,
		`{` + who + `"name":"a.wps","size":1}`:        200,
		`not json`:                                    400,
	} {
		ev := readEvent(t, "upload-json.json")
		ev.Body = body
		if res := invoke(t, h, ev); res.StatusCode != status {
			t.Errorf("%s: %d, want %d: %s", body, res.StatusCode, status, res.Body)
		}
	}
	ev := readEvent(t, "upload-json.json")
	ev.RawPath = "/upload/monthly"
	if res := invoke(t, h, ev); res.StatusCode != 404 {
		t.Errorf("upload for a form without file: %d", res.StatusCode)
	}
}

// uploadStep returns the upload page's form: its action and fields in order.
func uploadStep(t *testing.T, body string) (string, map[string]string, []string) {
	t.Helper()
	m := regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no upload form:\n%s", body)
	}
	fields, order := map[string]string{}, []string{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		fields[htmlUnescape(m[1])] = htmlUnescape(m[2])
		order = append(order, htmlUnescape(m[1]))
	}
	return htmlUnescape(m[1]), fields, order
}

// backTo is the receipt request S3's redirect leads to.
func backTo(t *testing.T, get events.APIGatewayV2HTTPRequest, location string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	u, err := url.Parse(location)
	if err != nil || u.Path != strings.Split(get.RawPath, "?")[0] {
		t.Fatalf("S3 sent the browser to %q", location)
	}
	back := clone(get)
	back.RawQueryString = u.RawQuery
	back.QueryStringParameters = map[string]string{}
	for k, v := range u.Query() {
		back.QueryStringParameters[k] = v[0]
	}
	return back
}

// TestReportUploadWithoutScript follows a browser without JavaScript: the
// report's details first, then the upload page, S3 (under the pending
// prefix, with the redirect S3 makes) and back to the receipt, which adopts
// the file. A redirect naming another unit's file adopts nothing.
func TestReportUploadWithoutScript(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		v := url.Values{}
		for k, s := range reportValues("") {
			v.Set(k, s)
		}
		ev := withForm(readEvent(t, "monthly-form.json"), v)
		ev.RawPath = "/submit/report"
		res := invoke(t, h, ev)
		if res.StatusCode != 303 {
			t.Fatalf("report details: %d %s", res.StatusCode, res.Body)
		}
		get := clone(readEvent(t, "receipt-get.json"))
		get.RawPath = "/receipt/report/" + strings.TrimPrefix(res.Headers["Location"], "../receipt/report/")
		page := invoke(t, h, get)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "第二步：上传报告文件") {
			t.Fatalf("upload step: %d\n%s", page.StatusCode, page.Body)
		}
		action, fields, order := uploadStep(t, page.Body)
		if !strings.HasSuffix(fields["success_action_redirect"], strings.Split(get.RawPath, "?")[0]) || !strings.HasPrefix(fields["success_action_redirect"], "https://") {
			t.Errorf("redirect = %q", fields["success_action_redirect"])
		}
		if !strings.HasPrefix(fields["key"], "uploads/pending/report/") {
			t.Errorf("slot key = %q", fields["key"])
		}
		if !strings.Contains(page.Headers["Content-Security-Policy"], "form-action 'self' "+srv.Endpoint) {
			t.Errorf("CSP does not allow posting to S3: %s", page.Headers["Content-Security-Policy"])
		}
		// Another unit's pending file, named in a forged redirect, is not adopted.
		_, other := presign(t, h, "赤峰市", unitcodetest.Code)
		if r := postToS3(t, other.URL, other.Fields, slotOrder, []byte("PK\x03\x04 赤峰市")); r.StatusCode/100 != 2 {
			t.Fatalf("upload for 赤峰市: %d", r.StatusCode)
		}
		forged := clone(get)
		forged.RawQueryString = "key=" + url.QueryEscape(other.Key)
		forged.QueryStringParameters = map[string]string{"key": other.Key}
		if page := invoke(t, h, forged); !strings.Contains(page.Body, "第二步") {
			t.Errorf("a forged redirect adopted another unit's file:\n%s", page.Body)
		}
		file := []byte("PK\x03\x04 docx")
		up := postToS3(t, action, fields, order, file)
		if up.StatusCode != 303 {
			t.Fatalf("upload to S3: %d, want the redirect to the receipt", up.StatusCode)
		}
		page = invoke(t, h, backTo(t, get, up.Header.Get("Location")))
		if page.StatusCode != 200 || !strings.Contains(page.Body, "提交成功") || strings.Contains(page.Body, "第二步") {
			t.Errorf("receipt after upload: %d\n%s", page.StatusCode, page.Body)
		}
		id := strings.TrimPrefix(strings.Split(get.RawPath, "?")[0], "/receipt/report/")
		if b, err := storeFor(srv).Get(context.Background(), "uploads/report/year=2021/month=01/"+id+".docx"); err != nil || !bytes.Equal(b, file) {
			t.Errorf("the report's file: %q, %v (objects %v)", b, err, keys(t, srv))
		}
		// The receipt stays the receipt once the file is adopted.
		if page := invoke(t, h, get); !strings.Contains(page.Body, "提交成功") {
			t.Errorf("receipt later:\n%s", page.Body)
		}
	})
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

func TestPreflightAndReceipts(t *testing.T) {
	h := newHandler(t, storeFor(s3test.New(t)))
	ev := clone(readEvent(t, "monthly-json.json"))
	ev.RequestContext.HTTP.Method, ev.Body = "OPTIONS", ""
	ev.Headers["access-control-request-method"] = "POST"
	res := invoke(t, h, ev)
	if res.StatusCode != 204 || res.Headers["Access-Control-Allow-Origin"] != "https://dunban.example.cn" {
		t.Errorf("preflight: %d %v", res.StatusCode, res.Headers)
	}
	ev.Headers["origin"] = "https://evil.example"
	if res := invoke(t, h, ev); res.StatusCode != 403 || res.Headers["Access-Control-Allow-Origin"] != "" {
		t.Errorf("foreign preflight: %d %v", res.StatusCode, res.Headers)
	}
	for path, status := range map[string]int{
		"/receipt/monthly/0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d": 404, // never stored
		"/receipt/monthly/not-an-id":                            404,
		"/receipt/nope/0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d":    404,
		"/elsewhere": 404,
	} {
		get := readEvent(t, "receipt-get.json")
		get.RawPath = path
		if res := invoke(t, h, get); res.StatusCode != status || !strings.Contains(strings.ToLower(res.Body), "<!doctype html>") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	var _ events.APIGatewayV2HTTPRequest
}

// TestAdoptionFailureStoresNothing: when S3 fails to copy the report's file
// to its own key, the report is answered 503 and not stored; sent again once
// S3 is well, it is stored once, with its file.
func TestAdoptionFailureStoresNothing(t *testing.T) {
	srv := s3test.New(t)
	fp, st := newFaultProxy(t, srv)
	h := newHandler(t, st)
	_, up := presign(t, h, "包头市", unitcodetest.Code)
	if r := postToS3(t, up.URL, up.Fields, slotOrder, []byte("%PDF report")); r.StatusCode/100 != 2 {
		t.Fatalf("upload: %d", r.StatusCode)
	}
	fp.mode.Store("copy-500")
	sid := "0178afe0-4c00-7e11-8a9b-0c1d2e3f4a5b"
	if res, a := submitReport(t, h, "包头市", up.Key, sid); res.StatusCode != 503 || a.OK {
		t.Errorf("copy failing: %d %+v", res.StatusCode, a)
	}
	for _, k := range keys(t, srv) {
		if !strings.HasPrefix(k, "uploads/pending/") {
			t.Errorf("stored %s although the report was refused", k)
		}
	}
	fp.mode.Store("")
	if res, a := submitReport(t, h, "包头市", up.Key, sid); res.StatusCode != 200 || !a.OK || a.Duplicate {
		t.Errorf("sent again: %d %+v", res.StatusCode, a)
	}
	if got := keys(t, srv); len(got) != 3 {
		t.Errorf("objects %v: want the pending file, the report's copy and its CSV", got)
	}
}
