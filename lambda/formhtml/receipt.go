package formhtml

import (
	"fmt"
	"io"
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
	data := struct {
		Receipt
		When string
	}{r, r.Received.Format("2006年1月2日 15:04:05")}
	if err := tmpl.ExecuteTemplate(w, "receipt.html", data); err != nil {
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
	fd, _ := form.Report.Field("file")
	data := struct {
		Upload
		Accept, Expire string
		MaxMB          int64
	}{u, ".docx,.pdf,.wps", u.Expires.Format("15:04"), fd.MaxBytes >> 20}
	return document(w, d, func(w io.Writer) error {
		if err := tmpl.ExecuteTemplate(w, "upload.html", data); err != nil {
			return fmt.Errorf("render upload: %w", err)
		}
		return nil
	})
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
	data := struct {
		Round *form.Round
		Items []item
	}{rd, items}
	if err := tmpl.ExecuteTemplate(w, "index.html", data); err != nil {
		return fmt.Errorf("render forms index: %w", err)
	}
	return nil
}

// privacy is the personal-information notice above the consent box.
type privacy struct {
	Who, Why, Who2, Keep, Contact string
}

func privacyFor(f *form.Form) privacy {
	p := privacy{
		Who:     "共青团内蒙古自治区委员会学校部",
		Why:     "仅用于“驻校蹲班”工作的统计汇总、督导考核和评价定级，不作他用。",
		Who2:    "所填姓名、联系电话、邮箱、微信号等只有自治区团委和本单位所属盟市（高校）团委的管理员可以查看，不公开、不向第三方提供。",
		Keep:    "保存至本年度考核结束后两年，期满删除。",
		Contact: "如需查询、更正或删除，请联系自治区团委学校部：0471-6931811，twxxb@126.com。",
	}
	if f.ID == form.Case.ID {
		p.Who2 = "投稿经审核发布时公开标题、作者、单位、学校和正文；联系电话不公开。"
	}
	return p
}
