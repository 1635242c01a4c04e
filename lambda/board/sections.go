package board

import "strconv"

// writeGrid writes the charts and the unit × period grid.
func (p *page) writeGrid(v *view) {
	p.Raw("\n<div class=\"db-charts\">\n")
	p.writeChart(v.Completeness)
	p.Raw("\n")
	p.writeChart(v.Grades)
	p.Raw("\n</div>\n", `<p class="db-note">`)
	p.Text("完成率按截止时间已过的各期计算（工作安排表和月报）；建议等次按团干部" + strconv.Itoa(v.Year) + "年1月至" +
		strconv.Itoa(int(v.Through.Month)) + "月的月报累计，规则见数据包中的说明。")
	p.Raw("</p>\n\n", gridHead)
	for _, c := range v.Columns {
		p.writeColumn(c)
	}
	p.Raw("</tr>\n")
	for _, r := range v.CountRows {
		p.writeCountRow(r)
	}
	p.Raw("</thead>\n<tbody>")
	for _, r := range v.Rows {
		p.Raw("\n", `<tr><th scope="row" class="db-unit"><a`)
		p.URL("href", r.Href, false)
		p.Raw(">")
		p.Text(r.Name)
		p.Raw("</a></th>")
		for _, c := range r.Cells {
			p.Raw("<td")
			p.Attr("class", "db-cell db-"+string(c.State))
			p.Raw("><a")
			p.URL("href", r.Href, false)
			p.Attr("title", c.Title)
			p.Raw(`><span aria-hidden="true">`)
			p.Text(c.Symbol)
			p.Raw(`</span><span class="db-sr">`)
			p.Text(c.Title)
			p.Raw("</span></a></td>")
		}
		p.Raw("</tr>")
	}
	p.Raw("\n</tbody></table></div>\n")
}

func (p *page) writeColumn(c columnView) {
	title := c.Label
	if c.Due != "" {
		title += "，" + c.Due + "截止"
	}
	p.Raw(`<th scope="col"`)
	p.Attr("title", title)
	p.Raw(">")
	p.Text(c.Short)
	if c.Due != "" {
		p.Raw(`<span class="db-due">`)
		p.Text(c.Due)
		p.Raw("</span>")
	}
	p.Raw("</th>")
}

func (p *page) writeCountRow(r countRow) {
	p.Raw("<tr")
	p.Attr("class", "db-count db-"+string(r.State))
	p.Raw(`><th scope="row" class="db-unit">`)
	p.Text(r.Label)
	p.Raw("</th>")
	for _, c := range r.Counts {
		p.Raw("<td>")
		if c.Href != "" {
			p.Raw("<a")
			p.URL("href", c.Href, false)
			p.Attr("aria-label", c.Name)
			p.Raw(">")
			p.Num(c.N)
			p.Raw("</a>")
		} else {
			p.Raw("0")
		}
		p.Raw("</td>")
	}
	p.Raw("</tr>\n")
}

// writePeriods writes the table of every form's periods.
func (p *page) writePeriods(v *view) {
	p.Raw(periodsHead)
	if len(v.Periods) > 0 {
		p.Raw(`<span class="db-js">点“选用”把该期设为导出的表单和期间。</span>`)
	}
	p.Raw(periodsCols)
	for _, pv := range v.Periods {
		p.writePeriod(pv)
	}
	if len(v.Periods) == 0 {
		p.Raw("\n", `<tr><td colspan="5">`)
		p.Text(strconv.Itoa(v.Year) + "年没有报送期，请选择其他年度。")
		p.Raw("</td></tr>")
	}
	p.Raw("\n</tbody></table></div>\n\n")
}

func (p *page) writePeriod(pv periodView) {
	if pv.Group != "" {
		p.Raw("\n", `<tr class="db-group"><th colspan="5" scope="colgroup">`)
		p.Text(pv.Group)
		p.Raw("</th></tr>")
	}
	p.Raw("\n", `<tr><th scope="row">`)
	p.Text(pv.Label)
	if pv.Due != "" {
		p.Raw(`<span class="db-due">截止 `)
		p.Text(pv.Due)
		p.Raw("</span>")
	}
	expected, bad := "—", ""
	if pv.Expected != 0 {
		expected = strconv.Itoa(pv.Expected)
	}
	if pv.MissingCount != 0 {
		bad = " db-bad"
	}
	p.Raw(`</th><td class="db-num">`, strconv.Itoa(pv.Count))
	if pv.Corrections != 0 {
		p.Raw(`<span class="db-due">更正 `, strconv.Itoa(pv.Corrections), " 次</span>")
	}
	p.Raw(`</td><td class="db-num">`, expected, "</td><td")
	p.Attr("class", "db-num"+bad)
	p.Raw(">")
	p.Text(pv.Missing)
	p.Raw(`</td><td class="db-js"><button type="button" class="db-use"`)
	p.Attrs("data-form", pv.Form, "data-from", pv.From, "data-to", pv.To, "aria-label", pv.Use)
	p.Raw(">选用</button></td></tr>")
}

