package formhtml

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dunban/lambda/form"
)

// Receipt is what the receipt page shows after a submission is stored.
type Receipt struct {
	Form      *form.Form
	ID        string    // the submission id
	Number    string    // the receipt number to copy, e.g. form.Receipt(...)
	Received  time.Time // when it was received
	Unit      string    // the reporting unit
	Period    string    // the period's label (or id)
	Late      bool      // received after the deadline
	Duplicate bool      // the same submission had already been received
	FormURL   string    // the form's page on the portal, for "fill another"
}

// ReceiptFragment writes the receipt: the number to copy and what was received.
func ReceiptFragment(w io.Writer, r Receipt) error {
	var p page
	p.raw(`<section class="df df-receipt" id="df-receipt">` + "\n<h1>提交成功</h1>\n")
	if r.Duplicate {
		p.el("p", "df-note", "此前已收到相同内容的提交，未重复保存。")
	}
	p.el("p", "", "已收到您的《"+r.Form.Title+"》。回执编号（请复制保存）：")
	p.raw(`<p class="df-number"><output id="df-number">`)
	p.text(r.Number)
	p.raw(`</output> <button type="button" class="df-copy" id="df-copy" hidden>复制</button></p>` + "\n" + `<dl class="df-facts">` + "\n")
	fact := func(dt, dd string) {
		p.raw("<dt>", dt, "</dt><dd>")
		p.text(dd)
		p.raw("</dd>\n")
	}
	if r.Unit != "" {
		fact("填报单位", r.Unit)
	}
	if r.Period != "" {
		fact("报送期", r.Period)
	}
	fact("接收时间", r.Received.Format("2006年1月2日 15:04:05")+"（北京时间）")
	p.raw("<dt>提交编号</dt><dd><code>")
	p.text(r.ID)
	p.raw("</code></dd>\n</dl>\n")
	if r.Late {
		p.el("p", "df-late", "本次报送已过截止时间，已标记为逾期。")
	}
	if r.FormURL != "" {
		p.raw("<p><a")
		p.attr("href", r.FormURL)
		p.raw(">再填一份</a></p>\n")
	}
	p.raw("</section>\n")
	if _, err := p.WriteTo(w); err != nil {
		return fmt.Errorf("render receipt: %w", err)
	}
	return nil
}

// ReceiptPage writes a complete receipt page (the collector's answer to GET /receipt/…).
func ReceiptPage(w io.Writer, d Doc, r Receipt) error {
	if d.Title == "" {
		d.Title = "提交成功：" + r.Form.Title
	}
	return document(w, d, func(w io.Writer) error { return ReceiptFragment(w, r) })
}

// Upload is the second step of sending a report without JavaScript: the
// metadata is stored, and the person now posts the file straight to S3.
type Upload struct {
	Form    *form.Form
	Number  string        // the receipt number of the stored metadata
	Title   string        // the report's title, to remind the person
	URL     string        // the presigned POST URL
	Fields  []UploadField // the presigned POST fields, sent before the file
	Expires time.Time     // when the signature runs out
}

// UploadField is one presigned POST field.
type UploadField struct{ Name, Value string }

// UploadPage writes a complete page whose form posts the report file to S3.
func UploadPage(w io.Writer, d Doc, u Upload) error {
	if d.Title == "" {
		d.Title = "上传报告文件"
	}
	return document(w, d, func(w io.Writer) error {
		var p page
		writeUpload(&p, u)
		if _, err := p.WriteTo(w); err != nil {
			return fmt.Errorf("render upload: %w", err)
		}
		return nil
	})
}

