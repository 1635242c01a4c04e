package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"dunban/lambda/collect"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode"
	"dunban/lambda/unitcode/unitcodetest"
	"dunban/site/browser"
	"dunban/site/build"
	"dunban/site/serve"
)

// formsBrowser starts Chromium for a test. Its profile folder is removed
// patiently: Chromium's helpers may still write there just after it quits,
// which would fail the test through t.TempDir's strict cleanup.
func formsBrowser(t *testing.T) context.Context {
	t.Helper()
	return browser.New(patientTB{t})
}

// patientTB is a testing.TB whose TempDir tolerates late writers.
type patientTB struct{ testing.TB }

func (p patientTB) TempDir() string {
	dir, err := os.MkdirTemp("", "dunban-chromium-")
	if err != nil {
		p.Fatal(err)
	}
	p.Cleanup(func() {
		for i := 0; i < 40 && os.RemoveAll(dir) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	return dir
}

// formsSite is the portal built from the shipped content with the collector
// mounted at /api on the same origin, storing into an in-process S3 server.
type formsSite struct {
	URL string
	s3  *s3test.Server
}

func newFormsSite(t *testing.T) *formsSite {
	t.Helper()
	return newFormsSiteOf(t, os.DirFS("../../../content"))
}

// newFormsSiteOf is newFormsSite of another content folder.
func newFormsSiteOf(t *testing.T, content fs.FS) *formsSite {
	t.Helper()
	return newFormsSiteWith(t, content, unitcodetest.Book(), testClock(t))
}

// patience is how long a test waits for what the page or the server is
// about to do: a bound that stops a test that would wait forever, far above
// what a busy machine needs, not a check of speed.
const patience = time.Minute

// asOf is when the tests run the shipped 2021 round, as make run's default
// AS_OF does: its forms are open then (the round ended on 2022-01-31).
const asOf = "2021-04-05 10:00"

// testClock is a running clock that starts at asOf, as serve's -as-of.
func testClock(t testing.TB) func() time.Time {
	t.Helper()
	at, err := parseAsOf(asOf)
	if err != nil {
		t.Fatal(err)
	}
	return serveConfig{asOf: at}.clock()
}

// newFormsSiteWith is the portal of content and its collector taking the
// codes of book, both on the clock now.
func newFormsSiteWith(t *testing.T, content fs.FS, book *unitcode.Book, now func() time.Time) *formsSite {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Config{Content: content, Out: out, API: "/api", Now: now}); err != nil {
		t.Fatalf("build the portal: %v", err)
	}
	c, err := form.LoadContent(content)
	if err != nil {
		t.Fatal(err)
	}
	srv := s3test.New(t)
	store := s3store.New(srv.Client, srv.Bucket)
	api := collect.New(c, store, store, collect.Config{Codes: book, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))
	mux.Handle("/", serve.Static(out))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return &formsSite{URL: ts.URL, s3: srv}
}

// objects returns the CSV files stored for a form, each as header + records.
func (s *formsSite) objects(t *testing.T, formID string) [][][]string {
	t.Helper()
	ctx := context.Background()
	list, err := s.s3.Client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(s.s3.Bucket), Prefix: aws.String("submissions/form=" + formID + "/")})
	if err != nil {
		t.Fatal(err)
	}
	var out [][][]string
	for _, o := range list.Contents {
		if !strings.HasSuffix(aws.ToString(o.Key), ".csv") {
			continue
		}
		obj, err := s.s3.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.s3.Bucket), Key: o.Key})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(obj.Body)
		obj.Body.Close()
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", aws.ToString(o.Key), err)
		}
		out = append(out, recs)
	}
	return out
}

// caseValues fill the case form: a short form without rows.
var caseValues = [][2]string{
	{"#f-author", "王十二"},
	{"#f-phone", "13612345678"},
	{"#f-title", "一个团支部的蜕变"},
	{"#f-school", "包头市第九中学"},
	{"#f-summary", "驻校蹲班期间帮助团支部重建组织生活。"},
	{"#f-body", strings.Repeat("驻校期间与同学同吃同学同活动，帮助团支部重建组织生活。", 10)},
}

