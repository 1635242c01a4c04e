package formhtml

import (
	"strings"

	"dunban/lambda/form"
)

// writeForm writes the form page fragment.
func writeForm(p *page, v pageView) {
	if v.Style != "" {
		p.Raw(`<link rel="stylesheet"`)
		p.Attr("href", v.Style)
		p.Raw(">\n")
	}
	p.Raw(`<section class="df" id="df"`)
	p.Attr("data-form", v.Form.ID)
	p.Attr("data-version", v.Form.Version)
	p.Raw(">\n")
	writeHead(p, v)
	switch {
	case v.Ended:
		p.Raw(`<p class="df-closed" role="status">`)
		p.Text(form.MsgEnded + "如需补报或更正，请联系自治区团委学校部（电话 0471-6931811）。")
		p.Raw("</p>\n")
	case !v.Open:
		p.Raw(`<p class="df-closed" role="status">本表单当前未开放填报。</p>` + "\n")
	default:
		writeSummary(p, v)
		p.Raw(`<div class="df-draft" id="df-draft" role="status" hidden><span></span> <button type="button" class="df-link" id="df-discard">清空草稿</button></div>` + "\n")
		p.Raw(`<div class="df-sent" id="df-sent" role="status" hidden><span></span> <button type="button" class="df-link" id="df-load-sent">修改并重新报送</button></div>` + "\n")
		writeFormBody(p, v)
		writeDone(p)
	}
	p.Raw("</section>\n")
	if v.Script != "" {
		p.Raw(`<script`)
		p.Attr("src", v.Script)
		p.Raw(" defer></script>\n")
	}
}

func writeHead(p *page, v pageView) {
	p.Raw(`<header class="df-head">` + "\n")
	p.El("h1", "", v.Form.Title)
	p.El("p", "df-who", "填报："+v.Form.Submitter)
	p.El("p", "df-intro", v.Form.Intro)
	if v.Deadline != "" {
		p.Raw(`<p class="df-deadline"`)
		p.Attr("data-due", v.DueISO)
		p.Raw(">截止时间：<strong>")
		p.Text(v.Deadline)
		p.Raw("</strong>")
		if v.DueISO != "" {
			p.Raw(`<span class="df-late"`)
			p.HiddenUnless(v.Passed)
			p.Raw(">已过截止时间，仍可报送，将标记为逾期。</span>")
		}
		p.Raw("</p>\n")
	}
	if v.Note != "" {
		p.El("p", "df-note", v.Note)
	}
	p.El("p", "df-contact", form.Contact)
	p.Raw("</header>\n")
}

func writeSummary(p *page, v pageView) {
	p.Raw(`<div class="df-summary" id="df-summary" role="alert" tabindex="-1"`)
	p.HiddenUnless(len(v.Errors) > 0)
	p.Raw(">\n<h2>提交未成功，请修改以下内容：</h2>\n")
	if v.FormError != "" {
		p.El("p", "", v.FormError)
	}
	p.Raw("<ul>")
	for _, e := range v.Errors {
		p.Raw("<li><a")
		p.Attr("href", e.Href)
		p.Raw(">")
		p.Text(e.Text)
		p.Raw("</a></li>")
	}
	p.Raw("</ul>\n</div>\n")
}

