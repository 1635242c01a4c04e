package collect

import (
	"html"
	"strconv"
	"strings"

	"dunban/lambda/form"
	"dunban/lambda/s3store"
)

// receiptHTML is the page a stored submission's receipt shows: the number
// to keep and what was received, nothing personal.
func (h *Handler) receiptHTML(sub *form.Submission) []byte {
	f := sub.Form
	p := newPage("提交成功")
	p.el("h1", ` class="ok"`, "提交成功")
	p.el("p", "", "《"+f.Title+"》已保存。请记下回执编号，查询或更正时提供：")
	p.el("p", ` class="receipt"`, form.Receipt(f.ID, sub.ID, sub.Received))
	p.raw(`<dl>`)
	for _, kv := range [][2]string{
		{"填报单位", sub.Unit},
		{"报送期", h.periodLabel(f, sub.Period)},
		{"接收时间", sub.Received.In(h.location()).Format("2006年1月2日 15:04:05") + "（北京时间）"},
		{"提交编号", sub.ID},
	} {
		p.el("dt", "", kv[0])
		p.el("dd", "", kv[1])
	}
	p.raw(`</dl>`)
	if sub.Late {
		p.el("p", ` class="late"`, "本次提交晚于截止时间，已照常保存并标注为“逾期”。")
	}
	if fd, ok := fileField(f); ok && sub.Values[fd.Name] != "" {
		p.el("p", "", "报告文件“"+sub.Values[fd.Name]+"”已上传。")
	}
	p.el("p", "", "可以打印或截图保存本页。")
	p.raw(`<p>`)
	p.link(strings.TrimSuffix(h.portal(), "/")+"/forms/"+f.ID+"/", "再填写一份")
	p.raw(`</p>`)
	return p.bytes(h.portal())
}

// uploadHTML is the second step of a report sent without JavaScript: a
// plain form that posts the file straight to S3 with the signed fields.
func (h *Handler) uploadHTML(sub *form.Submission, up s3store.Upload, fd form.Field) []byte {
	p := newPage("上传报告文件")
	p.el("h1", "", "第二步：上传报告文件")
	p.el("p", "", "报告信息已保存（回执编号 "+form.Receipt(sub.Form.ID, sub.ID, sub.Received)+"，《"+sub.Values["title"]+
		"》）。请选择报告文件“"+sub.Values[fd.Name]+"”并上传，上传完成后报送才算完成。")
	p.raw(`<form method="post" enctype="multipart/form-data" action="` + html.EscapeString(up.URL) + `">`)
	for _, k := range uploadFieldOrder(up.Fields) {
		p.raw(`<input type="hidden" name="` + html.EscapeString(k) + `" value="` + html.EscapeString(up.Fields[k]) + `">`)
	}
	accept := html.EscapeString(strings.Join(fd.Accept, ","))
	p.raw(`<label for="file">报告文件</label>`)
	p.el("p", ` id="file-help"`, "须为与第一步相同类型（"+strings.Join(fd.Accept, "、")+"）的文件，不超过 "+
		strconv.FormatInt(fd.MaxBytes>>20, 10)+" MB；请在 "+up.Expires.In(h.location()).Format("15:04")+" 前上传，逾时请刷新本页。")
	p.raw(`<input type="file" id="file" name="file" required accept="` + accept + `" aria-describedby="file-help">`)
	p.raw(`<button type="submit">上传文件</button></form>`)
	return p.bytes(h.portal())
}
