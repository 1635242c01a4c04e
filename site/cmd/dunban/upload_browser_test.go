package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dunban/lambda/devserver"
)

// makeRun is `dunban serve` as `make run` starts it, on a fresh data folder.
type makeRun struct {
	URL, data, code string
	// ready is when it listened: its pages were built before.
	ready time.Time
}

// minFill is the shortest time make run takes a form filled in (its bot
// check, lambda/devserver's MinFill): a form sent sooner after its page was
// built or shown is refused.
const minFill = 3 * time.Second

// builtMinFillAgo waits until the pages of m were built minFill ago by the
// server's clock: what a plain post (no script) is measured by.
func (m *makeRun) builtMinFillAgo() chromedp.ActionFunc {
	return func(ctx context.Context) error {
		select {
		case <-time.After(time.Until(m.ready.Add(minFill))):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// shownMinFillAgo waits until the page was shown minFill ago by its own
// clock: the script sends rendered_at, when the page was shown, and sent_at,
// and the collector measures the time between them.
func shownMinFillAgo() chromedp.Action {
	return chromedp.Poll(fmt.Sprintf(`Date.now() - Number(document.querySelector('input[name="rendered_at"]').value) >= %d`, minFill.Milliseconds()),
		nil, chromedp.WithPollingInterval(50*time.Millisecond))
}

func startMakeRun(t *testing.T) *makeRun {
	t.Helper()
	data := t.TempDir()
	var stdout syncBuffer
	cfg, err := parseServe([]string{"-content", "../../../content", "-out", filepath.Join(t.TempDir(), "public"), "-addr", "127.0.0.1:0", "-as-of", asOf, "-data", data}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.build.Templates = nil // the embedded templates: no watching of the source tree
	stop, done := make(chan os.Signal, 1), make(chan error, 1)
	go func() { done <- runServe(cfg, &stdout, stop) }()
	t.Cleanup(func() {
		stop <- os.Interrupt
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := waitForAddress(t, &stdout)
	ready := time.Now()
	secrets, err := devserver.LoadSecrets(data)
	if err != nil {
		t.Fatal(err)
	}
	return &makeRun{URL: base, data: data, code: secrets.UnitCode, ready: ready}
}

// reportFiles lists the reports' files the embedded store holds on disk.
func (m *makeRun) reportFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(m.data, "s3", "buckets", devserver.Bucket, "uploads", "report", "year=*", "month=*", "*"))
	return files
}

func fillReport(code, file string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible("#f-title", chromedp.ByID),
		chromedp.SetValue("#f-unit", "赤峰市", chromedp.ByID),
		chromedp.SendKeys("#f-unit_code", code, chromedp.ByID),
		chromedp.SetValue("#f-period", "2021-H1", chromedp.ByID),
		chromedp.SetValue("#f-kind", "调研报告", chromedp.ByID),
		typeText("#f-title", "赤峰市中学共青团工作调研报告"),
		typeText("#f-author", "王晓红"),
		chromedp.SendKeys("#f-phone", "0476-8888888", chromedp.ByID),
		typeText("#f-abstract", "本报告围绕中学团支部建设开展调研，提出五条建议。"),
		chromedp.SetUploadFiles("#f-file", []string{file}, chromedp.ByID),
		chromedp.Click("#f-consent", chromedp.ByID),
	}
}

func reportPDF(t *testing.T) (string, []byte) {
	t.Helper()
	body := []byte("%PDF-1.4\n% dunban report uploaded under make run\n")
	file := filepath.Join(t.TempDir(), "调研报告.pdf")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return file, body
}

// TestReportUploadWithoutJSUnderMakeRun: without JavaScript, under make
// run, the report's details go first, the upload page posts the file
// straight to the embedded store, which checks the signed policy and sends
// the browser back to the receipt, which adopts the file.
func TestReportUploadWithoutJSUnderMakeRun(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := startMakeRun(t)
	file, body := reportPDF(t)
	var h1, step string
	var stepPNG, receiptPNG []byte
	stages := []struct {
		name    string
		actions chromedp.Tasks
	}{
		{"fill the details", chromedp.Tasks{
			emulation.SetScriptExecutionDisabled(true),
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(site.URL + "/forms/report/"),
			fillReport(site.code, file),
			// Without script the form asks for the file's type; the next step asks for the file.
			chromedp.SetValue("#f-file-type", "报告文件.pdf", chromedp.ByID),
		}},
		{"send them", chromedp.Tasks{
			site.builtMinFillAgo(),
			postClick(".df-submit"),
			waitPage("/api/receipt/report/", "#f-upload"),
			chromedp.Evaluate(`document.querySelector("h1").textContent`, &step),
			chromedp.FullScreenshot(&stepPNG, 100),
		}},
		{"upload the file", chromedp.Tasks{
			chromedp.SetUploadFiles("#f-upload", []string{file}, chromedp.ByID),
			postClick(".df-submit"),
			waitPage("/api/receipt/report/", "h1:not(:empty)"),
			waitText("h1", "提交成功"),
			chromedp.Evaluate(`document.querySelector("h1").textContent`, &h1),
			chromedp.FullScreenshot(&receiptPNG, 100),
		}},
	}
	for _, st := range stages {
		stage, cancel := context.WithTimeout(ctx, patience)
		err := chromedp.Run(stage, st.actions)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v (page: %q)", st.name, err, step)
		}
	}
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "report-upload-step.png"), stepPNG, 0o644)
		os.WriteFile(filepath.Join(dir, "report-upload-receipt.png"), receiptPNG, 0o644)
	}
	if !strings.Contains(step, "上传报告文件") || !strings.Contains(h1, "提交成功") {
		t.Errorf("pages: %q then %q", step, h1)
	}
	files := site.reportFiles(t)
	if len(files) != 1 {
		t.Fatalf("report files on disk: %v", files)
	}
	if b, _ := os.ReadFile(files[0]); string(b) != string(body) {
		t.Errorf("stored file %q", b)
	}
}

// TestReportUploadWithJSUnderMakeRun: with JavaScript the file goes to the
// embedded store first (a pending slot for the unit), then the report, which
// adopts it.
func TestReportUploadWithJSUnderMakeRun(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	site := startMakeRun(t)
	file, body := reportPDF(t)
	var number, status string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/report/"),
		fillReport(site.code, file),
		shownMinFillAgo(),
		chromedp.Click(".df-submit", chromedp.ByQuery),
	)
	if err == nil {
		wait, cancel := context.WithTimeout(ctx, patience)
		err = chromedp.Run(wait, waitPage("/api/receipt/report/", "#df-number"), chromedp.Text("#df-number", &number, chromedp.ByID))
		cancel()
	}
	if err != nil {
		chromedp.Run(ctx, chromedp.Text("#df-status", &status, chromedp.ByID))
		t.Fatalf("report: %v (status %q)", err, status)
	}
	files := site.reportFiles(t)
	if len(files) != 1 || !strings.HasPrefix(number, "R") {
		t.Fatalf("receipt %q, report files on disk: %v", number, files)
	}
	if b, _ := os.ReadFile(files[0]); string(b) != string(body) {
		t.Errorf("stored file %q", b)
	}
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.ActionFunc {
	return func(ctx context.Context) error {
		for {
			var got string
			try, cancel := context.WithTimeout(ctx, time.Second)
			err := chromedp.Evaluate(`(document.querySelector(`+quote(sel)+`) || {}).textContent || ""`, &got).Do(try)
			cancel()
			if err == nil && strings.Contains(got, want) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