func fillCase(extra ...chromedp.Action) chromedp.Tasks {
	tasks := chromedp.Tasks{
		chromedp.WaitVisible("#f-title", chromedp.ByID),
		chromedp.SetValue("#f-unit", "包头市青山区", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.SetValue("#f-region", "包头市", chromedp.ByID),
		chromedp.SetValue("#f-school_type", "初级中学", chromedp.ByID),
	}
	for _, kv := range caseValues {
		tasks = append(tasks, typeText(kv[0], kv[1]))
	}
	return append(tasks, extra...)
}

// typeText types text into the field sel (an #id) as a phone's input method
// commits it: the field is focused, as by chromedp.SendKeys, and the text
// inserted in one step, which fires the input event typing fires (the draft,
// the counters). SendKeys sends three key events per character and waits for
// each: seconds for a paragraph of Chinese on a busy machine.
func typeText(sel, text string) chromedp.QueryAction {
	return chromedp.QueryAfter(sel, func(ctx context.Context, _ runtime.ExecutionContextID, nodes ...*cdp.Node) error {
		if len(nodes) < 1 {
			return fmt.Errorf("selector %q did not return any nodes", sel)
		}
		if err := dom.Focus().WithNodeID(nodes[0].NodeID).Do(ctx); err != nil {
			return err
		}
		return input.InsertText(text).Do(ctx)
	}, chromedp.ByID, chromedp.NodeVisible)
}

// draftSaved waits until the draft the page keeps of form id (saved 200 ms
// after the last input) satisfies cond, a JavaScript expression of the
// draft d.
func draftSaved(id, cond string) chromedp.Action {
	return chromedp.Poll(`(function (d) { return !!d && (`+cond+`); })(JSON.parse(localStorage.getItem("dunban:draft:`+id+`") || "null"))`,
		nil, chromedp.WithPollingInterval(20*time.Millisecond))
}

// fillArrangementWithoutSchool fills one cadre's row but no school: only the
// collector's cross-field rule refuses it.
func fillArrangementWithoutSchool() chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible("#f-contact_name", chromedp.ByID),
		chromedp.SetValue("#f-unit", "包头市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		typeText("#f-contact_name", "张三"),
		chromedp.SendKeys("#f-contact_phone", "0472-1234567", chromedp.ByID),
		chromedp.SetValue("#f-rows-0-level", "盟市", chromedp.ByID),
		typeText("#f-rows-0-name", "李四"),
		typeText("#f-rows-0-post", "包头市团委学校部部长"),
		chromedp.SendKeys("#f-rows-0-phone", "13800138000", chromedp.ByID),
		chromedp.SendKeys("#f-rows-0-email", "lisi@example.cn", chromedp.ByID),
		typeText("#f-rows-0-stay_time", "3月15日—19日"),
		chromedp.Click("#f-consent", chromedp.ByID),
	}
}

// With JS: fill, submit, the receipt page opens with its number; the CSV is in S3 and the draft is gone.
func TestFormSubmitWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var number, draft, status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		waitPage("/api/receipt/", "#df-receipt"),
		chromedp.Text("#df-number", &number, chromedp.ByID),
		chromedp.Evaluate(`localStorage.getItem("dunban:draft:case") || ""`, &draft),
	)
	if err != nil {
		chromedp.Run(ctx, chromedp.Evaluate(`(document.getElementById("df-status") || {}).textContent || ""`, &status))
		t.Fatalf("submit: %v (status %q)", err, status)
	}
	if !strings.HasPrefix(number, "C") || len(number) < 10 {
		t.Errorf("receipt number %q", number)
	}
	if draft != "" {
		t.Errorf("draft kept after success: %s", draft)
	}
	objs := site.objects(t, "case")
	if len(objs) != 1 || len(objs[0]) != 2 {
		t.Fatalf("stored %d objects, want 1 with one record", len(objs))
	}
	rec := objs[0][1]
	if !strings.Contains(strings.Join(rec, "|"), "一个团支部的蜕变") || !strings.HasSuffix(number, strings.ToUpper(strings.ReplaceAll(rec[0], "-", ""))[24:]) {
		t.Errorf("stored record %q does not match receipt %s", rec, number)
	}
}