func writeFormBody(p *page, v pageView) {
	p.Raw(`<form class="df-form" id="df-form" method="post"`)
	p.Attr("action", v.Action)
	p.Raw(` accept-charset="UTF-8"`)
	p.AttrIf("data-presign", v.Presign)
	if v.CopyLast {
		p.AttrIf("data-cadres", v.Cadres)
	}
	p.Raw(">\n" + `<p class="df-legend">带 <span class="df-req">*</span> 的为必填项。</p>` + "\n")
	for _, b := range v.Blocks {
		writeBlock(p, b)
	}
	if v.Rows != nil {
		writeRows(p, v)
	}
	pv := v.Privacy
	p.Raw(`<div class="df-privacy">` + "\n<h2>个人信息告知</h2>\n")
	p.Raw("<dl>\n")
	for _, item := range [][2]string{{"收集单位", pv.Who}, {"收集内容", pv.What}, {"用途", pv.Why},
		{"谁能查看", pv.Sees}, {"保存期限", pv.Keep}, {"查询、更正、删除", pv.Contact}} {
		p.El("dt", "", item[0])
		p.El("dd", "", item[1])
	}
	p.Raw("</dl>\n")
	p.Raw("</div>\n")
	for _, b := range v.After {
		writeBlock(p, b)
	}
	n := v.HiddenNames
	p.Raw(`<div class="df-hp" aria-hidden="true"><label`)
	p.Attr("for", "f-"+n.Honeypot)
	p.Raw(`>请勿填写此项</label><input type="text"`)
	p.Attr("id", "f-"+n.Honeypot)
	p.Attr("name", n.Honeypot)
	p.Raw(` value="" tabindex="-1" autocomplete="off"></div>` + "\n")
	p.Raw(`<input type="hidden"`)
	p.Attr("name", n.ID)
	p.Raw(` value="">` + "\n")
	p.Raw(`<input type="hidden"`)
	p.Attr("name", n.RenderedAt)
	p.Attr("value", v.RenderedAt)
	p.Raw(">\n")
	p.Raw(`<input type="hidden"`)
	p.Attr("name", n.SentAt)
	p.Raw(` value="">` + "\n")
	p.Raw(`<p class="df-status" id="df-status" role="status" aria-live="polite"></p>` + "\n")
	p.Raw(`<div class="df-actions"><button type="submit" class="df-submit">`)
	p.Text(v.SubmitLabel)
	p.Raw("</button></div>\n</form>\n")
}

func writeRows(p *page, v pageView) {
	p.Raw(`<fieldset class="df-rows" id="df-rows"`)
	p.Attr("data-min", itoa(v.RowsMin))
	p.Attr("data-max", itoa(v.RowsMax))
	p.Attr("data-label", v.RowsLabel)
	p.Raw(` aria-describedby="e-rows">` + "\n")
	p.El("legend", "", v.RowsLabel)
	if v.RowsHelp != "" {
		p.El("p", "df-help", v.RowsHelp+"最少"+itoa(v.RowsMin)+"行，最多"+itoa(v.RowsMax)+"行；空白行不提交。")
	}
	p.Raw(`<p class="df-error" id="e-rows"`)
	p.HiddenUnless(v.RowsError != "")
	p.Raw(">")
	p.Text(v.RowsError)
	p.Raw("</p>\n")
	if v.CopyLast {
		p.Raw(`<p class="df-copylast" hidden><button type="button" class="df-add" id="df-copy-last">复制上月</button> <span id="df-copy-note">填入本机上次报送的团干部名单，以及截至上月的联系团支部数、覆盖率；当月新增数请重新填写。</span></p>` + "\n")
		if v.Cadres != "" {
			p.Raw(`<p class="df-copylast" hidden><button type="button" class="df-add" id="df-fill-names">按工作安排表填入姓名</button> <span>填入本单位本年度工作安排表中的团干部姓名（需先选择填报单位并填写单位填报码）。</span></p>` + "\n")
		}
	}
	p.Raw(`<ol class="df-rowlist">` + "\n")
	for _, r := range v.Rows {
		writeRow(p, v, r)
	}
	p.Raw("</ol>\n")
	if len(v.MoreRows) > 0 {
		first, last := v.MoreRows[0].Number, v.MoreRows[len(v.MoreRows)-1].Number
		p.Raw(`<details class="df-more"`)
		p.Flag("open", v.MoreOpen)
		p.Raw(">\n<summary>")
		p.Text("需要填写更多行时请展开（第" + itoa(first) + "–" + itoa(last) + "行）")
		p.Raw("</summary>\n" + `<ol class="df-rowlist"`)
		p.Attr("start", itoa(first))
		p.Raw(">\n")
		for _, r := range v.MoreRows {
			writeRow(p, v, r)
		}
		p.Raw("</ol>\n</details>\n")
	}
	p.Raw(`<button type="button" class="df-add" hidden>增加一行</button>` + "\n</fieldset>\n")
}

