package formhtml

import (
	"strings"

	"dunban/lambda/form"
)

// writeForm writes the form page fragment.
func writeForm(p *page, v pageView) {
	if v.Style != "" {
		p.raw(`<link rel="stylesheet"`)
		p.attr("href", v.Style)
		p.raw(">\n")
	}
	p.raw(`<section class="df" id="df"`)
	p.attr("data-form", v.Form.ID)
	p.attr("data-version", v.Form.Version)
	p.raw(">\n")
	writeHead(p, v)
	switch {
	case v.Ended:
		p.raw(`<p class="df-closed" role="status">`)
		p.text(form.MsgEnded + "如需补报或更正，请联系自治区团委学校部（电话 0471-6931811）。")
		p.raw("</p>\n")
	case !v.Open:
		p.raw(`<p class="df-closed" role="status">本表单当前未开放填报。</p>` + "\n")
	default:
		writeSummary(p, v)
		p.raw(`<div class="df-draft" id="df-draft" role="status" hidden><span></span> <button type="button" class="df-link" id="df-discard">清空草稿</button></div>` + "\n")
		p.raw(`<div class="df-sent" id="df-sent" role="status" hidden><span></span> <button type="button" class="df-link" id="df-load-sent">修改并重新报送</button></div>` + "\n")
		writeFormBody(p, v)
		writeDone(p)
	}
	p.raw("</section>\n")
	if v.Script != "" {
		p.raw(`<script`)
		p.attr("src", v.Script)
		p.raw(" defer></script>\n")
	}
}

func writeHead(p *page, v pageView) {
	p.raw(`<header class="df-head">` + "\n")
	p.el("h1", "", v.Form.Title)
	p.el("p", "df-who", "填报："+v.Form.Submitter)
	p.el("p", "df-intro", v.Form.Intro)
	if v.Deadline != "" {
		p.raw(`<p class="df-deadline"`)
		p.attr("data-due", v.DueISO)
		p.raw(">截止时间：<strong>")
		p.text(v.Deadline)
		p.raw("</strong>")
		if v.DueISO != "" {
			p.raw(`<span class="df-late"`)
			p.hiddenUnless(v.Passed)
			p.raw(">已过截止时间，仍可报送，将标记为逾期。</span>")
		}
		p.raw("</p>\n")
	}
	if v.Note != "" {
		p.el("p", "df-note", v.Note)
	}
	p.el("p", "df-contact", form.Contact)
	p.raw("</header>\n")
}

func writeSummary(p *page, v pageView) {
	p.raw(`<div class="df-summary" id="df-summary" role="alert" tabindex="-1"`)
	p.hiddenUnless(len(v.Errors) > 0)
	p.raw(">\n<h2>提交未成功，请修改以下内容：</h2>\n")
	if v.FormError != "" {
		p.el("p", "", v.FormError)
	}
	p.raw("<ul>")
	for _, e := range v.Errors {
		p.raw("<li><a")
		p.attr("href", e.Href)
		p.raw(">")
		p.text(e.Text)
		p.raw("</a></li>")
	}
	p.raw("</ul>\n</div>\n")
}

