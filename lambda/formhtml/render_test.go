package formhtml

import (
	"bytes"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dunban/lambda/chrome"
	"dunban/lambda/form"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test -update and review the diff)", name, path)
	}
}

func TestGoldenFragments(t *testing.T) {
	c := content(t)
	for _, f := range form.All() {
		var buf bytes.Buffer
		opt := options(c)
		opt.Action = "/api/submit/" + f.ID
		opt.Style, opt.Script = "/assets/forms/forms.css", "/assets/forms/forms.js"
		if err := Fragment(&buf, f, opt); err != nil {
			t.Fatal(err)
		}
		golden(t, f.ID, buf.Bytes())
	}
	var buf bytes.Buffer
	if err := Index(&buf, c.Round, "/forms/", renderTime); err != nil {
		t.Fatal(err)
	}
	golden(t, "index", buf.Bytes())
}

func TestGoldenPages(t *testing.T) {
	c := content(t)
	doc := Doc{Portal: "https://portal.example/"}
	sub := &form.Submission{Form: form.Monthly, Values: map[string]string{"contact_name": "王芳", "contact_phone": "0472-5123456"},
		Rows: []map[string]string{{"name": "李华", "students": "5", "cadres": "3", "branches": "2", "coverage": "40", "lectures": "1",
			"league_days": "0", "research": "0", "cases": "0", "practical": "为初二（3）班联系图书捐赠"}}}
	r := Receipt{Form: form.Monthly, Sub: sub, Number: "M20210410-8E9F0A1B",
		Received: time.Date(2021, 4, 11, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)), Unit: "包头市", Period: "2021年3月", Late: true,
		FormURL: "https://portal.example/forms/monthly/"}
	var buf bytes.Buffer
	if err := ReceiptPage(&buf, doc, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "receipt-page", buf.Bytes())
	buf.Reset()
	u := Upload{Form: form.Report, Number: "R20210620-0A1B2C3D", Title: "调研报告", URL: "https://bucket.s3.example/",
		Fields:  []UploadField{{"key", "uploads/report/x.pdf"}, {"policy", "eyJ4IjoxfQ=="}, {"Content-Type", "application/pdf"}},
		Expires: time.Date(2021, 6, 20, 10, 15, 0, 0, time.FixedZone("CST", 8*3600))}
	if err := UploadPage(&buf, doc, u); err != nil {
		t.Fatal(err)
	}
	golden(t, "upload-page", buf.Bytes())
	buf.Reset()
	opt := options(c)
	opt.Values = url.Values{"unit": {"包头市"}, "period": {"2021-03"}, "contact_name": {"张"}, "rows.0.name": {"<b>李四</b>"}, "rows.4.students": {"x"}}
	_, opt.Errors = form.Monthly.Validate(opt.Values, c.Units, c.Round, renderTime)
	if err := ErrorPage(&buf, doc, form.Monthly, opt); err != nil {
		t.Fatal(err)
	}
	golden(t, "error-page", buf.Bytes())
}

// The re-rendered page keeps every value, puts each message beside its
// field and lists them at the top.
func TestErrorPageShowsEveryError(t *testing.T) {
	c := content(t)
	opt := options(c)
	opt.Values = url.Values{"unit": {"包头市"}, "contact_phone": {"123"}, "rows.0.name": {"李四"}, "rows.0.email": {"bad"}, "rows.6.name": {"王五"}}
	_, opt.Errors = form.Arrangement.Validate(opt.Values, c.Units, c.Round, renderTime)
	if len(opt.Errors) < 5 {
		t.Fatalf("expected many errors, got %v", opt.Errors)
	}
	var buf bytes.Buffer
	if err := ErrorPage(&buf, Doc{}, form.Arrangement, opt); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, e := range opt.Errors {
		id := "e-" + strings.ReplaceAll(e.Field, ".", "-")
		if e.Field == "" {
			continue
		}
		if !strings.Contains(page, `id="`+id+`">`+e.Message+`</p>`) {
			t.Errorf("message for %s not shown beside it: %s", e.Field, e.Message)
		}
		if e.Field != "rows" && !strings.HasSuffix(e.Field, ".schools") && !strings.Contains(page, `id="f-`+id[2:]+`"`) {
			t.Errorf("no control for %s", e.Field)
		}
	}
	for _, want := range []string{`value="123"`, `<option value="包头市" selected>`, `value="李四"`, `value="王五"`, `name="rows.6.name"`,
		`aria-invalid="true"`, `<div class="df-summary" id="df-summary" role="alert" tabindex="-1">`, "<style>", "</html>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script src") {
		t.Error("script on a page without Doc.Script")
	}
}