func writeRow(p *page, v pageView, r rowView) {
	p.Raw(`<li class="df-row"`)
	p.Attr("data-index", itoa(r.Index))
	p.Raw(">\n<fieldset><legend>")
	p.Text(v.RowsLabel)
	p.Raw(` 第<span class="df-rownum">` + itoa(r.Number) + "</span>行</legend>\n")
	if v.Form.ID == "arrangement" {
		p.Raw(`<p class="df-error"`)
		p.Attr("id", r.ErrID)
		p.HiddenUnless(r.Error != "")
		p.Raw(">")
		p.Text(r.Error)
		p.Raw("</p>\n")
	}
	for _, b := range r.Blocks {
		writeBlock(p, b)
	}
	p.Raw(`<button type="button" class="df-remove" hidden>删除此行</button>` + "\n</fieldset>\n</li>\n")
}

func writeDone(p *page) {
	p.Raw(`<div class="df-done" id="df-done" tabindex="-1" hidden>
<h2>提交成功</h2>
<p>回执编号（请复制保存）：</p>
<p class="df-number"><output id="df-number"></output> <button type="button" class="df-copy" id="df-copy">复制</button></p>
<p class="df-done-late" hidden>本次报送已过截止时间，已标记为逾期。</p>
<p class="df-done-dup" hidden>此前已收到这份提交，未重复保存。</p>
<p>正在打开回执页……如未自动打开，请<a class="df-done-open" href="">点此查看回执</a>。</p>
<p><a href="">再填一份</a></p>
</div>
`)
}

func writeBlock(p *page, b block) {
	if b.Title == "" {
		for _, f := range b.Fields {
			writeField(p, f)
		}
		return
	}
	p.Raw(`<details class="df-group"`)
	p.Flag("open", b.Open)
	p.Raw(">\n")
	p.El("summary", "", b.Title)
	for _, f := range b.Fields {
		writeField(p, f)
	}
	p.Raw("</details>\n")
}

// base is a field's id without its "f-" prefix, for the help and error ids.
func (f fieldView) base() string { return strings.TrimPrefix(f.ID, "f-") }

func (f fieldView) describedBy() string {
	ids := "e-" + f.base()
	if f.counted() {
		ids = "n-" + f.base() + " " + ids
	}
	if f.Help != "" {
		ids = "h-" + f.base() + " " + ids
	}
	return ids
}

func writeField(p *page, f fieldView) {
	switch f.Type {
	case "hidden":
		p.Raw(`<input type="hidden"`)
		p.Attr("id", f.ID)
		p.Attr("name", f.Name)
		p.Attr("value", f.Value)
		p.AttrIf("data-pattern", f.Pattern)
		p.Raw(">\n")
	case "checkbox":
		writeCheckbox(p, f)
	default:
		writeInput(p, f)
	}
}

func writeCheckbox(p *page, f fieldView) {
	p.Raw(`<div class="df-field df-check`)
	if f.Error != "" {
		p.Raw(" df-invalid")
	}
	p.Raw(`">` + "\n" + `<input type="checkbox"`)
	p.Attr("id", f.ID)
	p.Attr("name", f.Name)
	p.Raw(` value="on"`)
	p.Flag("checked", f.Checked)
	p.Flag("required", f.Required)
	p.Attr("data-msg-required", f.MsgRequired)
	p.Attr("aria-describedby", f.describedBy())
	if f.Error != "" {
		p.Raw(` aria-invalid="true"`)
	}
	p.Raw(">\n<label")
	p.Attr("for", f.ID)
	p.Raw(">")
	if f.Help != "" {
		p.Raw("<span")
		p.Attr("id", "h-"+f.base())
		p.Raw(">")
		p.Text(f.Help)
		p.Raw("</span>")
	} else {
		p.Text(f.Label)
	}
	if f.Required {
		p.Raw(`<span class="df-req" aria-hidden="true">*</span>`)
	}
	p.Raw("</label>\n")
	writeError(p, f)
	p.Raw("</div>\n")
}