func writeFormBody(p *page, v pageView) {
	p.raw(`<form class="df-form" id="df-form" method="post"`)
	p.attr("action", v.Action)
	p.raw(` accept-charset="UTF-8"`)
	p.attrIf("data-presign", v.Presign)
	if v.CopyLast {
		p.attrIf("data-cadres", v.Cadres)
	}
	p.raw(">\n" + `<p class="df-legend">带 <span class="df-req">*</span> 的为必填项。</p>` + "\n")
	for _, b := range v.Blocks {
		writeBlock(p, b)
	}
	if v.Rows != nil {
		writeRows(p, v)
	}
	pv := v.Privacy
	p.raw(`<div class="df-privacy">` + "\n<h2>个人信息告知</h2>\n")
	p.raw("<dl>\n")
	for _, item := range [][2]string{{"收集单位", pv.Who}, {"收集内容", pv.What}, {"用途", pv.Why},
		{"谁能查看", pv.Sees}, {"保存期限", pv.Keep}, {"查询、更正、删除", pv.Contact}} {
		p.el("dt", "", item[0])
		p.el("dd", "", item[1])
	}
	p.raw("</dl>\n")
	p.raw("</div>\n")
	for _, b := range v.After {
		writeBlock(p, b)
	}
	n := v.HiddenNames
	p.raw(`<div class="df-hp" aria-hidden="true"><label`)
	p.attr("for", "f-"+n.Honeypot)
	p.raw(`>请勿填写此项</label><input type="text"`)
	p.attr("id", "f-"+n.Honeypot)
	p.attr("name", n.Honeypot)
	p.raw(` value="" tabindex="-1" autocomplete="off"></div>` + "\n")
	p.raw(`<input type="hidden"`)
	p.attr("name", n.ID)
	p.raw(` value="">` + "\n")
	p.raw(`<input type="hidden"`)
	p.attr("name", n.RenderedAt)
	p.attr("value", v.RenderedAt)
	p.raw(">\n")
	p.raw(`<input type="hidden"`)
	p.attr("name", n.SentAt)
	p.raw(` value="">` + "\n")
	p.raw(`<p class="df-status" id="df-status" role="status" aria-live="polite"></p>` + "\n")
	p.raw(`<div class="df-actions"><button type="submit" class="df-submit">`)
	p.text(v.SubmitLabel)
	p.raw("</button></div>\n</form>\n")
}

func writeRows(p *page, v pageView) {
	p.raw(`<fieldset class="df-rows" id="df-rows"`)
	p.attr("data-min", itoa(v.RowsMin))
	p.attr("data-max", itoa(v.RowsMax))
	p.attr("data-label", v.RowsLabel)
	p.raw(` aria-describedby="e-rows">` + "\n")
	p.el("legend", "", v.RowsLabel)
	if v.RowsHelp != "" {
		p.el("p", "df-help", v.RowsHelp+"最少"+itoa(v.RowsMin)+"行，最多"+itoa(v.RowsMax)+"行；空白行不提交。")
	}
	p.raw(`<p class="df-error" id="e-rows"`)
	p.hiddenUnless(v.RowsError != "")
	p.raw(">")
	p.text(v.RowsError)
	p.raw("</p>\n")
	if v.CopyLast {
		p.raw(`<p class="df-copylast" hidden><button type="button" class="df-add" id="df-copy-last">复制上月</button> <span id="df-copy-note">填入本机上次报送的团干部名单，以及截至上月的联系团支部数、覆盖率；当月新增数请重新填写。</span></p>` + "\n")
		if v.Cadres != "" {
			p.raw(`<p class="df-copylast" hidden><button type="button" class="df-add" id="df-fill-names">按工作安排表填入姓名</button> <span>填入本单位本年度工作安排表中的团干部姓名（需先选择填报单位并填写单位填报码）。</span></p>` + "\n")
		}
	}
	p.raw(`<ol class="df-rowlist">` + "\n")
	for _, r := range v.Rows {
		writeRow(p, v, r)
	}
	p.raw("</ol>\n")
	if len(v.MoreRows) > 0 {
		first, last := v.MoreRows[0].Number, v.MoreRows[len(v.MoreRows)-1].Number
		p.raw(`<details class="df-more"`)
		p.flag("open", v.MoreOpen)
		p.raw(">\n<summary>")
		p.text("需要填写更多行时请展开（第" + itoa(first) + "–" + itoa(last) + "行）")
		p.raw("</summary>\n" + `<ol class="df-rowlist"`)
		p.attr("start", itoa(first))
		p.raw(">\n")
		for _, r := range v.MoreRows {
			writeRow(p, v, r)
		}
		p.raw("</ol>\n</details>\n")
	}
	p.raw(`<button type="button" class="df-add" hidden>增加一行</button>` + "\n</fieldset>\n")
}