// With JS, rows are added and removed, and a second click while in flight does nothing.
func TestFormRowsWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var before, after, removed int
	var names []string
	var folded bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		chromedp.WaitVisible(".df-add", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll(".df-row").length`, &before),
		chromedp.Evaluate(`!!document.querySelector(".df-more")`, &folded),
		chromedp.Click(".df-add", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll(".df-row").length`, &after),
		chromedp.Click(".df-row:nth-child(2) .df-remove", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll(".df-row").length`, &removed),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll(".df-row input[name$='.name']"), function (e) { return e.name + "#" + e.id; })`, &names),
	)
	if err != nil {
		t.Fatal(err)
	}
	if folded {
		t.Error("the folded rows for pages without script are still there")
	}
	if after != before+1 || removed != before {
		t.Errorf("rows: %d, after add %d, after remove %d", before, after, removed)
	}
	for i, n := range names {
		want := form.RowFieldName(i, "name") + "#f-rows-" + string(rune('0'+i)) + "-name"
		if n != want {
			t.Errorf("row %d renumbered as %s, want %s", i, n, want)
		}
	}
}

// Reload mid-way: the draft comes back, with the same submission id.
func TestFormDraftSurvivesReload(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var idBefore, idAfter, title, body, notice string
	var consent bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		chromedp.Value(`input[name="submission_id"]`, &idBefore, chromedp.ByQuery),
		draftSaved("case", `d.values.consent === "on"`), // the last input: consent ticked
		chromedp.Reload(),
		chromedp.WaitVisible("#df-draft", chromedp.ByID),
		chromedp.Text("#df-draft", &notice, chromedp.ByID),
		chromedp.Value("#f-title", &title, chromedp.ByID),
		chromedp.Value("#f-body", &body, chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("f-consent").checked`, &consent),
		chromedp.Value(`input[name="submission_id"]`, &idAfter, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title != "一个团支部的蜕变" || !strings.HasPrefix(body, "驻校期间") || !consent {
		t.Errorf("draft not restored: title %q, body %.20q, consent %v", title, body, consent)
	}
	if !strings.Contains(notice, "草稿") {
		t.Errorf("no draft notice: %q", notice)
	}
	if parsed, err := record.Parse(idAfter); idBefore == "" || idBefore != idAfter || err != nil || parsed.String() != idAfter || parsed.Version() != 7 {
		t.Errorf("submission id %q before reload, %q after (want the same UUID v7)", idBefore, idAfter)
	}
}

// Errors appear beside their fields: the script's own check (bad phone) and
// the collector's answer (an arrangement row without any school).
func TestFormErrorsBesideFields(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var phoneErr, described, focused string
	var phoneHidden bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		chromedp.SetValue("#f-phone", "12345", chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#e-phone", chromedp.ByID),
		chromedp.Text("#e-phone", &phoneErr, chromedp.ByID),
		chromedp.AttributeValue("#f-phone", "aria-describedby", &described, nil, chromedp.ByID),
		chromedp.Evaluate(`document.activeElement.id`, &focused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(phoneErr, "0471-6931811") || !strings.Contains(described, "e-phone") || focused != "f-phone" {
		t.Errorf("phone error %q, aria-describedby %q, focus on %q", phoneErr, described, focused)
	}
	// Server-side: the arrangement's cross-field rule only the collector checks.
	var schoolsErr string
	err = chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		fillArrangementWithoutSchool(),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#e-rows-0-schools", chromedp.ByID),
		chromedp.Text("#e-rows-0-schools", &schoolsErr, chromedp.ByID),
		chromedp.Evaluate(`document.querySelector(".df-submit").disabled`, &phoneHidden),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(schoolsErr, "入驻学校") {
		t.Errorf("server error beside the row: %q", schoolsErr)
	}
	if phoneHidden {
		t.Error("submit still disabled after the answer")
	}
	if n := len(site.objects(t, "arrangement")); n != 0 {
		t.Errorf("%d objects stored for a refused submission", n)
	}
}

// Without JS: the plain POST lands on the receipt page; a server-side error
// comes back as the form again with the message beside the field.
func TestFormWithoutJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var h1, number, schoolsErr, kept, folded string
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		postClick(".df-submit"),
		waitPage("/api/receipt/case/", "h1"),
		chromedp.Evaluate(`document.querySelector("h1").textContent`, &h1),
		chromedp.Evaluate(`(document.body.innerText.match(/C\d{8}-[0-9A-F]{8}/) || [""])[0]`, &number),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h1, "提交成功") || !strings.HasPrefix(number, "C") {
		t.Errorf("receipt page: h1 %q, number %q", h1, number)
	}
	if n := len(site.objects(t, "case")); n != 1 {
		t.Errorf("%d objects stored, want 1", n)
	}
	// A fresh tab: chromedp does not follow the document a plain post opened.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	err = chromedp.Run(tab,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		fillArrangementWithoutSchool(),
		chromedp.Click(".df-more summary", chromedp.ByQuery),
		typeText("#f-rows-5-name", "王五"),
		postClick(".df-submit"),
		waitPage("/api/submit/arrangement", "footer.footer"), // the page's end: every row is there
		chromedp.Evaluate(`document.getElementById("e-rows-5-post").textContent + "|" + document.getElementById("f-rows-5-name").value`, &folded),
		chromedp.Evaluate(`document.getElementById("e-rows-0-schools").textContent`, &schoolsErr),
		chromedp.Evaluate(`document.getElementById("f-rows-0-name").value`, &kept),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(schoolsErr, "入驻学校") || kept != "李四" {
		t.Errorf("no-JS re-render: error %q, kept name %q", schoolsErr, kept)
	}
	if folded != "请填写工作单位及职务|王五" {
		t.Errorf("folded row 6 after re-render: %q", folded)
	}
}

// postClick clicks the element that sends a plain form post. The click can
// race the navigation it starts and report "Inspected target navigated or
// closed"; that is the post going out, so it counts as done.
func postClick(sel string) chromedp.ActionFunc {
	return func(ctx context.Context) error {
		err := chromedp.Click(sel, chromedp.ByQuery).Do(ctx)
		if err != nil && strings.Contains(err.Error(), "navigated or closed") {
			return nil
		}
		return err
	}
}

// waitPage waits until the page's address contains part and its document
// has an element matching sel: after a plain form post, chromedp's own
// waits do not follow the new document.
func waitPage(part, sel string) chromedp.ActionFunc {
	return func(ctx context.Context) error {
		var loc, body string
		for {
			var found bool
			// While the post's answer replaces the document, the
			// browser may answer "target navigated or closed": look again.
			err := chromedp.Location(&loc).Do(ctx)
			if err == nil && strings.Contains(loc, part) {
				try, cancel := context.WithTimeout(ctx, time.Second)
				err := chromedp.Evaluate(`!!document.querySelector(`+strconv.Quote(sel)+`)`, &found).Do(try)
				cancel()
				if err == nil && found {
					return nil
				}
			}
			if err == nil {
				try, cancel := context.WithTimeout(ctx, time.Second)
				_ = chromedp.Evaluate(`"invalid: " + Array.from(document.querySelectorAll("input:invalid,select:invalid,textarea:invalid"), e => e.id).join(" ") + "; " + (document.body ? document.body.innerText.slice(0, 200) : "")`, &body).Do(try)
				cancel()
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s on %s: %w (at %s: %q)", sel, part, ctx.Err(), loc, body)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

// TestFormScreenshots saves a phone-width picture of every form page into
// $SCREENSHOTS (skipped without it), for a person to look at.
func TestFormScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		t.Skip("set SCREENSHOTS=<dir> to save phone-width pictures of the form pages")
	}
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	for _, f := range form.All() {
		png, err := browser.Screenshot(ctx, site.URL+"/forms/"+f.ID+"/")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "form-"+f.ID+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The first screen after a failed submit, and one row with a school open.
	var errs, row []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		chromedp.WaitVisible("#f-contact_name", chromedp.ByID),
		chromedp.SendKeys("#f-rows-0-phone", "1234", chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#df-summary", chromedp.ByID),
		chromedp.CaptureScreenshot(&errs),
		chromedp.Click(".df-row details:nth-of-type(2) summary", chromedp.ByQuery),
		chromedp.Screenshot(".df-row", &row, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "form-errors.png"), errs, 0o644)
	os.WriteFile(filepath.Join(dir, "form-row.png"), row, 0o644)
}

// The report's file goes straight to S3 by the signed POST, then the form
// is sent with the file's key.
func TestFormReportUploadWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	file := filepath.Join(t.TempDir(), "调研报告.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n% dunban test report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var number, status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/report/"),
		chromedp.WaitVisible("#f-title", chromedp.ByID),
		chromedp.SetValue("#f-unit", "赤峰市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.SetValue("#f-period", "2021-H1", chromedp.ByID),
		chromedp.SetValue("#f-kind", "调研报告", chromedp.ByID),
		typeText("#f-title", "赤峰市中学共青团工作调研报告"),
		typeText("#f-author", "郑十一"),
		chromedp.SendKeys("#f-phone", "0476-8888888", chromedp.ByID),
		typeText("#f-abstract", "本报告围绕中学团支部建设开展调研，提出五条建议。"),
		chromedp.SetUploadFiles("#f-file", []string{file}, chromedp.ByID),
		chromedp.Click("#f-consent", chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
	)
	if err == nil {
		wait, cancel := context.WithTimeout(ctx, patience)
		err = chromedp.Run(wait, waitPage("/api/receipt/", "#df-receipt"), chromedp.Text("#df-number", &number, chromedp.ByID))
		cancel()
	}
	if err != nil {
		chromedp.Run(ctx, chromedp.Text("#df-status", &status, chromedp.ByID))
		t.Fatalf("report: %v (status %q)", err, status)
	}
	objs := site.objects(t, "report")
	if len(objs) != 1 {
		t.Fatalf("%d report objects", len(objs))
	}
	rec := strings.Join(objs[0][1], "|")
	if !strings.Contains(rec, "uploads/report/") || !strings.Contains(rec, "调研报告.pdf") {
		t.Errorf("record lacks the file: %s", rec)
	}
	up, err := site.s3.Client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(site.s3.Bucket), Prefix: aws.String("uploads/report/")})
	if err != nil || len(up.Contents) != 1 || !strings.Contains(rec, aws.ToString(up.Contents[0].Key)) {
		t.Errorf("uploaded files %v (err %v); record %s", up, err, rec)
	}
}

// A lost connection: the person is told, the draft stays, the button comes
// back, and sending again once online stores exactly one submission.
func TestFormOfflineKeepsDraft(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var status, draft, number string
	var disabled bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		network.Enable(),
		network.EmulateNetworkConditions(true, 0, -1, -1),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#df-status.df-bad", chromedp.ByQuery),
		chromedp.Text("#df-status", &status, chromedp.ByID),
		chromedp.Evaluate(`localStorage.getItem("dunban:draft:case") || ""`, &draft),
		chromedp.Evaluate(`document.querySelector(".df-submit").disabled`, &disabled),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status, "网络") || !strings.Contains(draft, "一个团支部的蜕变") || disabled {
		t.Fatalf("offline: status %q, draft kept %v, button disabled %v", status, strings.Contains(draft, "一个团支部的蜕变"), disabled)
	}
	if n := len(site.objects(t, "case")); n != 0 {
		t.Fatalf("%d objects while offline", n)
	}
	err = chromedp.Run(ctx,
		network.EmulateNetworkConditions(false, 0, -1, -1),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		waitPage("/api/receipt/", "#df-receipt"),
		chromedp.Text("#df-number", &number, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(site.objects(t, "case")); n != 1 || number == "" {
		t.Errorf("after going online: %d objects, receipt %q", n, number)
	}
}

// A double click sends once: the button is disabled while the request is
// in flight and the id is the same on any retry.
func TestFormDoubleClickStoresOnce(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		chromedp.Evaluate(`(function () { var b = document.querySelector(".df-submit"); b.click(); b.click(); b.click(); return true; })()`, nil),
		waitPage("/api/receipt/", "#df-receipt"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(site.objects(t, "case")); n != 1 {
		t.Errorf("%d objects after a triple click, want 1", n)
	}
}
