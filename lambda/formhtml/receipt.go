package formhtml

import (
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"dunban/lambda/form"
)

// Receipt is what the receipt page shows once a submission is stored: the
// same page answers a plain form post and the page's script, which opens it
// after a JSON answer. It prints as the form's sheet (see sheet.go).
type Receipt struct {
	Form        *form.Form
	Sub         *form.Submission // what was stored: values and rows (nil: the facts below only)
	Number      string           // the one receipt number, e.g. form.Receipt(...)
	Received    time.Time        // when it was received
	Unit        string           // the reporting unit
	Period      string           // the period's label (or id)
	Year        int              // the round's year, for the arrangement's title
	Late        bool             // received after the deadline
	Duplicate   bool             // the same submission had already been received
	FileMissing bool             // a report whose file has not arrived
	FormURL     string           // the form's page on the portal
}

// ReceivedText writes a received time for people, in Beijing time:
// 2021年4月11日 09:30:00（北京时间）.
func ReceivedText(t time.Time) string {
	return t.In(form.Shanghai).Format("2006年1月2日 15:04:05") + "（北京时间）"
}

// ReceiptPage writes a complete receipt page (the collector's answer to GET /receipt/…).
func ReceiptPage(w io.Writer, d Doc, r Receipt) error {
	if d.Title == "" {
		d.Title = "回执：" + r.Form.Title
	}
	d.Head += printPage(r.Form)
	return document(w, d, func(w io.Writer) error {
		var p page
		writeReceipt(&p, r)
		writeSheet(&p, r)
		if _, err := p.WriteTo(w); err != nil {
			return fmt.Errorf("render receipt: %w", err)
		}
		return nil
	})
}

// writeReceipt writes the screen part of the receipt: what was received,
// the number, and what to do next.
func writeReceipt(p *page, r Receipt) {
	p.Raw(`<section class="df df-receipt no-print" id="df-receipt"`)
	p.Attr("data-form", r.Form.ID)
	p.Attr("data-number", r.Number)
	p.Raw(">\n<h1>提交成功</h1>\n")
	if r.Duplicate {
		p.El("p", "df-note", "此前已收到相同内容的提交，未重复保存。")
	}
	p.Raw("<p>已收到")
	if r.Unit != "" {
		p.Text(r.Unit + "报送的")
	}
	p.Text("《" + r.Form.Title + "》。请保存回执编号，或打印本回执盖章存档。")
	p.Raw("</p>\n")
	p.Raw(`<p class="df-number">回执编号 <output id="df-number">`)
	p.Text(r.Number)
	p.Raw("</output></p>\n" + `<dl class="df-facts">` + "\n")
	for _, f := range receiptFacts(r) {
		p.Raw("<dt>", f[0], "</dt><dd>")
		p.Text(f[1])
		p.Raw("</dd>\n")
	}
	p.Raw("</dl>\n")
	if r.FileMissing {
		p.El("p", "df-missing", "报告文件尚未收到：本次只保存了报告信息。请回到报告页面重新选择文件提交，文件上传完成后报送才算完成。")
	}
	if r.Late {
		p.El("p", "df-late", "本次报送已过截止时间，已标记为逾期。")
	}
	p.Raw(`<div class="df-receipt-actions">` + `<button type="button" class="df-print" id="df-print" hidden>打印回执</button>`)
	if r.FormURL != "" {
		p.Raw("<a")
		p.Attr("href", r.FormURL+"#edit")
		p.Raw(` class="df-edit" id="df-edit" hidden>修改并重新报送</a><a`)
		p.Attr("href", r.FormURL)
		p.Raw(">再填一份</a>")
	}
	p.Raw("</div>\n")
	p.Raw(`<p class="df-help">`)
	p.Text("需要修改时，")
	p.Raw(`<span id="df-edit-nojs">`)
	p.Text("请重新填写并报送整表；")
	p.Raw("</span>")
	p.Text("以最后一次报送为准。“修改并重新报送”在本机浏览器中载入上次报送的内容。打印时本页按通知附件的格式排版（" + paperName(r.Form) + "），可盖章存档。")
	p.Raw("</p>\n")
	p.Raw("</section>\n")
}

