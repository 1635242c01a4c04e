package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"dunban/lambda/unitcode/unitcodetest"
)

// fillMonthly fills the monthly report for 包头市 with one cadre, whose
// name is typed with a space (李 华): it is stored as 李华.
func fillMonthly(period string) chromedp.Tasks {
	t := chromedp.Tasks{
		chromedp.WaitVisible("#f-contact_name", chromedp.ByID),
		chromedp.SetValue("#f-unit", "包头市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.SetValue("#f-period", period, chromedp.ByID),
		typeText("#f-contact_name", "王芳"),
		chromedp.SendKeys("#f-contact_phone", "150-4771-2345", chromedp.ByID),
		typeText("#f-rows-0-name", "李 华"),
	}
	for _, kv := range [][2]string{{"days", "2"}, {"students", "5"}, {"cadres", "3"}, {"cadre_coverage", "50"}, {"branches", "2"}, {"coverage", "40"},
		{"lectures", "1"}, {"league_days", "0"}, {"research", "0"}, {"cases", "0"}} {
		t = append(t, chromedp.SendKeys("#f-rows-0-"+kv[0], kv[1], chromedp.ByID))
	}
	return append(t, chromedp.Click("#f-consent", chromedp.ByID))
}

// receiptText reads what the receipt page shows on screen and its sheet.
func receiptText(facts, sheet *string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Evaluate(`document.querySelector(".df-facts").innerText`, facts),
		chromedp.Evaluate(`document.querySelector(".df-sheet").innerText`, sheet),
	}
}

var receiptNumber = regexp.MustCompile(`^[ATMRC]\d{8}-[0-9A-F]{8}$`)

// checkPrinted prints the receipt page as Chromium prints it, checks what
// print media shows and the paper's orientation, and keeps the PDF (and a
// picture of its first page, when pdftoppm is installed) in $SCREENSHOTS.
func checkPrinted(t *testing.T, ctx context.Context, name string, landscape bool) {
	t.Helper()
	var shown string
	var pdf []byte
	err := chromedp.Run(ctx,
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`["masthead", "df-receipt", "df-sheet", "footer", "df-stamp"].map(function (c) {
			var el = document.querySelector("." + c); return c + "=" + (el ? getComputedStyle(el).display : "absent"); }).join(" ")`, &shown),
		emulation.SetEmulatedMedia().WithMedia(""),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("print %s: %v", name, err)
	}
	want := "masthead=none df-receipt=none df-sheet=block footer=none df-stamp=block"
	if shown != want {
		t.Errorf("%s in print: %s, want %s", name, shown, want)
	}
	m := regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("%s: no page size in the PDF (%d bytes)", name, len(pdf))
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if a4 := (w > 840 && w < 843 && h > 594 && h < 597) || (h > 840 && h < 843 && w > 594 && w < 597); !a4 || (w > h) != landscape {
		t.Errorf("%s prints on %.0f×%.0f pt, want A4 landscape=%v", name, w, h, landscape)
	}
	if n := strings.Count(string(pdf), "/Type /Page\n") + strings.Count(string(pdf), "/Type /Page/"); n > 2 {
		t.Errorf("%s prints on %d pages", name, n)
	}
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		file := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if tool, err := exec.LookPath("pdftoppm"); err == nil {
			exec.Command(tool, "-png", "-r", "60", "-f", "1", "-l", "1", file, strings.TrimSuffix(file, ".pdf")).Run()
		}
	}
}