func writeError(p *page, f fieldView) {
	p.Raw(`<p class="df-error"`)
	p.Attr("id", "e-"+f.base())
	p.HiddenUnless(f.Error != "")
	p.Raw(">")
	p.Text(f.Error)
	p.Raw("</p>\n")
}

func writeInput(p *page, f fieldView) {
	p.Raw(`<div class="df-field`)
	if f.Short {
		p.Raw(" df-short")
	}
	if f.Error != "" {
		p.Raw(" df-invalid")
	}
	p.Raw(`">` + "\n<label")
	p.Attr("for", f.ID)
	p.Raw(">")
	p.Text(f.Label)
	if f.Required || f.RowRequired {
		p.Raw(`<span class="df-req" aria-hidden="true">*</span>`)
	}
	p.Raw("</label>\n")
	if f.Help != "" {
		p.Raw(`<p class="df-help"`)
		p.Attr("id", "h-"+f.base())
		p.Raw(">")
		p.Text(f.Help)
		p.Raw("</p>\n")
	}
	switch f.Type {
	case "textarea":
		writeTextarea(p, f)
	case "select":
		writeSelect(p, f)
	case "file":
		writeFile(p, f)
	default:
		writeText(p, f)
	}
	writeCount(p, f)
	writeError(p, f)
	if f.Code {
		writeRemember(p)
	}
	p.Raw("</div>\n")
}

// counted reports whether a field shows its length limits and a counter:
// long texts, and texts with a minimum length people could miss.
func (f fieldView) counted() bool {
	return (f.Type == "textarea" || f.Type == "text") && (f.MinLen > 2 || f.MaxLen >= 100)
}

// writeCount writes the length limits, visible before sending; the script
// turns the line into a counter as the person types.
func writeCount(p *page, f fieldView) {
	if !f.counted() {
		return
	}
	limits := "最多 " + itoa(f.MaxLen) + " 字"
	if f.MinLen > 0 {
		limits = "至少 " + itoa(f.MinLen) + " 字，" + limits
	}
	p.Raw(`<p class="df-count"`)
	p.Attr("id", "n-"+f.base())
	p.Attr("data-limits", limits)
	p.Raw(">")
	p.Text(limits)
	p.Raw("</p>\n")
}

// writeRemember is the box that lets the script keep the 单位填报码 for this
// browser session (sessionStorage), never in the draft. It has no name, so
// it is never posted, and stays hidden without script.
func writeRemember(p *page) {
	p.Raw(`<p class="df-remember" hidden><input type="checkbox" id="df-remember-code"> ` +
		`<label for="df-remember-code">在本次打开的浏览器中记住填报码（关闭浏览器即清除；公用电脑请勿勾选）</label></p>` + "\n")
}

func writeTextarea(p *page, f fieldView) {
	rows := "3"
	switch {
	case f.MaxLen > 2000:
		rows = "12"
	case f.MaxLen > 300:
		rows = "5"
	}
	p.Raw("<textarea")
	p.Attr("id", f.ID)
	p.Attr("name", f.Name)
	p.Attr("rows", rows)
	writeAttrs(p, f)
	p.Raw(">")
	p.Text(f.Value)
	p.Raw("</textarea>\n")
}

