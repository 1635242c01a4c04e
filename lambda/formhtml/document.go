package formhtml

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"dunban/lambda/chrome"
)

// Doc is the frame of a complete page served by the collector (from the
// API's origin in AWS): its title and where the portal and its assets are.
// The page wears the portal's chrome (package chrome).
type Doc struct {
	Title  string // page title, e.g. 提交成功
	Portal string // the portal's root URL, for the masthead's and footer's links
	Style  string // absolute URL of forms.css ("" to inline it)
	Script string // absolute URL of forms.js ("" for none)
	// Head is extra markup for <head>, trusted (e.g. a page's @page size).
	Head string
	// Chrome draws the masthead, crumbs and footer and gives their style
	// sheet; nil means the built-in one (chrome.Builtin).
	Chrome *chrome.Chrome
}

// formsCSS is the forms' style sheet, inlined after the chrome's in the
// collector's pages (their Content-Security-Policy allows no other origin).
var formsCSS = func() string {
	css, _ := fs.ReadFile(Assets, Style) // embedded: present by construction
	return string(css)
}()

// inline is a style sheet made safe to put inside <style>.
func inline(css string) string { return strings.ReplaceAll(css, "</", `<\/`) }

// PrintScript is the one inline script of the collector's pages: it shows
// the receipt's 打印回执 button (printing the page when pressed) and its
// 修改并重新报送 link, which needs the form page's script.
const PrintScript = `(function(){var d=document,b=d.getElementById('df-print'),e=d.getElementById('df-edit'),n=d.getElementById('df-edit-nojs');` +
	`if(b&&window.print){b.hidden=false;b.onclick=function(){window.print();};}if(e&&window.localStorage){e.hidden=false;if(n){n.hidden=true;}}}());`

// PrintScriptHash is PrintScript's CSP source ('sha256-…'), for script-src.
var PrintScriptHash = func() string {
	sum := sha256.Sum256([]byte(PrintScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// chrome is the page's chrome: d.Chrome, or the built-in one.
func (d Doc) chrome() (*chrome.Chrome, error) {
	if d.Chrome != nil {
		return d.Chrome, nil
	}
	c, err := chrome.Builtin()
	if err != nil {
		return nil, fmt.Errorf("render page: %w", err)
	}
	return c, nil
}

// frame is the chrome around a collector page: masthead, crumbs, footer.
func frame(d Doc, c *chrome.Chrome) (mast, crumbs, footer string) {
	portal := strings.TrimSuffix(d.Portal, "/")
	crumbs = c.Crumbs([]chrome.Crumb{{Name: "首页", URL: portal + "/"}, {Name: "在线填报", URL: portal + "/forms/"}}, d.Title)
	return c.Masthead(d.Portal, "forms"), crumbs, c.Footer(d.Portal)
}

// document writes a complete page: head, the chrome, the body, the footer.
func document(w io.Writer, d Doc, body func(io.Writer) error) error {
	c, err := d.chrome()
	if err != nil {
		return err
	}
	var head page
	head.Raw("<!DOCTYPE html>\n" + `<html lang="zh-CN">` + "\n<head>\n" + `<meta charset="utf-8">` + "\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" + `<meta name="robots" content="noindex">` + "\n<title>")
	head.Text(d.Title + " - 驻校蹲班")
	head.Raw("</title>\n")
	if d.Style != "" {
		head.Raw("<style>", inline(c.CSS()), "</style>\n")
		head.Raw(`<link rel="stylesheet"`)
		head.Attr("href", d.Style)
		head.Raw(">")
	} else {
		head.Raw("<style>", inline(c.CSS()+"\n"+formsCSS), "</style>")
	}
	head.Raw(d.Head, "\n</head>\n<body>\n")
	mast, crumbs, footer := frame(d, c)
	head.Raw(mast, crumbs, "\n"+`<main id="main" class="wrap" tabindex="-1">`+"\n")
	if _, err := head.WriteTo(w); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	if err := body(w); err != nil {
		return err
	}
	tail := "</main>\n" + footer + "\n<script>" + PrintScript + "</script>\n</body>\n</html>\n"
	if _, err := io.WriteString(w, tail); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	return nil
}

// Message is a page that says why a request was refused.
type Message struct {
	Title string // e.g. 未能提交
	Text  string // the reason, in Chinese
	Back  string // the form to go back to ("" or an unsafe URL: none)
	// Viewing marks a page that was asked for (a receipt, an address), not
	// a form sent: no advice about going back to the form.
	Viewing bool
}

// MessagePage writes a complete page for a refused request. It fails only
// when w does.
func MessagePage(w io.Writer, d Doc, m Message) error {
	if d.Title == "" {
		d.Title = m.Title
	}
	return document(w, d, func(w io.Writer) error {
		var p page
		p.Raw(`<section class="df df-message">` + "\n")
		p.El("h1", "df-refused", m.Title)
		p.El("p", "", m.Text)
		p.Raw("<p>")
		if m.Viewing {
			p.Raw(`<a`)
			p.Attr("href", strings.TrimSuffix(d.Portal, "/")+"/")
			p.Raw(`>返回门户首页</a>`)
		} else if back := safeBack(m.Back); back != "" {
			p.Raw("<a")
			p.Attr("href", back)
			p.Raw(">返回表单修改</a>（")
			p.Text("用浏览器的“后退”返回表单，已填写的内容通常仍在。）")
		} else {
			p.Text("用浏览器的“后退”返回表单，已填写的内容通常仍在。")
		}
		p.Raw("</p>\n")
		p.El("p", "", "如有疑问，请联系自治区团委学校部：电话 0471-6931811，邮箱 twxxb@126.com。")
		p.Raw("</section>\n")
		_, err := p.WriteTo(w)
		return err
	})
}

// safeBack is a link target for "back to the form": an http(s) URL or a
// path on this site, never a javascript: or other scheme.
func safeBack(ref string) string {
	if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") ||
		(strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//")) {
		return ref
	}
	return ""
}
