package board

import (
	"strconv"

	"dunban/lambda/htmlw"
)

// The fixed markup of the board, in the order it is written.
const (
	pageHead = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>报送情况 · `
	pageStyle = ` · 驻校蹲班</title>
<style>body{margin:0 auto;padding:1rem;max-width:72rem;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#fff}
`
	pageForm = `<h2>换一个范围或年度</h2>
<p><label for="db-token">管理员令牌</label><br><input type="password" id="db-token" name="token" required autocomplete="off"></p>
<p><label for="db-scope">范围</label><br><select id="db-scope" name="scope">`
	gridHead = `<h3 id="db-grid-title">各单位报送一览</h3>
<p class="db-hint">表格较宽，可左右滑动查看各月。</p>
<p class="db-legend"><span class="db-ontime">✓ 已报送</span> <span class="db-late">迟 逾期报送</span> <span class="db-missing">✗ 未报送</span> <span class="db-pending">· 未到期</span>　点数字查看对应单位及联系人，点单位或格子查看该单位联系人。</p>
<div class="db-wrap" tabindex="0" role="region" aria-labelledby="db-grid-title">
<table class="db-grid" id="db-grid">
<thead><tr><th scope="col" class="db-unit">单位</th>`
	noUnits = `
<p class="db-note">该范围内没有需报送工作安排表和月报的单位（工作安排表和月报以盟市、高校为单位报送）。</p>
`
	periodsHead = `

<h3>各期报送</h3>
<div class="db-wrap" tabindex="0" role="region" aria-label="各期报送">
<table class="db-periods" id="db-periods">
<caption>应报、未报送只统计工作安排表和月报（截止时间过后才计未报送）。`
	periodsCols = `</caption>
<thead><tr><th scope="col">期间</th><th scope="col">已报送</th><th scope="col">应报</th><th scope="col">未报送</th><th scope="col" class="db-js"><span class="db-sr">操作</span></th></tr></thead>
<tbody>`
	contactsHead = `

<h3 id="db-contacts">各单位联系人</h3>
<p class="db-note">联系人为该单位本年度最近一次报送工作安排表或月报时的填表人。</p>
`
	unitsHead = `<div class="db-wrap" tabindex="0" role="region" aria-label="单位联系人">
<table class="db-units">
<thead><tr><th scope="col">单位</th><th scope="col">填表人</th><th scope="col">联系电话</th><th scope="col">报送情况</th><th scope="col">所属地区</th></tr></thead>
<tbody>`
)

// writePage writes the whole page around the fragment.
func (p *page) writePage(v *view) {
	p.Raw(pageHead)
	p.Text(v.Scope)
	p.Raw(pageStyle, v.Style, `</style></head><body class="db-page"><main>`+"\n", `<p class="db-noprint"><a`)
	p.URL("href", v.Back, false)
	p.Raw(">← 返回管理员页面（导出数据包）</a></p>\n")
	p.writeFragment(v)
	p.Raw("\n", `<form class="db-again db-noprint" method="post"`)
	if v.Action != "" {
		p.URL("action", v.Action, false)
	}
	p.Raw(">\n", pageForm)
	for _, s := range v.Scopes {
		p.option(s, s, s == v.Scope)
	}
	p.Raw("</select></p>\n", `<p><label for="db-year">年度</label><br><select id="db-year" name="year">`)
	for _, y := range v.Years {
		p.option(strconv.Itoa(y), strconv.Itoa(y)+"年", y == v.Year)
	}
	p.Raw("</select></p>\n<p><button type=\"submit\">查看报送情况</button></p>\n</form>\n</main></body></html>\n")
}

func (p *page) option(value, label string, selected bool) {
	p.Raw("<option")
	p.Attr("value", value)
	if selected {
		p.Raw(" selected")
	}
	p.Raw(">")
	p.Text(label)
	p.Raw("</option>")
}

// writeFragment writes the board's section.
func (p *page) writeFragment(v *view) {
	year := strconv.Itoa(v.Year)
	scopes := ""
	for i, s := range v.Scopes {
		if i > 0 {
			scopes += "|"
		}
		scopes += s
	}
	p.Raw(`<section class="db" id="db" aria-labelledby="db-title"`)
	p.Attrs("data-scope", v.Scope, "data-year", year, "data-scopes", scopes)
	p.Raw(">\n", `<h2 id="db-title">`)
	p.Text(v.Scope + " " + year)
	p.Raw("年报送情况</h2>\n", `<p class="db-who">`)
	if v.Admin != "" {
		p.Text("管理员：" + v.Admin + "　")
	}
	p.Text("统计时间：" + v.AsOfText + "（北京时间）")
	p.Raw("</p>\n\n")
	if len(v.Rows) > 0 {
		p.writeGrid(v)
	} else {
		p.Raw(noUnits)
	}
	p.writePeriods(v)
	if len(v.Rows) > 0 {
		p.writeLists(v)
	}
	p.Raw("\n</section>\n")
}

// page is HTML being written (package htmlw: no html/template in the admin
// Lambda's binary).
type page struct{ htmlw.Page }