func TestFragmentEscapes(t *testing.T) {
	c := content(t)
	opt := options(c)
	opt.Values = url.Values{"title": {`"><script>alert(1)</script>`}}
	var buf bytes.Buffer
	if err := Fragment(&buf, form.Case, opt); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>alert") {
		t.Error("value not escaped")
	}
}

func TestFragmentClosedAndLate(t *testing.T) {
	c := content(t)
	rd := *c.Round
	rd.Forms = map[string]form.FormRound{}
	for k, v := range c.Round.Forms {
		rd.Forms[k] = v
	}
	fr := rd.Forms["arrangement"]
	fr.Open = false
	rd.Forms["arrangement"] = fr
	opt := options(c)
	opt.Round = &rd
	var buf bytes.Buffer
	Fragment(&buf, form.Arrangement, opt)
	if !strings.Contains(buf.String(), "本表单当前未开放填报") || strings.Contains(buf.String(), "<form") {
		t.Error("closed form still offers a form")
	}
	buf.Reset()
	opt = options(c)
	opt.Now = time.Date(2021, 3, 11, 0, 0, 0, 0, time.UTC)
	Fragment(&buf, form.Arrangement, opt)
	if !strings.Contains(buf.String(), `<span class="df-late">已过截止时间`) {
		t.Error("late notice hidden after the deadline")
	}
	if !strings.Contains(buf.String(), "2021年3月10日（星期三）15:00（北京时间）") {
		t.Error("deadline not shown")
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	c := content(t)
	for _, f := range form.All() {
		var buf bytes.Buffer
		opt := options(c)
		opt.Script, opt.Style = "/a.js", "/a.css"
		Fragment(&buf, f, opt)
		p := buf.String()
		for _, bad := range []string{"<script>", "<style", ` style="`, " onclick=", " onsubmit=", "javascript:"} {
			if strings.Contains(p, bad) {
				t.Errorf("%s: fragment contains %q (CSP forbids it)", f.ID, bad)
			}
		}
		for _, want := range []string{`name="submission_id"`, `name="website"`, `name="rendered_at"`, `name="consent"`, "个人信息告知", `<script src="/a.js" defer>`} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: fragment lacks %s", f.ID, want)
			}
		}
	}
}

// After the round's end, a form page and the index say so and show no form.
func TestEndedRoundPages(t *testing.T) {
	c := content(t)
	rd := *c.Round
	rd.Ends = renderTime.Add(-time.Hour)
	opt := options(c)
	opt.Round = &rd
	var buf bytes.Buffer
	if err := Fragment(&buf, form.Monthly, opt); err != nil {
		t.Fatal(err)
	}
	if page := buf.String(); !strings.Contains(page, "本年度报送已结束") || strings.Contains(page, "<form") {
		t.Errorf("ended round's form page:\n%s", page)
	}
	buf.Reset()
	if err := Index(&buf, &rd, "/forms/", renderTime); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "本年度报送已结束"); n != len(form.All())+1 {
		t.Errorf("index says the round ended %d times", n)
	}
}