// writeLists writes the units behind each count, then every unit.
func (p *page) writeLists(v *view) {
	for _, l := range v.Lists {
		p.Raw("\n<section")
		p.Attrs("class", "db-list", "id", l.ID, "aria-label", l.Title)
		p.Raw(">\n<h3>")
		p.Text(l.Title)
		p.Raw("</h3>\n")
		p.writeUnits(l.Units)
		p.Raw("\n", `<p><a href="#db-grid">返回一览表</a></p>`, "\n</section>")
	}
	p.Raw(contactsHead)
	p.writeUnits(v.Units)
	p.Raw("\n")
}

// writeUnits writes a table of units with their contacts.
func (p *page) writeUnits(us []unitView) {
	p.Raw(unitsHead)
	for _, u := range us {
		p.Raw("\n<tr")
		p.Attr("id", u.ID)
		p.Raw(`><th scope="row">`)
		p.Text(u.Name)
		p.Raw("</th><td>")
		p.textOr(u.Contact)
		if u.From != "" {
			p.Raw(`<span class="db-due">`)
			p.Text(u.From)
			p.Raw("</span>")
		}
		p.Raw("</td><td>")
		if u.Tel != "" {
			p.Raw("<a")
			p.URL("href", u.Tel, true)
			p.Raw(">")
			p.Text(u.Phone)
			p.Raw("</a>")
		} else {
			p.textOr(u.Phone)
		}
		p.Raw("</td><td>")
		p.Text(u.Summary)
		p.Raw("</td><td>")
		p.Text(u.Region)
		p.Raw("</td></tr>")
	}
	p.Raw("\n</tbody></table></div>\n")
}

// textOr writes s escaped, or a dash if it is empty.
func (p *page) textOr(s string) {
	if s == "" {
		s = "—"
	}
	p.Text(s)
}

// writeChart writes a bar chart as inline SVG.
func (p *page) writeChart(c Chart) {
	p.Raw(`<figure class="db-chart">`, "\n<figcaption>")
	p.Text(c.Title)
	p.Raw("</figcaption>\n", `<svg viewBox="0 0 `, strconv.Itoa(c.Width), " ", strconv.Itoa(c.Height), `" role="img"`)
	p.Attr("aria-label", c.Title+"："+c.Desc)
	p.Raw(` xmlns="http://www.w3.org/2000/svg">`, "\n<title>")
	p.Text(c.Title)
	p.Raw("</title>\n")
	for _, s := range c.Legend {
		p.Raw("<rect")
		p.Attr("x", strconv.Itoa(s.X))
		p.Raw(` y="6" width="12" height="12"`)
		p.Attr("class", s.Class)
		p.Raw("/><text")
		p.Attr("x", strconv.Itoa(s.TextX))
		p.Raw(` y="16" class="db-t">`)
		p.Text(s.Label)
		p.Raw("</text>\n")
	}
	for _, b := range c.Rows {
		p.writeBar(c, b)
	}
	p.Raw("</svg>\n</figure>")
}

var xywh = []string{"x", "y", "width", "height"}

func (p *page) writeBar(c Chart, b Bar) {
	p.Raw("<text")
	p.Nums(xywh[:2], c.LabelRight, b.TextY)
	p.Raw(` text-anchor="end" class="db-t">`)
	p.Text(b.Label)
	p.Raw("</text>\n<rect")
	p.Nums(xywh, c.BarLeft, b.Y, c.BarWidth, c.BarHeight)
	p.Raw(` class="db-track"/>`)
	for _, s := range b.Segments {
		p.Raw("<rect")
		p.Nums(xywh, s.X, b.Y, s.Width, c.BarHeight)
		p.Attr("class", s.Class)
		p.Raw("><title>")
		p.Text(s.Title)
		p.Raw("</title></rect>")
	}
	p.Raw("\n<text")
	p.Nums(xywh[:2], b.FigureX, b.TextY)
	p.Raw(` class="db-t db-fig">`)
	p.Text(b.Figure)
	p.Raw("</text>\n")
}