func writeSelect(p *page, f fieldView) {
	p.Raw("<select")
	p.Attr("id", f.ID)
	p.Attr("name", f.Name)
	writeAttrs(p, f)
	p.Raw(">\n" + `<option value="">请选择</option>` + "\n")
	for _, g := range f.Groups {
		if g.Label != "" {
			p.Raw("<optgroup")
			p.Attr("label", g.Label)
			p.Raw(">\n")
		}
		for _, o := range g.Options {
			p.Raw("<option")
			p.Attr("value", o.Value)
			p.Flag("selected", o.Selected)
			p.AttrIf("data-due", o.Due)
			p.Raw(">")
			p.Text(o.Label)
			p.Raw("</option>\n")
		}
		if g.Label != "" {
			p.Raw("</optgroup>\n")
		}
	}
	p.Raw("</select>\n")
}

func writeText(p *page, f fieldView) {
	p.Raw("<input")
	p.Attr("type", f.Type)
	p.Attr("id", f.ID)
	p.Attr("name", f.Name)
	p.Attr("value", f.Value)
	writeAttrs(p, f)
	if f.Pattern != "" {
		p.Attr("pattern", f.Pattern)
		p.Attr("title", f.MsgPattern)
		p.Attr("data-msg-pattern", f.MsgPattern)
	}
	if f.Max != "" {
		p.Attr("data-min", f.Min)
		p.Attr("data-max", f.Max)
	}
	p.AttrIf("inputmode", f.InputMode)
	p.AttrIf("placeholder", f.Placeholder)
	if f.Code {
		p.Raw(` autocapitalize="characters" spellcheck="false"`)
	}
	p.Raw(">\n")
}

// writeAttrs writes the constraint and accessibility attributes of a control.
func writeAttrs(p *page, f fieldView) {
	p.Flag("required", f.Required)
	p.Flag("data-required", f.RowRequired)
	lengths := f.Type != "select" && f.Type != "file"
	if lengths && f.MinLen > 0 {
		p.Attr("minlength", itoa(f.MinLen))
	}
	if lengths && f.MaxLen > 0 {
		p.Attr("maxlength", itoa(f.MaxLen))
	}
	p.AttrIf("autocomplete", f.Autocomplete)
	p.Attr("data-label", f.Label)
	p.Flag("data-carry", f.Carry)
	p.Attr("data-msg-required", f.MsgRequired)
	p.Attr("aria-describedby", f.describedBy())
	if f.Error != "" {
		p.Raw(` aria-invalid="true"`)
	}
}

// writeFile writes a file field. The script uploads the file before the
// form is sent; a browser without script cannot carry a chosen file over to
// the upload step, so it is asked only for the file's type here and for the
// file itself once, on the collector's next page. On a page with the
// script the file input starts disabled and hidden (the script enables it) and the
// type select sits in <noscript>.
func writeFile(p *page, f fieldView) {
	if f.Scripted {
		p.Raw(`<input type="file"`)
		p.Attr("id", f.ID)
		p.Attr("name", f.Name)
		p.Attr("accept", f.Accept)
		p.Attr("data-max-bytes", itoa64(f.MaxBytes))
		writeAttrs(p, f)
		p.Raw(" disabled hidden>\n" + `<progress class="df-progress" max="100" value="0" hidden></progress>` + "\n<noscript>")
	}
	p.Raw(`<select`)
	p.Attr("id", f.ID+"-type")
	p.Attr("name", f.Name)
	p.Flag("required", f.Required)
	p.Attr("aria-label", f.Label+"的格式")
	p.Attr("aria-describedby", "n-"+f.base())
	p.Raw(">\n" + `<option value="">请选择文件格式</option>` + "\n")
	for _, t := range fileTypes(f.Label, strings.Split(f.Accept, ",")) {
		p.Raw("<option")
		p.Attr("value", t[0])
		p.Flag("selected", t[0] == f.Value)
		p.Raw(">")
		p.Text(t[1])
		p.Raw("</option>\n")
	}
	p.Raw("</select>\n" + `<p class="df-help"`)
	p.Attr("id", "n-"+f.base())
	p.Raw(">请先选择文件格式；提交报告信息后，下一页上传文件本身。</p>\n")
	if f.Scripted {
		p.Raw("</noscript>\n")
	}
}
