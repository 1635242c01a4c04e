package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dunban/lambda/unitcode"
)

// codedSite is the portal and collector with one code per unit, as deployed.
func codedSite(t *testing.T, book *unitcode.Book) *formsSite {
	t.Helper()
	return newFormsSiteWith(t, os.DirFS("../../../content"), book, testClock(t))
}

// fillCaseWith fills the case form for 包头市青山区 with the given code.
func fillCaseWith(code string) chromedp.Tasks {
	tasks := chromedp.Tasks{
		chromedp.WaitVisible("#f-title", chromedp.ByID),
		chromedp.SetValue("#f-unit", "包头市青山区", chromedp.ByID),
		chromedp.SetValue("#f-region", "包头市", chromedp.ByID),
		chromedp.SetValue("#f-school_type", "初级中学", chromedp.ByID),
		chromedp.SetValue("#f-format", "纯文本", chromedp.ByID),
	}
	if code != "" {
		tasks = append(tasks, chromedp.SendKeys("#f-unit_code", code, chromedp.ByID))
	}
	for _, kv := range caseValues {
		tasks = append(tasks, typeText(kv[0], kv[1]))
	}
	return append(tasks, chromedp.Click("#f-consent", chromedp.ByID))
}

// codes of the test: 包头市青山区's own, 包头市's, and one of no unit.
type codes struct{ own, other, wrong string }

func newCodes() (codes, *unitcode.Book) {
	c := codes{own: unitcode.New(), other: unitcode.New(), wrong: unitcode.New()}
	book := unitcode.NewBook()
	book.Set("包头市青山区", c.own)
	book.Set("包头市", c.other)
	return c, book
}

// TestUnitCodeWithJS: with the page's script, no code is caught on the
// page; a wrong code and another unit's are refused by the collector beside
// the code's field with the typed content kept and nothing stored; the
// code is never in localStorage; the unit's own code is stored.
func TestUnitCodeWithJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	c, book := newCodes()
	site := codedSite(t, book)
	var msg, title, stored string
	err := chromedp.Run(ctx,
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCaseWith(""),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#e-unit_code", chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("no code: %v", err)
	}
	for name, code := range map[string]string{"a wrong code": c.wrong, "another unit's code": c.other} {
		err := chromedp.Run(ctx,
			clearCode(),
			chromedp.SendKeys("#f-unit_code", code, chromedp.ByID),
			chromedp.Evaluate(`window.dunbanTyped = Date.now()`, nil),
			chromedp.Evaluate(`document.getElementById("e-unit_code").hidden = true`, nil),
			chromedp.Click(".df-submit", chromedp.ByQuery),
			chromedp.WaitVisible("#e-unit_code", chromedp.ByID),
			chromedp.Text("#e-unit_code", &msg, chromedp.ByID),
			chromedp.Value("#f-title", &title, chromedp.ByID),
			draftSaved("case", "d.saved >= window.dunbanTyped"), // saved since the code was typed
			chromedp.Evaluate(`JSON.stringify(window.localStorage)`, &stored),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(msg, "单位填报码不正确") || title != "一个团支部的蜕变" {
			t.Errorf("%s: message %q, title kept %q", name, msg, title)
		}
		if strings.Contains(stored, code) || strings.Contains(stored, c.own) {
			t.Errorf("%s: the code is in localStorage: %s", name, stored)
		}
		if n := len(site.objects(t, "case")); n != 0 {
			t.Fatalf("%s: %d objects stored", name, n)
		}
	}
	var number string
	err = chromedp.Run(ctx,
		clearCode(),
		chromedp.SendKeys("#f-unit_code", c.own, chromedp.ByID),
		chromedp.Click(".df-submit", chromedp.ByQuery),
	)
	if err == nil {
		wait, cancel := context.WithTimeout(ctx, patience)
		err = chromedp.Run(wait, waitPage("/api/receipt/case/", "#df-number"), chromedp.Text("#df-number", &number, chromedp.ByID))
		cancel()
	}
	if err != nil || !strings.HasPrefix(number, "C") {
		t.Fatalf("own code: %v, receipt %q", err, number)
	}
	objs := site.objects(t, "case")
	if len(objs) != 1 {
		t.Fatalf("%d objects stored with the unit's own code", len(objs))
	}
	for _, row := range objs[0] {
		if strings.Contains(strings.Join(row, ","), c.own) {
			t.Error("the code is in the stored CSV")
		}
	}
}

// TestUnitCodeWithoutJS: a plain post with a wrong code or another unit's
// is answered 403 with the form drawn again, the message beside the code's
// field and the typed content kept; nothing is stored; the unit's own code
// ends on the receipt.
func TestUnitCodeWithoutJS(t *testing.T) {
	t.Parallel()
	ctx := formsBrowser(t)
	c, book := newCodes()
	site := codedSite(t, book)
	for name, code := range map[string]string{"a wrong code": c.wrong, "another unit's code": c.other} {
		tab, cancel := chromedp.NewContext(ctx)
		var msg, title string
		err := chromedp.Run(tab,
			emulation.SetScriptExecutionDisabled(true),
			chromedp.Navigate(site.URL+"/forms/case/"),
			fillCaseWith(code),
			postClick(".df-submit"),
			waitPage("/api/submit/case", "#e-unit_code"),
			chromedp.Evaluate(`document.getElementById("e-unit_code").textContent`, &msg),
			chromedp.Evaluate(`document.getElementById("f-title").value`, &title),
		)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(msg, "单位填报码不正确") || title != "一个团支部的蜕变" {
			t.Errorf("%s: message %q, title kept %q", name, msg, title)
		}
		if n := len(site.objects(t, "case")); n != 0 {
			t.Fatalf("%s: %d objects stored", name, n)
		}
	}
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	var h1 string
	err := chromedp.Run(tab,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCaseWith(c.own),
		postClick(".df-submit"),
		waitPage("/api/receipt/case/", "h1"),
		chromedp.Evaluate(`document.querySelector("h1").textContent`, &h1),
	)
	if err != nil || !strings.Contains(h1, "提交成功") {
		t.Fatalf("own code: %v, h1 %q", err, h1)
	}
	if n := len(site.objects(t, "case")); n != 1 {
		t.Errorf("%d objects stored with the unit's own code", n)
	}
}

// clearCode empties the code's field.
func clearCode() chromedp.Action {
	return chromedp.Evaluate(`document.getElementById("f-unit_code").value = ""`, nil)
}
