package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"dunban/lambda/s3test"
)

// TestBoard asks for the board both ways: the fragment with the token in
// the header, and the whole page for a form posted without JavaScript.
// Each shows the admin's own scope only.
func TestBoard(t *testing.T) {
	e := setup(t, s3test.New(t))
	resp := e.call(t, "GET", "/admin/board", "year=2021", tokens["包头市"], "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Headers["Content-Type"], "text/html") {
		t.Fatalf("fragment: %d %q", resp.StatusCode, resp.Headers["Content-Type"])
	}
	frag := resp.Body
	for _, want := range []string{`id="db"`, `data-scope="包头市"`, "包头市 2021年报送情况", "<svg", `class="db-grid"`, `href="#db-u-0"`, "王芳"} {
		if !strings.Contains(frag, want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
	if strings.Contains(frag, "<!doctype") || strings.Contains(frag, "鄂尔多斯市") || strings.Contains(frag, "内蒙古大学") {
		t.Errorf("fragment is a page or shows another scope:\n%s", frag)
	}
	form := "token=" + url.QueryEscape(tokens["全区"]) + "&scope=" + url.QueryEscape("全区") + "&year=2021"
	resp = e.call(t, "POST", "/admin/board", "", "", "application/x-www-form-urlencoded", form)
	if resp.StatusCode != 200 {
		t.Fatalf("page: %d %s", resp.StatusCode, resp.Body)
	}
	page := resp.Body
	for _, want := range []string{"<!doctype html>", "<style>", `class="db-page"`, "全区 2021年报送情况", "鄂尔多斯市", "内蒙古大学创业学院",
		`<form class="db-again db-noprint" method="post">`, `name="token"`, `<option value="全区" selected>`, `href="/admin/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, tokens["全区"]) {
		t.Error("the page repeats the token")
	}
}
