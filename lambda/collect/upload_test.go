package collect_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"dunban/lambda/s3test"
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

func TestReportUploadWithScript(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		res := invoke(t, h, readEvent(t, "upload-json.json"))
		var up uploadAnswer
		if err := json.Unmarshal([]byte(res.Body), &up); err != nil || res.StatusCode != 200 || !up.OK {
			t.Fatalf("presign: %d %s", res.StatusCode, res.Body)
		}
		if !regexp.MustCompile(`^uploads/report/year=2021/month=04/[0-9a-f-]{36}\.docx$`).MatchString(up.Key) ||
			up.Fields["Content-Type"] != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
			t.Fatalf("upload = %+v", up)
		}
		order := []string{"key", "Content-Type", "policy", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature"}
		if r := postToS3(t, up.URL, up.Fields, order, []byte("PK\x03\x04 docx")); r.StatusCode/100 != 2 {
			t.Fatalf("upload to S3: %d", r.StatusCode)
		}
		ev := readEvent(t, "monthly-json.json")
		ev.RawPath, ev.RequestContext.HTTP.Path = "/submit/report", "/submit/report"
		b, _ := json.Marshal(reportValues(up.Key))
		ev.Body = string(b)
		res = invoke(t, h, ev)
		if a := decodeAnswer(t, res); res.StatusCode != 200 || !a.OK {
			t.Fatalf("report: %d %+v", res.StatusCode, a)
		}
		// A key this collector did not sign, or a file never uploaded, is refused.
		for _, bad := range []string{"uploads/report/year=2021/month=04/nothing.pdf", "uploads/case/x.pdf"} {
			b, _ = json.Marshal(reportValues(bad))
			ev.Body = string(b)
			res = invoke(t, h, ev)
			if a := decodeAnswer(t, res); res.StatusCode != 400 || len(a.Errors) != 1 || a.Errors[0].Field != "file" {
				t.Errorf("%s: %d %+v", bad, res.StatusCode, a)
			}
		}
	})
}

func TestUploadRequestChecked(t *testing.T) {
	h := newHandler(t, storeFor(s3test.New(t)))
	for body, status := range map[string]int{
		`{"name":"a.exe","size":10}`:       400,
		`{"name":"a.pdf","size":0}`:        400,
		`{"name":"a.PDF","size":20971521}`: 413,
		`{"name":"a.wps","size":1}`:        200,
		`not json`:                         400,
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

// TestReportUploadWithoutScript follows a browser without JavaScript: the
// report's details first, then the upload page, S3, and back to the receipt.
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
		action := regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(page.Body)[1]
		fields, order := map[string]string{}, []string{}
		for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(page.Body, -1) {
			fields[htmlUnescape(m[1])] = htmlUnescape(m[2])
			order = append(order, htmlUnescape(m[1]))
		}
		if !strings.HasSuffix(fields["success_action_redirect"], strings.Split(get.RawPath, "?")[0]) || !strings.HasPrefix(fields["success_action_redirect"], "https://") {
			t.Errorf("redirect = %q", fields["success_action_redirect"])
		}
		if !strings.Contains(page.Headers["Content-Security-Policy"], "form-action 'self' "+srv.Endpoint) {
			t.Errorf("CSP does not allow posting to S3: %s", page.Headers["Content-Security-Policy"])
		}
		up := postToS3(t, htmlUnescape(action), fields, order, []byte("PK\x03\x04 docx"))
		if up.StatusCode/100 != 2 && up.StatusCode/100 != 3 {
			t.Fatalf("upload to S3: %d", up.StatusCode)
		}
		page = invoke(t, h, get)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "提交成功") || strings.Contains(page.Body, "第二步") {
			t.Errorf("receipt after upload: %d\n%s", page.StatusCode, page.Body)
		}
		if got := keys(t, srv); len(got) != 2 || !strings.HasPrefix(got[1], "uploads/report/year=2021/month=01/") {
			t.Errorf("objects = %v", got)
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
		if res := invoke(t, h, get); res.StatusCode != status || !strings.Contains(res.Body, "<!doctype html>") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	var _ events.APIGatewayV2HTTPRequest
}
