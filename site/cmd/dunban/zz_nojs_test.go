package main

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"dunban/site/browser"
)

func TestZZNoJS(t *testing.T) {
	ctx := browser.New(t)
	site := newFormsSite(t)
	var loc, body, invalid string
	err := chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(site.URL+"/forms/case/"),
		fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll(":invalid"), function(e){return e.name + "=" + e.value + ":" + e.validationMessage}).join("\n")`, &invalid),
		chromedp.Click(".df-submit", chromedp.ByQuery),
		chromedp.Sleep(2*time.Second),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.body.innerText.slice(0, 600)`, &body),
	)
	t.Log(err, loc, invalid, body)
}