// With JS: the monthly report is sent, the receipt page opens with what was
// received and prints as the sheet on A4 landscape; 修改并重新报送 brings the
// sent values back on this device, and the corrected report is stored too.
func TestReceiptAndCorrectionWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var number, facts, sheet, firstID string
	var printable bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		fillMonthly("2021-03"),
		chromedp.Value(`input[name="submission_id"]`, &firstID, chromedp.ByQuery),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		waitPage("/api/receipt/monthly/", "#df-receipt"),
		chromedp.Text("#df-number", &number, chromedp.ByID),
		receiptText(&facts, &sheet),
		chromedp.Evaluate(`!document.getElementById("df-print").hidden`, &printable),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !receiptNumber.MatchString(number) || !printable {
		t.Errorf("receipt number %q, print button shown %v", number, printable)
	}
	for _, want := range []string{"包头市", "2021年3月", "团干部 1 行", "北京时间"} {
		if !strings.Contains(facts, want) {
			t.Errorf("receipt lacks %s:\n%s", want, facts)
		}
	}
	for _, want := range []string{"李华", "15047712345", "王芳", number, "单位（盖章）"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s:\n%s", want, sheet)
		}
	}
	checkPrinted(t, ctx, "receipt-monthly", true)
	shoot(t, ctx, "receipt-monthly")

	// Correct one number from the receipt.
	var name, students, secondID, status, second string
	err = chromedp.Run(ctx,
		chromedp.Click("#df-edit", chromedp.ByID),
		waitPage("/forms/monthly/#edit", "#f-rows-0-name"),
		chromedp.WaitVisible("#f-rows-0-name", chromedp.ByID),
		chromedp.Value("#f-rows-0-name", &name, chromedp.ByID),
		chromedp.Value("#f-rows-0-students", &students, chromedp.ByID),
		chromedp.Value(`input[name="submission_id"]`, &secondID, chromedp.ByQuery),
		chromedp.Text("#df-status", &status, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if name != "李 华" || students != "5" || secondID == "" || secondID == firstID || !strings.Contains(status, number) {
		t.Fatalf("修改并重新报送: name %q, students %q, id %q (first %q), status %q", name, students, secondID, firstID, status)
	}
	err = chromedp.Run(ctx,
		setValue("f-rows-0-students", "9"),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		// The browser's clock is years ahead of the server's (asOf), so the
		// collector files under an id of its own, not the page's.
		waitPage("/api/receipt/monthly/", "#df-receipt"),
		chromedp.Text("#df-number", &second, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	objs := site.objects(t, "monthly")
	if len(objs) != 2 || second == number {
		t.Fatalf("after the correction: %d objects, receipts %s and %s", len(objs), number, second)
	}
	corrected := false
	for _, o := range objs {
		corrected = corrected || strings.Contains(strings.Join(o[1], "|"), "|李华|2|9|3|50|2|40|")
	}
	if !corrected {
		t.Errorf("no stored report holds the corrected figure: %v", objs)
	}
}

// 复制上月: after a month was sent from this device, the next month's table
// starts from its cadres and their figures "as of the month", with the
// month's own counts left blank.
func TestCopyLastMonth(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var name, branches, coverage, students, contact, period, note string
	var offered bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		fillMonthly("2021-03"),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		waitPage("/api/receipt/monthly/", "#df-receipt"),
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		chromedp.WaitVisible("#df-copy-last", chromedp.ByID),
		chromedp.Evaluate(`!document.getElementById("df-sent").hidden`, &offered),
		chromedp.SetValue("#f-period", "2021-04", chromedp.ByID),
		chromedp.Evaluate(`window.confirm = function () { return true; }`, nil),
		chromedp.Click("#df-copy-last", chromedp.ByID),
		chromedp.Value("#f-rows-0-name", &name, chromedp.ByID),
		chromedp.Value("#f-rows-0-branches", &branches, chromedp.ByID),
		chromedp.Value("#f-rows-0-coverage", &coverage, chromedp.ByID),
		chromedp.Value("#f-rows-0-students", &students, chromedp.ByID),
		chromedp.Value("#f-contact_name", &contact, chromedp.ByID),
		chromedp.Value("#f-period", &period, chromedp.ByID),
		chromedp.Text("#df-status", &note, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !offered {
		t.Error("the form does not offer the last sent report")
	}
	if name != "李 华" || branches != "2" || coverage != "40" || students != "" || contact != "王芳" || period != "2021-04" {
		t.Errorf("复制上月: name %q branches %q coverage %q students %q contact %q period %q", name, branches, coverage, students, contact, period)
	}
	if !strings.Contains(note, "2021年3月") {
		t.Errorf("status after 复制上月: %q", note)
	}
	shoot(t, ctx, "form-monthly-copied")
}

// Without JS: the arrangement's plain post lands on the same receipt, which
// prints as the attachment (its title, the school types over their columns)
// on A4 landscape; the print button stays hidden without script.
func TestReceiptWithoutJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var facts, sheet, heads string
	var printable bool
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		fillArrangementWithoutSchool(),
		chromedp.Click(".df-row details:first-of-type summary", chromedp.ByQuery),
		typeText("#f-rows-0-higher_school", "内蒙古科技大学"),
		typeText("#f-rows-0-higher_class", "内蒙古科技大学 机械学院 2020级1班"),
		typeText("#f-rows-0-higher_secretary", "赵六"),
		chromedp.SendKeys("#f-rows-0-higher_contact", "0472 5951234", chromedp.ByID),
		postClick(".df-submit"),
		waitPage("/api/receipt/arrangement/", "#df-receipt"),
		receiptText(&facts, &sheet),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll(".df-sheet th"), function (e) { return e.textContent; }).join("|")`, &heads),
		chromedp.Evaluate(`!document.getElementById("df-print").hidden`, &printable),
	)
	if err != nil {
		t.Fatal(err)
	}
	if printable {
		t.Error("print button shown without script")
	}
	var editHidden bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("df-edit").hidden`, &editHidden)); err != nil || !editHidden {
		t.Errorf("修改并重新报送 offered without script (hidden %v, %v)", editHidden, err)
	}
	for _, want := range []string{"包头市", "参加人员 1 行", "北京时间"} {
		if !strings.Contains(facts, want) {
			t.Errorf("receipt lacks %s:\n%s", want, facts)
		}
	}
	for _, want := range []string{"2021 年全区学校共青团“驻校蹲班”工作安排表", "盟市（高校）团委：包头市", "李四", "赵六", "04725951234", "单位（盖章）"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s:\n%s", want, sheet)
		}
	}
	if !strings.Contains(heads, "|高等院校|高级中学|") || !strings.Contains(heads, "|校团委书记|联系方式|") {
		t.Errorf("sheet headings: %s", heads)
	}
	checkPrinted(t, ctx, "receipt-arrangement", true)
	shoot(t, ctx, "receipt-arrangement")
}