func writeRow(p *page, v pageView, r rowView) {
	p.raw(`<li class="df-row"`)
	p.attr("data-index", itoa(r.Index))
	p.raw(">\n<fieldset><legend>")
	p.text(v.RowsLabel)
	p.raw(` 第<span class="df-rownum">` + itoa(r.Number) + "</span>行</legend>\n")
	if v.Form.ID == "arrangement" {
		p.raw(`<p class="df-error"`)
		p.attr("id", r.ErrID)
		p.hiddenUnless(r.Error != "")
		p.raw(">")
		p.text(r.Error)
		p.raw("</p>\n")
	}
	for _, b := range r.Blocks {
		writeBlock(p, b)
	}
	p.raw(`<button type="button" class="df-remove" hidden>删除此行</button>` + "\n</fieldset>\n</li>\n")
}

func writeDone(p *page) {
	p.raw(`<div class="df-done" id="df-done" tabindex="-1" hidden>
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
	p.raw(`<details class="df-group"`)
	p.flag("open", b.Open)
	p.raw(">\n")
	p.el("summary", "", b.Title)
	for _, f := range b.Fields {
		writeField(p, f)
	}
	p.raw("</details>\n")
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
		p.raw(`<input type="hidden"`)
		p.attr("id", f.ID)
		p.attr("name", f.Name)
		p.attr("value", f.Value)
		p.attrIf("data-pattern", f.Pattern)
		p.raw(">\n")
	case "checkbox":
		writeCheckbox(p, f)
	default:
		writeInput(p, f)
	}
}

func writeCheckbox(p *page, f fieldView) {
	p.raw(`<div class="df-field df-check`)
	if f.Error != "" {
		p.raw(" df-invalid")
	}
	p.raw(`">` + "\n" + `<input type="checkbox"`)
	p.attr("id", f.ID)
	p.attr("name", f.Name)
	p.raw(` value="on"`)
	p.flag("checked", f.Checked)
	p.flag("required", f.Required)
	p.attr("data-msg-required", f.MsgRequired)
	p.attr("aria-describedby", f.describedBy())
	if f.Error != "" {
		p.raw(` aria-invalid="true"`)
	}
	p.raw(">\n<label")
	p.attr("for", f.ID)
	p.raw(">")
	if f.Help != "" {
		p.raw("<span")
		p.attr("id", "h-"+f.base())
		p.raw(">")
		p.text(f.Help)
		p.raw("</span>")
	} else {
		p.text(f.Label)
	}
	if f.Required {
		p.raw(`<span class="df-req" aria-hidden="true">*</span>`)
	}
	p.raw("</label>\n")
	writeError(p, f)
	p.raw("</div>\n")
}

func writeError(p *page, f fieldView) {
	p.raw(`<p class="df-error"`)
	p.attr("id", "e-"+f.base())
	p.hiddenUnless(f.Error != "")
	p.raw(">")
	p.text(f.Error)
	p.raw("</p>\n")
}

func writeInput(p *page, f fieldView) {
	p.raw(`<div class="df-field`)
	if f.Short {
		p.raw(" df-short")
	}
	if f.Error != "" {
		p.raw(" df-invalid")
	}
	p.raw(`">` + "\n<label")
	p.attr("for", f.ID)
	p.raw(">")
	p.text(f.Label)
	if f.Required || f.RowRequired {
		p.raw(`<span class="df-req" aria-hidden="true">*</span>`)
	}
	p.raw("</label>\n")
	if f.Help != "" {
		p.raw(`<p class="df-help"`)
		p.attr("id", "h-"+f.base())
		p.raw(">")
		p.text(f.Help)
		p.raw("</p>\n")
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
	p.raw("</div>\n")
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
	p.raw(`<p class="df-count"`)
	p.attr("id", "n-"+f.base())
	p.attr("data-limits", limits)
	p.raw(">")
	p.text(limits)
	p.raw("</p>\n")
}

// writeRemember is the box that lets the script keep the 单位填报码 for this
// browser session (sessionStorage), never in the draft. It has no name, so
// it is never posted, and stays hidden without script.
func writeRemember(p *page) {
	p.raw(`<p class="df-remember" hidden><input type="checkbox" id="df-remember-code"> ` +
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
	p.raw("<textarea")
	p.attr("id", f.ID)
	p.attr("name", f.Name)
	p.attr("rows", rows)
	writeAttrs(p, f)
	p.raw(">")
	p.text(f.Value)
	p.raw("</textarea>\n")
}

func writeSelect(p *page, f fieldView) {
	p.raw("<select")
	p.attr("id", f.ID)
	p.attr("name", f.Name)
	writeAttrs(p, f)
	p.raw(">\n" + `<option value="">请选择</option>` + "\n")
	for _, g := range f.Groups {
		if g.Label != "" {
			p.raw("<optgroup")
			p.attr("label", g.Label)
			p.raw(">\n")
		}
		for _, o := range g.Options {
			p.raw("<option")
			p.attr("value", o.Value)
			p.flag("selected", o.Selected)
			p.attrIf("data-due", o.Due)
			p.raw(">")
			p.text(o.Label)
			p.raw("</option>\n")
		}
		if g.Label != "" {
			p.raw("</optgroup>\n")
		}
	}
	p.raw("</select>\n")
}

func writeText(p *page, f fieldView) {
	p.raw("<input")
	p.attr("type", f.Type)
	p.attr("id", f.ID)
	p.attr("name", f.Name)
	p.attr("value", f.Value)
	writeAttrs(p, f)
	if f.Pattern != "" {
		p.attr("pattern", f.Pattern)
		p.attr("title", f.MsgPattern)
		p.attr("data-msg-pattern", f.MsgPattern)
	}
	if f.Max != "" {
		p.attr("data-min", f.Min)
		p.attr("data-max", f.Max)
	}
	p.attrIf("inputmode", f.InputMode)
	p.attrIf("placeholder", f.Placeholder)
	if f.Code {
		p.raw(` autocapitalize="characters" spellcheck="false"`)
	}
	p.raw(">\n")
}

// writeAttrs writes the constraint and accessibility attributes of a control.
func writeAttrs(p *page, f fieldView) {
	p.flag("required", f.Required)
	p.flag("data-required", f.RowRequired)
	lengths := f.Type != "select" && f.Type != "file"
	if lengths && f.MinLen > 0 {
		p.attr("minlength", itoa(f.MinLen))
	}
	if lengths && f.MaxLen > 0 {
		p.attr("maxlength", itoa(f.MaxLen))
	}
	p.attrIf("autocomplete", f.Autocomplete)
	p.attr("data-label", f.Label)
	p.flag("data-carry", f.Carry)
	p.attr("data-msg-required", f.MsgRequired)
	p.attr("aria-describedby", f.describedBy())
	if f.Error != "" {
		p.raw(` aria-invalid="true"`)
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
		p.raw(`<input type="file"`)
		p.attr("id", f.ID)
		p.attr("name", f.Name)
		p.attr("accept", f.Accept)
		p.attr("data-max-bytes", itoa64(f.MaxBytes))
		writeAttrs(p, f)
		p.raw(" disabled hidden>\n" + `<progress class="df-progress" max="100" value="0" hidden></progress>` + "\n<noscript>")
	}
	p.raw(`<select`)
	p.attr("id", f.ID+"-type")
	p.attr("name", f.Name)
	p.flag("required", f.Required)
	p.attr("aria-label", f.Label+"的格式")
	p.attr("aria-describedby", "n-"+f.base())
	p.raw(">\n" + `<option value="">请选择文件格式</option>` + "\n")
	for _, t := range fileTypes(f.Label, strings.Split(f.Accept, ",")) {
		p.raw("<option")
		p.attr("value", t[0])
		p.flag("selected", t[0] == f.Value)
		p.raw(">")
		p.text(t[1])
		p.raw("</option>\n")
	}
	p.raw("</select>\n" + `<p class="df-help"`)
	p.attr("id", "n-"+f.base())
	p.raw(">请先选择文件格式；提交报告信息后，下一页上传文件本身。</p>\n")
	if f.Scripted {
		p.raw("</noscript>\n")
	}
}
