package board

import "strconv"

// writeGrid writes the charts and the unit × period grid.
func (p *page) writeGrid(v *view) {
	p.raw("\n<div class=\"db-charts\">\n")
	p.writeChart(v.Completeness)
	p.raw("\n")
	p.writeChart(v.Grades)
	p.raw("\n</div>\n", `<p class="db-note">`)
	p.text("完成率按截止时间已过的各期计算（工作安排表和月报）；建议等次按团干部" + strconv.Itoa(v.Year) + "年1月至" +
		strconv.Itoa(int(v.Through.Month)) + "月的月报累计，规则见数据包中的说明。")
	p.raw("</p>\n\n", gridHead)
	for _, c := range v.Columns {
		p.writeColumn(c)
	}
	p.raw("</tr>\n")
	for _, r := range v.CountRows {
		p.writeCountRow(r)
	}
	p.raw("</thead>\n<tbody>")
	for _, r := range v.Rows {
		p.raw("\n", `<tr><th scope="row" class="db-unit"><a`)
		p.url("href", r.Href, false)
		p.raw(">")
		p.text(r.Name)
		p.raw("</a></th>")
		for _, c := range r.Cells {
			p.raw("<td")
			p.attr("class", "db-cell db-"+string(c.State))
			p.raw("><a")
			p.url("href", r.Href, false)
			p.attr("title", c.Title)
			p.raw(`><span aria-hidden="true">`)
			p.text(c.Symbol)
			p.raw(`</span><span class="db-sr">`)
			p.text(c.Title)
			p.raw("</span></a></td>")
		}
		p.raw("</tr>")
	}
	p.raw("\n</tbody></table></div>\n")
}

func (p *page) writeColumn(c columnView) {
	title := c.Label
	if c.Due != "" {
		title += "，" + c.Due + "截止"
	}
	p.raw(`<th scope="col"`)
	p.attr("title", title)
	p.raw(">")
	p.text(c.Short)
	if c.Due != "" {
		p.raw(`<span class="db-due">`)
		p.text(c.Due)
		p.raw("</span>")
	}
	p.raw("</th>")
}

func (p *page) writeCountRow(r countRow) {
	p.raw("<tr")
	p.attr("class", "db-count db-"+string(r.State))
	p.raw(`><th scope="row" class="db-unit">`)
	p.text(r.Label)
	p.raw("</th>")
	for _, c := range r.Counts {
		p.raw("<td>")
		if c.Href != "" {
			p.raw("<a")
			p.url("href", c.Href, false)
			p.attr("aria-label", c.Name)
			p.raw(">")
			p.num(c.N)
			p.raw("</a>")
		} else {
			p.raw("0")
		}
		p.raw("</td>")
	}
	p.raw("</tr>\n")
}

// writePeriods writes the table of every form's periods.
func (p *page) writePeriods(v *view) {
	p.raw(periodsHead)
	if len(v.Periods) > 0 {
		p.raw(`<span class="db-js">点“选用”把该期设为导出的表单和期间。</span>`)
	}
	p.raw(periodsCols)
	for _, pv := range v.Periods {
		p.writePeriod(pv)
	}
	if len(v.Periods) == 0 {
		p.raw("\n", `<tr><td colspan="5">`)
		p.text(strconv.Itoa(v.Year) + "年没有报送期，请选择其他年度。")
		p.raw("</td></tr>")
	}
	p.raw("\n</tbody></table></div>\n\n")
}

func (p *page) writePeriod(pv periodView) {
	if pv.Group != "" {
		p.raw("\n", `<tr class="db-group"><th colspan="5" scope="colgroup">`)
		p.text(pv.Group)
		p.raw("</th></tr>")
	}
	p.raw("\n", `<tr><th scope="row">`)
	p.text(pv.Label)
	if pv.Due != "" {
		p.raw(`<span class="db-due">截止 `)
		p.text(pv.Due)
		p.raw("</span>")
	}
	expected, bad := "—", ""
	if pv.Expected != 0 {
		expected = strconv.Itoa(pv.Expected)
	}
	if pv.MissingCount != 0 {
		bad = " db-bad"
	}
	p.raw(`</th><td class="db-num">`, strconv.Itoa(pv.Count))
	if pv.Corrections != 0 {
		p.raw(`<span class="db-due">更正 `, strconv.Itoa(pv.Corrections), " 次</span>")
	}
	p.raw(`</td><td class="db-num">`, expected, "</td><td")
	p.attr("class", "db-num"+bad)
	p.raw(">")
	p.text(pv.Missing)
	p.raw(`</td><td class="db-js"><button type="button" class="db-use"`)
	p.attrs("data-form", pv.Form, "data-from", pv.From, "data-to", pv.To, "aria-label", pv.Use)
	p.raw(">选用</button></td></tr>")
}