// shoot saves the page at 390 and 1366 px into $SCREENSHOTS, when set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, w := range []int64{390, 1366} {
		var png []byte
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(w, 900), chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		os.WriteFile(filepath.Join(dir, name+"-"+strconv.FormatInt(w, 10)+".png"), png, 0o644)
	}
	chromedp.Run(ctx, chromedp.EmulateViewport(390, 844))
}

// After the round's end the form pages say 本年度报送已结束 and show no form,
// and the collector refuses what is still sent.
func TestEndedRound(t *testing.T) {
	t.Parallel()
	// The shipped round, which ended on 2022-01-31, on today's clock.
	site := newFormsSiteWith(t, os.DirFS("../../../content"), unitcodetest.Book(), time.Now)
	ctx := formsBrowser(t)
	var closed, index, answer string
	var forms int
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		chromedp.Text(".df-closed", &closed, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("form.df-form").length`, &forms),
		chromedp.Evaluate(`fetch("/api/submit/monthly", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"})
			.then(function (r) { return r.json(); }).then(function (a) { return a.message; })`, &answer,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(closed, "本年度报送已结束") || forms != 0 {
		t.Errorf("ended round's monthly page: %q, %d forms", closed, forms)
	}
	if !strings.HasPrefix(answer, "本年度报送已结束") {
		t.Errorf("collector after the end: %q", answer)
	}
	shoot(t, ctx, "form-monthly-ended")
	err = chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/"),
		chromedp.Text("main", &index, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(index, "本年度报送已结束") != 6 {
		t.Errorf("forms index after the end:\n%s", index)
	}
	shoot(t, ctx, "forms-index-ended")
}

// Errors name their row and field, in the browser's own check.
func TestNamedErrorsWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var items []string
	var count string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		fillMonthly("2021-03"),
		setValue("f-rows-0-students", "五"),
		setValue("f-rows-0-cadres", ""),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#df-summary", chromedp.ByID),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#df-summary li"), function (e) { return e.textContent; })`, &items),
		chromedp.Navigate(site.URL+"/forms/case/"),
		chromedp.WaitVisible("#f-body", chromedp.ByID),
		typeText("#f-body", "十个字的正文内容写在这"),
		chromedp.Text("#n-body", &count, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"团干部第1行 · 访谈普通学生数：请填写整数（0 或正整数）", "团干部第1行 · 请填写访谈团学干部数"}
	if strings.Join(items, "\n") != strings.Join(want, "\n") {
		t.Errorf("summary:\n%s\nwant (the phone with dashes accepted):\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
	if count != "已写 11 字（至少 200 字，最多 20000 字）" {
		t.Errorf("body counter: %q", count)
	}
}

// setValue sets an input's value as typing would, by its id.
func setValue(id, v string) chromedp.Action {
	return chromedp.Evaluate(`(function () { var el = document.getElementById(`+strconv.Quote(id)+`); el.value = `+strconv.Quote(v)+`;
		el.dispatchEvent(new Event("input", { bubbles: true })); return true; })()`, nil)
}

// TestCadreScreenshots saves, at 390 and 1366 px, every page a cadre meets
// that this work changed, into $SCREENSHOTS (skipped without it).
func TestCadreScreenshots(t *testing.T) {
	t.Parallel()
	if os.Getenv("SCREENSHOTS") == "" {
		t.Skip("set SCREENSHOTS=<dir> to save the pages' pictures")
	}
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	for _, p := range []string{"forms", "forms/arrangement", "forms/tasklist", "forms/monthly", "forms/report", "forms/case"} {
		if err := chromedp.Run(ctx, chromedp.Navigate(site.URL+"/"+p+"/"), chromedp.WaitReady("footer", chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		shoot(t, ctx, strings.ReplaceAll(p, "/", "-"))
	}
}

// TestCollectorScreenshots saves the collector's own pages, without script:
// a refused request, the form drawn again with its errors, the report's
// upload step (skipped without $SCREENSHOTS).
func TestCollectorScreenshots(t *testing.T) {
	t.Parallel()
	if os.Getenv("SCREENSHOTS") == "" {
		t.Skip("set SCREENSHOTS=<dir> to save the pages' pictures")
	}
	tab := formsBrowser(t)
	site := newFormsSite(t)
	err := chromedp.Run(tab,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/api/submit/monthly"),
		chromedp.WaitReady("footer", chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	shoot(t, tab, "collector-message")
	err = chromedp.Run(tab,
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		fillArrangementWithoutSchool(),
		postClick(".df-submit"),
		waitPage("/api/submit/arrangement", "#e-rows-0-schools"),
	)
	if err != nil {
		t.Fatal(err)
	}
	shoot(t, tab, "collector-errors")
}

// Without script the report's first page asks for the file's type only and
// the next page (the upload step) for the file: the file is asked for once.
func TestReportFileOnceWithoutJS(t *testing.T) {
	t.Parallel()
	tab := formsBrowser(t)
	site := newFormsSite(t)
	var before, after int
	err := chromedp.Run(tab,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/report/"),
		chromedp.WaitVisible("#f-title", chromedp.ByID),
		chromedp.SetValue("#f-unit", "赤峰市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.SetValue("#f-period", "2021-H1", chromedp.ByID),
		chromedp.SetValue("#f-kind", "调研报告", chromedp.ByID),
		typeText("#f-title", "赤峰市中学共青团工作调研报告"),
		typeText("#f-author", "刘十三"),
		chromedp.SendKeys("#f-phone", "0476 8888888", chromedp.ByID),
		typeText("#f-abstract", "本报告围绕中学团支部建设开展调研，提出五条建议。"),
		chromedp.SetValue("#f-file-type", "报告文件.pdf", chromedp.ByID),
		chromedp.Click("#f-consent", chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("input[type=file]:not([disabled])").length`, &before),
	)
	if err != nil {
		t.Fatal(err)
	}
	shoot(t, tab, "form-report-nojs")
	err = chromedp.Run(tab,
		postClick(".df-submit"),
		waitPage("/api/receipt/report/", "footer"),
		chromedp.Evaluate(`document.querySelectorAll("input[type=file]").length`, &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	if before != 0 || after != 1 {
		t.Errorf("file inputs: %d on the form, %d on the upload step; want 0 and 1", before, after)
	}
	shoot(t, tab, "collector-upload-step")
}

// 按工作安排表填入姓名: the monthly report takes its cadres' names from the
// unit's 工作安排表, which the collector reads with the unit's code.
func TestFillNamesFromArrangement(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := newFormsSite(t)
	var name, note string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/arrangement/"),
		fillArrangementWithoutSchool(),
		chromedp.Click(".df-row details:first-of-type summary", chromedp.ByQuery),
		typeText("#f-rows-0-higher_school", "内蒙古科技大学"),
		typeText("#f-rows-0-higher_class", "内蒙古科技大学 机械学院 2020级1班"),
		typeText("#f-rows-0-higher_secretary", "赵六"),
		chromedp.SendKeys("#f-rows-0-higher_contact", "0472 5951234", chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		waitPage("/api/receipt/arrangement/", "#df-receipt"),
		chromedp.Navigate(site.URL+"/forms/monthly/"),
		chromedp.WaitVisible("#df-fill-names", chromedp.ByID),
		chromedp.SetValue("#f-unit", "包头市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", unitcodetest.Code, chromedp.ByID),
		chromedp.Click("#df-fill-names", chromedp.ByID),
		chromedp.WaitVisible(`#df-status`, chromedp.ByID),
		chromedp.Poll(`document.getElementById("f-rows-0-name").value !== ""`, nil),
		chromedp.Value("#f-rows-0-name", &name, chromedp.ByID),
		chromedp.Text("#df-status", &note, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if name != "李四" || !strings.Contains(note, "1 名") {
		t.Errorf("names from the 工作安排表: %q, status %q", name, note)
	}
}