func writeUpload(p *page, u Upload) {
	fd, _ := form.Report.Field("file")
	p.raw(`<section class="df df-upload">` + "\n<h1>第二步：上传报告文件</h1>\n<p>报告信息已保存（回执编号 <strong>")
	p.text(u.Number)
	p.raw("</strong>")
	if u.Title != "" {
		p.text("，《" + u.Title + "》")
	}
	p.raw("）。请选择报告文件并上传，上传完成后报送才算完成。</p>\n" + `<form method="post"`)
	p.attr("action", u.URL)
	p.raw(` enctype="multipart/form-data">` + "\n")
	for _, f := range u.Fields {
		p.raw(`<input type="hidden"`)
		p.attr("name", f.Name)
		p.attr("value", f.Value)
		p.raw(">\n")
	}
	p.raw(`<div class="df-field">` + "\n" + `<label for="f-upload">报告文件<span class="df-req" aria-hidden="true">*</span></label>` + "\n")
	p.raw(`<p class="df-help" id="h-upload">`)
	p.text("docx、pdf 或 wps 文件，不超过 " + itoa64(fd.MaxBytes>>20) + " MB。请在 " + u.Expires.Format("15:04") + " 前上传，逾时请返回重新提交。")
	p.raw("</p>\n")
	p.raw(`<input type="file" id="f-upload" name="file"`)
	p.attr("accept", strings.Join(fd.Accept, ","))
	p.raw(` required aria-describedby="h-upload">` + "\n</div>\n" + `<div class="df-actions"><button type="submit" class="df-submit">上传文件</button></div>` + "\n</form>\n</section>\n")
}

// Index writes the list of forms for /forms/: title, who sends it, deadline, open or closed.
func Index(w io.Writer, rd *form.Round, base string) error {
	type item struct {
		Form     *form.Form
		URL      string
		Open     bool
		Note     string
		Deadline string
	}
	var items []item
	for _, f := range form.All() {
		fr := rd.Form(f.ID)
		it := item{Form: f, URL: base + f.ID + "/", Open: fr.Open, Note: fr.Note}
		if len(fr.Periods) == 1 && !fr.Periods[0].Due.IsZero() {
			it.Deadline = form.DueText(fr.Periods[0].Due)
		}
		items = append(items, it)
	}
	var p page
	p.raw(`<section class="df df-index">` + "\n<h1>在线填报</h1>\n")
	if rd.Title != "" {
		p.el("p", "df-intro", rd.Title)
	}
	p.raw(`<ul class="df-list">` + "\n")
	for _, it := range items {
		p.raw("<li>\n<h2><a")
		p.attr("href", it.URL)
		p.raw(">")
		p.text(it.Form.Title)
		p.raw("</a></h2>\n")
		line := "填报：" + it.Form.Submitter
		if it.Deadline != "" {
			line += "；截止时间：" + it.Deadline
		}
		p.el("p", "", line)
		if it.Note != "" {
			p.el("p", "df-note", it.Note)
		}
		if !it.Open {
			p.el("p", "df-closed", "当前未开放填报")
		}
		p.raw("</li>\n")
	}
	p.raw("</ul>\n</section>\n")
	if _, err := p.WriteTo(w); err != nil {
		return fmt.Errorf("render forms index: %w", err)
	}
	return nil
}

// privacy is the personal-information notice above the consent box: who
// collects, what, why, who sees it, how long it is kept, and whom to ask.
type privacy struct {
	Who, What, Why, Sees, Keep, Contact string
}

// collected says what each form collects about people.
var collected = map[string]string{
	"arrangement": "填表人的姓名和电话；每名参加人员的姓名、工作单位及职务、联系电话、邮箱、微信号，入驻学校的班级及校团委书记的姓名和联系方式。",
	"tasklist":    "团干部本人的姓名、工作单位及职务、联系电话，个人任务清单和联系的班级团支部。",
	"monthly":     "填表人的姓名和电话；每名团干部的姓名和当月工作数据（访谈人数、驻校天数、覆盖率等）。",
	"report":      "报告作者的姓名、联系电话，报告内容及上传的文件。",
	"case":        "作者的姓名、单位、联系电话，案例所在学校和案例正文。",
}

func privacyFor(f *form.Form) privacy {
	p := privacy{
		Who:  "共青团内蒙古自治区委员会学校部",
		What: collected[f.ID],
		Why:  "仅用于“驻校蹲班”工作的统计汇总、督导考核和评价定级，不作他用。",
		Sees: "只有按管辖范围授权的管理员可以查看：自治区团委学校部（全区），盟市团委（本盟市及所辖旗县），高校团委（本校）；不公开，不向第三方提供。",
		Keep: form.RetentionNotice,
		Contact: "如需查询、更正或删除本人信息，请联系自治区团委学校部（0471-6931811，twxxb@126.com）；" +
			"删除申请经核实后办理，删除记录（不含被删除的内容）留存于审计日志。",
	}
	if f.ID == form.Case.ID {
		p.Sees = "投稿经审核发布时公开标题、作者、单位、学校和正文；联系电话只有按管辖范围授权的管理员可以查看，不公开。"
	}
	return p
}