// receiptFacts are the receipt's lines: form, unit, period, rows, time.
func receiptFacts(r Receipt) [][2]string {
	facts := [][2]string{{"表单", r.Form.Title}}
	if r.Unit != "" {
		facts = append(facts, [2]string{"填报单位", r.Unit})
	}
	if r.Period != "" {
		facts = append(facts, [2]string{"报送期", r.Period})
	}
	if r.Form.Rows != nil && r.Sub != nil {
		facts = append(facts, [2]string{"填报行数", r.Form.Rows.Label + " " + itoa(len(r.Sub.Rows)) + " 行"})
	}
	facts = append(facts, [2]string{"接收时间", ReceivedText(r.Received)})
	if r.Late {
		facts = append(facts, [2]string{"是否逾期", "是"})
	}
	return facts
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
	p.Raw(`<section class="df df-upload">` + "\n<h1>第二步：上传报告文件</h1>\n<p>报告信息已保存（回执编号 <strong>")
	p.Text(u.Number)
	p.Raw("</strong>")
	if u.Title != "" {
		p.Text("，《" + u.Title + "》")
	}
	p.Raw("）。请选择报告文件并上传，上传完成后报送才算完成。</p>\n" + `<form method="post"`)
	p.Attr("action", u.URL)
	p.Raw(` enctype="multipart/form-data">` + "\n")
	for _, f := range u.Fields {
		p.Raw(`<input type="hidden"`)
		p.Attr("name", f.Name)
		p.Attr("value", f.Value)
		p.Raw(">\n")
	}
	p.Raw(`<div class="df-field">` + "\n" + `<label for="f-upload">报告文件<span class="df-req" aria-hidden="true">*</span></label>` + "\n")
	accept, kind := strings.Join(fd.Accept, ","), "docx、pdf 或 wps 文件"
	for _, f := range u.Fields {
		if ext := path.Ext(f.Value); f.Name == "key" && ext != "" {
			accept, kind = ext, "第一步所选格式（"+ext+"）的文件"
		}
	}
	p.Raw(`<p class="df-help" id="h-upload">`)
	p.Text(kind + "，不超过 " + itoa64(fd.MaxBytes>>20) + " MB。请在 " + u.Expires.Format("15:04") + " 前上传，逾时请返回重新提交。")
	p.Raw("</p>\n")
	p.Raw(`<input type="file" id="f-upload" name="file"`)
	p.Attr("accept", accept)
	p.Raw(` required aria-describedby="h-upload">` + "\n</div>\n" + `<div class="df-actions"><button type="submit" class="df-submit">上传文件</button></div>` + "\n</form>\n</section>\n")
}

// Index writes the list of forms for /forms/: title, who sends it, deadline,
// open or closed (at now: after the round's end every form is closed).
func Index(w io.Writer, rd *form.Round, base string, now time.Time) error {
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
		it := item{Form: f, URL: base + f.ID + "/", Open: rd.OpenAt(f.ID, now), Note: fr.Note}
		if len(fr.Periods) == 1 && !fr.Periods[0].Due.IsZero() {
			it.Deadline = form.DueText(fr.Periods[0].Due)
		}
		items = append(items, it)
	}
	var p page
	p.Raw(`<section class="df df-index">` + "\n<h1>在线填报</h1>\n")
	if rd.Title != "" {
		p.El("p", "df-intro", rd.Title)
	}
	if rd.Ended(now) {
		p.El("p", "df-closed", form.MsgEnded+"各表单不再接收报送；如需补报或更正，请联系自治区团委学校部（电话 0471-6931811）。")
	}
	p.Raw(`<ul class="df-list">` + "\n")
	for _, it := range items {
		p.Raw("<li>\n<h2><a")
		p.Attr("href", it.URL)
		p.Raw(">")
		p.Text(it.Form.Title)
		p.Raw("</a></h2>\n")
		line := "填报：" + it.Form.Submitter
		if it.Deadline != "" {
			line += "；截止时间：" + it.Deadline
		}
		p.El("p", "", line)
		if it.Note != "" {
			p.El("p", "df-note", it.Note)
		}
		switch {
		case rd.Ended(now):
			p.El("p", "df-closed", "本年度报送已结束")
		case !it.Open:
			p.El("p", "df-closed", "当前未开放填报")
		}
		p.Raw("</li>\n")
	}
	p.Raw("</ul>\n</section>\n")
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
