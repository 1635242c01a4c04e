package collect_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dunban/lambda/formhtml"
	"dunban/lambda/s3test"
)

// The receipt page of a plain post says what was received: form, unit,
// period, rows, the time in Beijing time and one receipt number (no UUID),
// and may run only its print button's script.
func TestReceiptPageContent(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	res := invoke(t, h, withForm(readEvent(t, "monthly-form.json"), monthlyForm(t)))
	if res.StatusCode != 303 {
		t.Fatalf("post: %d %s", res.StatusCode, res.Body)
	}
	get := clone(readEvent(t, "receipt-get.json"))
	get.RawPath = "/receipt/monthly/" + strings.TrimPrefix(res.Headers["Location"], "../receipt/monthly/")
	page := invoke(t, h, get)
	if page.StatusCode != 200 {
		t.Fatalf("receipt: %d", page.StatusCode)
	}
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page.Body, " ")
	for _, want := range []string{"任务清单完成情况（月报）", "填报单位", "报送期", "填报行数", "（北京时间）", "打印回执", "修改并重新报送", "单位（盖章）", `class="masthead"`, `class="footer"`} {
		if !strings.Contains(text, want) && !strings.Contains(page.Body, want) {
			t.Errorf("receipt lacks %s", want)
		}
	}
	numbers := regexp.MustCompile(`M\d{8}-[0-9A-F]{8}`).FindAllString(text, -1)
	if len(numbers) < 1 {
		t.Fatalf("no receipt number in\n%s", text)
	}
	for _, n := range numbers {
		if n != numbers[0] {
			t.Errorf("two receipt numbers: %v", numbers)
		}
	}
	if uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-`).FindString(text); uuid != "" {
		t.Errorf("the page shows a second number %s…", uuid)
	}
	if csp := page.Headers["Content-Security-Policy"]; !strings.Contains(csp, "script-src "+formhtml.PrintScriptHash) {
		t.Errorf("CSP %q does not allow the print button's script", csp)
	}
}

// A report whose file never arrived says so on its receipt.
func TestReceiptSaysFileMissing(t *testing.T) {
	srv := s3test.New(t)
	h := newHandler(t, storeFor(srv))
	h.Uploads = nil // no upload step: the file cannot arrive
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
	if page.StatusCode != 200 || !strings.Contains(page.Body, "报告文件尚未收到") {
		t.Errorf("receipt of a report without its file: %d\n%s", page.StatusCode, page.Body)
	}
}

// A receipt that is not there is a page that could not be opened, not a
// form that could not be sent: no advice about going back to the form.
func TestMissingReceiptPage(t *testing.T) {
	h := newHandler(t, storeFor(s3test.New(t)))
	get := clone(readEvent(t, "receipt-get.json"))
	get.RawPath = "/receipt/monthly/M20210405-00000000"
	res := invoke(t, h, get)
	if res.StatusCode != 404 || !strings.Contains(res.Body, "<title>未能打开") || !strings.Contains(res.Body, "没有找到这条提交记录") ||
		strings.Contains(res.Body, "返回表单") || !strings.Contains(res.Body, ">返回门户首页</a>") {
		t.Errorf("status %d, page:\n%s", res.StatusCode, res.Body)
	}
}