// writeLists writes the units behind each count, then every unit.
func (p *page) writeLists(v *view) {
	for _, l := range v.Lists {
		p.raw("\n<section")
		p.attrs("class", "db-list", "id", l.ID, "aria-label", l.Title)
		p.raw(">\n<h3>")
		p.text(l.Title)
		p.raw("</h3>\n")
		p.writeUnits(l.Units)
		p.raw("\n", `<p><a href="#db-grid">返回一览表</a></p>`, "\n</section>")
	}
	p.raw(contactsHead)
	p.writeUnits(v.Units)
	p.raw("\n")
}

// writeUnits writes a table of units with their contacts.
func (p *page) writeUnits(us []unitView) {
	p.raw(unitsHead)
	for _, u := range us {
		p.raw("\n<tr")
		p.attr("id", u.ID)
		p.raw(`><th scope="row">`)
		p.text(u.Name)
		p.raw("</th><td>")
		p.textOr(u.Contact)
		if u.From != "" {
			p.raw(`<span class="db-due">`)
			p.text(u.From)
			p.raw("</span>")
		}
		p.raw("</td><td>")
		if u.Tel != "" {
			p.raw("<a")
			p.url("href", u.Tel, true)
			p.raw(">")
			p.text(u.Phone)
			p.raw("</a>")
		} else {
			p.textOr(u.Phone)
		}
		p.raw("</td><td>")
		p.text(u.Summary)
		p.raw("</td><td>")
		p.text(u.Region)
		p.raw("</td></tr>")
	}
	p.raw("\n</tbody></table></div>\n")
}

// textOr writes s escaped, or a dash if it is empty.
func (p *page) textOr(s string) {
	if s == "" {
		s = "—"
	}
	p.text(s)
}

// writeChart writes a bar chart as inline SVG.
func (p *page) writeChart(c Chart) {
	p.raw(`<figure class="db-chart">`, "\n<figcaption>")
	p.text(c.Title)
	p.raw("</figcaption>\n", `<svg viewBox="0 0 `, strconv.Itoa(c.Width), " ", strconv.Itoa(c.Height), `" role="img"`)
	p.attr("aria-label", c.Title+"："+c.Desc)
	p.raw(` xmlns="http://www.w3.org/2000/svg">`, "\n<title>")
	p.text(c.Title)
	p.raw("</title>\n")
	for _, s := range c.Legend {
		p.raw("<rect")
		p.attr("x", strconv.Itoa(s.X))
		p.raw(` y="6" width="12" height="12"`)
		p.attr("class", s.Class)
		p.raw("/><text")
		p.attr("x", strconv.Itoa(s.TextX))
		p.raw(` y="16" class="db-t">`)
		p.text(s.Label)
		p.raw("</text>\n")
	}
	for _, b := range c.Rows {
		p.writeBar(c, b)
	}
	p.raw("</svg>\n</figure>")
}

var xywh = []string{"x", "y", "width", "height"}

func (p *page) writeBar(c Chart, b Bar) {
	p.raw("<text")
	p.nums(xywh[:2], c.LabelRight, b.TextY)
	p.raw(` text-anchor="end" class="db-t">`)
	p.text(b.Label)
	p.raw("</text>\n<rect")
	p.nums(xywh, c.BarLeft, b.Y, c.BarWidth, c.BarHeight)
	p.raw(` class="db-track"/>`)
	for _, s := range b.Segments {
		p.raw("<rect")
		p.nums(xywh, s.X, b.Y, s.Width, c.BarHeight)
		p.attr("class", s.Class)
		p.raw("><title>")
		p.text(s.Title)
		p.raw("</title></rect>")
	}
	p.raw("\n<text")
	p.nums(xywh[:2], b.FigureX, b.TextY)
	p.raw(` class="db-t db-fig">`)
	p.text(b.Figure)
	p.raw("</text>\n")
}
