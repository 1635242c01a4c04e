package formhtml

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"dunban/lambda/form"
)

// The receipt's sheet: what was received laid out as the notice's
// attachment, to print on A4, stamp (盖章) and file. On screen it follows
// the receipt; in print it is the whole page.

// landscape reports whether a form's sheet prints across the page: the
// arrangement (the attachment's 25 columns) and the monthly table.
func landscape(f *form.Form) bool { return f.Rows != nil && len(f.Rows.Fields) > 6 }

func paperName(f *form.Form) string {
	if landscape(f) {
		return "A4 横向"
	}
	return "A4 纵向"
}

// printPage is the page's @page rule, in <head>.
func printPage(f *form.Form) string {
	size := "A4 portrait"
	if landscape(f) {
		size = "A4 landscape"
	}
	return "<style>@page{size:" + size + ";margin:12mm 10mm}</style>"
}

// sheetTitle is the heading of the printed sheet: the attachment's own
// title for the arrangement.
func sheetTitle(r Receipt) string {
	if r.Form.ID == form.Arrangement.ID && r.Year > 0 {
		return strconv.Itoa(r.Year) + " 年全区学校共青团“驻校蹲班”工作安排表"
	}
	return r.Form.Title
}

// caseBodyShown is how much of a long text the sheet prints.
const caseBodyShown = 300

func writeSheet(p *page, r Receipt) {
	p.Raw(`<section class="df df-sheet" aria-labelledby="df-sheet-title">` + "\n")
	p.Raw(`<h2 class="df-sheet-title" id="df-sheet-title">`)
	p.Text(sheetTitle(r))
	p.Raw("</h2>\n" + `<p class="df-sheet-line">`)
	unitLabel := "填报单位"
	if len(r.Form.UnitKinds) > 0 {
		unitLabel = "盟市（高校）团委"
	}
	sheetItem(p, unitLabel, r.Unit)
	if r.Form.HasPeriods() && r.Period != "" {
		sheetItem(p, "报送期", r.Period)
	}
	var long []form.Field
	for _, fd := range sheetFields(r.Form) {
		if fd.Kind == form.TextArea {
			long = append(long, fd)
			continue
		}
		sheetItem(p, fd.Label, r.value(fd.Name))
	}
	p.Raw("</p>\n")
	for _, fd := range long {
		p.Raw(`<div class="df-sheet-text"><h3>`)
		p.Text(fd.Label)
		p.Raw("</h3><p>")
		p.Text(shorten(r.value(fd.Name), caseBodyShown))
		p.Raw("</p></div>\n")
	}
	if r.Form.Rows != nil && r.Sub != nil {
		writeSheetRows(p, r)
	}
	p.Raw(`<div class="df-sheet-foot"><p>`)
	p.Text("回执编号：" + r.Number + "　接收时间：" + ReceivedText(r.Received))
	if r.FileMissing {
		p.Text("　报告文件：尚未收到")
	}
	p.Raw(`</p><p class="df-stamp">单位（盖章）<span class="df-stamp-date">年　　月　　日</span></p></div>` + "\n</section>\n")
}

func sheetItem(p *page, label, value string) {
	p.Raw(`<span class="df-sheet-item">`)
	p.Text(label + "：")
	p.Raw("<strong>")
	p.Text(value)
	p.Raw("</strong></span> ")
}

// sheetFields are the once-per-submission fields the sheet shows: not the
// unit and period (on the unit line), the consent box or hidden fields.
func sheetFields(f *form.Form) []form.Field {
	var out []form.Field
	for _, fd := range f.Fields {
		switch {
		case fd.Name == form.FieldUnit, fd.Name == form.FieldPeriod, fd.Name == form.FieldConsent, fd.Kind == form.Hidden:
			continue
		}
		out = append(out, fd)
	}
	return out
}

func (r Receipt) value(name string) string {
	if r.Sub == nil {
		return ""
	}
	return r.Sub.Values[name]
}

// shorten cuts a long text, saying how long the whole is.
func shorten(s string, n int) string {
	total := utf8.RuneCountInString(s)
	if total <= n {
		return s
	}
	return string([]rune(s)[:n]) + "……（全文共 " + itoa(total) + " 字，已全部收到）"
}

// column is one column of the rows table; fields of a school type share a
// heading over their own.
type column struct {
	field form.Field
	group string // the heading over a run of columns ("" for none)
	sub   string // the column's own heading under the group
}

func sheetColumns(f *form.Form) []column {
	var cols []column
	for _, fd := range f.Rows.Fields {
		c := column{field: fd, sub: fd.Label}
		if _, g, ok := strings.Cut(fd.Group, "："); ok {
			c.group = g
			c.sub = strings.Replace(strings.TrimPrefix(fd.Label, g), "校团委书记联系方式", "联系方式", 1)
			c.sub = strings.TrimSuffix(c.sub, "姓名")
		}
		cols = append(cols, c)
	}
	return cols
}

func writeSheetRows(p *page, r Receipt) {
	cols := sheetColumns(r.Form)
	grouped := false
	for _, c := range cols {
		grouped = grouped || c.group != ""
	}
	p.Raw(`<p class="df-scroll-hint" aria-hidden="true">表格较宽，可左右滑动查看 →</p>` + "\n")
	p.Raw(`<div class="df-sheet-scroll" tabindex="0" role="region"`)
	p.Attr("aria-label", r.Form.Rows.Label+"（可左右滑动）")
	p.Raw(`><table class="df-sheet-rows">` + "\n<thead><tr><th scope=\"col\"")
	span := ""
	if grouped {
		span = ` rowspan="2"`
	}
	p.Raw(span, ">序号</th>")
	for i := 0; i < len(cols); i++ {
		c := cols[i]
		if c.group == "" {
			p.Raw(`<th scope="col"`, span, ">")
			p.Text(c.field.Label)
			p.Raw("</th>")
			continue
		}
		n := 1
		for i+n < len(cols) && cols[i+n].group == c.group {
			n++
		}
		p.Raw(`<th scope="colgroup" colspan="`, itoa(n), `">`)
		p.Text(c.group)
		p.Raw("</th>")
		i += n - 1
	}
	p.Raw("</tr>")
	if grouped {
		p.Raw("\n<tr>")
		for _, c := range cols {
			if c.group != "" {
				p.Raw(`<th scope="col">`)
				p.Text(c.sub)
				p.Raw("</th>")
			}
		}
		p.Raw("</tr>")
	}
	p.Raw("</thead>\n<tbody>\n")
	for i, row := range r.Sub.Rows {
		p.Raw("<tr><td>", itoa(i+1), "</td>")
		for _, c := range cols {
			p.Raw("<td>")
			p.Text(row[c.field.Name])
			p.Raw("</td>")
		}
		p.Raw("</tr>\n")
	}
	p.Raw("</tbody></table></div>\n")
}