// The summary at the top names each problem's place: its row and the field.
func TestErrorSummaryNamesFields(t *testing.T) {
	c := content(t)
	opt := options(c)
	opt.Values = url.Values{"unit": {"包头市"}, "rows.0.name": {"李四"}, "rows.0.students": {"x"}}
	_, opt.Errors = form.Monthly.Validate(opt.Values, c.Units, c.Round, renderTime)
	var buf bytes.Buffer
	if err := Fragment(&buf, form.Monthly, opt); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">团干部第1行 · 访谈普通学生数：请填写整数（0 或正整数）</a>", ">团干部第1行 · 请填写访谈团学干部数</a>", ">请填写填表人</a>"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("summary lacks %s", want)
		}
	}
}

// A row refused for having no school comes back with its school panels open.
func TestNoSchoolOpensPanels(t *testing.T) {
	c := content(t)
	opt := options(c)
	opt.Values = url.Values{"unit": {"包头市"}, "contact_name": {"张三"}, "contact_phone": {"0472-1234567"}, "consent": {"on"},
		"rows.0.level": {"盟市"}, "rows.0.name": {"李四"}, "rows.0.post": {"包头市团委学校部部长"}, "rows.0.phone": {"13800138000"},
		"rows.0.email": {"lisi@example.cn"}, "rows.0.stay_time": {"3月15日—19日"}}
	_, opt.Errors = form.Arrangement.Validate(opt.Values, c.Units, c.Round, renderTime)
	if len(opt.Errors) != 1 || opt.Errors[0].Field != "rows.0.schools" {
		t.Fatalf("errors %v", opt.Errors)
	}
	var buf bytes.Buffer
	if err := Fragment(&buf, form.Arrangement, opt); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), `<details class="df-group" open>`+"\n<summary>入驻学校："); n != len(form.SchoolTypes) {
		t.Errorf("%d school panels open, want all %d", n, len(form.SchoolTypes))
	}
}

// TestPrivacyNotice checks every form's notice says what it collects, why,
// who sees it (admins by scope), how long it is kept (the period the
// bucket's lifecycle enforces) and how to have it erased.
func TestPrivacyNotice(t *testing.T) {
	c := content(t)
	for _, f := range form.All() {
		var buf bytes.Buffer
		Fragment(&buf, f, options(c))
		p := buf.String()
		i := strings.Index(p, `<div class="df-privacy">`)
		if i < 0 {
			t.Fatalf("%s: no notice", f.ID)
		}
		notice := p[i : i+strings.Index(p[i:], "</div>")]
		for _, want := range []string{"<dt>收集内容</dt>\n<dd>" + collected[f.ID], "<dt>用途</dt>", "管辖范围",
			"<dt>保存期限</dt>\n<dd>" + form.RetentionNotice, "删除", "0471-6931811"} {
			if collected[f.ID] == "" || !strings.Contains(notice, want) {
				t.Errorf("%s: notice lacks %q:\n%s", f.ID, want, notice)
			}
		}
	}
}

// A page given its own chrome (as `make run` gives the source tree's) wears
// that chrome's footer and style sheet, not the built-in ones.
func TestDocChrome(t *testing.T) {
	html, err := fs.ReadFile(chrome.Files, "chrome.html")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(html), "共青团内蒙古自治区委员会学校部", "页脚已修改", 1)
	c, err := chrome.Parse(fstest.MapFS{"chrome.html": {Data: []byte(edited)}, "chrome.css": {Data: []byte(".edited</style>{}")}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := MessagePage(&buf, Doc{Chrome: c}, Message{Title: "未能提交", Text: "原因"}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, "页脚已修改") || strings.Contains(page, "共青团内蒙古自治区委员会学校部") {
		t.Error("the page does not wear the chrome it was given")
	}
	if !strings.Contains(page, `.edited<\/style>{}`) || strings.Contains(page, ".masthead {") {
		t.Error("the page does not inline the given chrome.css (escaped), and only it")
	}
}
