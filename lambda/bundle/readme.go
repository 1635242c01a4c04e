package bundle

import (
	"fmt"
	"strings"

	"dunban/lambda/grade"
)

// readmeName is the note inside every bundle that explains its files.
const readmeName = "说明.txt"

// readme explains a bundle's files and rules, with the BOM and CRLF that
// every Windows Notepad reads correctly.
func readme(req Request, m *Manifest) string {
	var b strings.Builder
	b.WriteString(bom)
	fmt.Fprintf(&b, "“驻校蹲班”数据包　范围：%s　期间：%s 至 %s\n\n", req.Scope, req.From, req.To)
	b.WriteString(`文件说明
- 各表单 CSV：范围内、期间内全部报送，按地区、单位排序。月报按所报告的月份计入，半年报告按6月、12月计入，工作安排表、任务清单、案例按年度计入。同一单位同一期间重复报送（更正）的，每个版本都列出：最后一次标为“当前”，此前的标为“已更正”，各带接收时间；“更正次数”为该单位该期间的更正次数，“当前版本提交编号”指向计入统计的版本。进度汇总、未报送、报送一览和附件格式只用当前版本。任务清单按团干部、报告按类型和标题、案例按作者和标题区分。
- 工作安排表（附件格式）.csv：按通知附件的列顺序，按 自治区、盟市、旗县、高校、院系、中学、中职 分组（附件原为 盟市、旗县、高校、中学、中职）。
- 进度汇总.csv：每名团干部（工作安排表、月报、调研报告和案例作者中出现的人）当年1月至所选结束月份的情况，对照通知目标逐项标注“达标/未达标/进行中/参考/不适用”，并给出建议等次。调研报告、优秀工作案例同时列出月报自报数和实际提交数（按作者姓名与本单位团干部对应，旗县作者计入所属盟市），两者不一致、或不在工作安排表中、或月报中没有此人的，在“核对提示”中标出。
- 未报送.csv：范围内截止时间已过、尚未报送的单位：工作安排表、各月月报，以及6月、12月的阶段性总结报告和调研报告（每期两类各一份）。
- 报送一览.csv：范围内每个需报送的单位一行，所选期间的工作安排表和各月月报各一列，填“已报送”“逾期报送”“未报送”或“未到期”。
- manifest.json：导出请求、导出人、时间，以及每个文件的行数和 SHA-256 校验值。

目标（内团办发〔2021〕5号）
`)
	b.WriteString(grade.TargetsText)
	b.WriteString(`
访谈人数、团课、团日、自报的调研报告和案例为各月新增数之和；联系团支部数、覆盖率取最近一次月报的数值；入驻学校数取工作安排表中填写的学校名称（旧版工作安排表没有学校名称的，每类学校计1所）；早期版本（2021.1）的月报没有驻校天数、团学干部覆盖率，这两项按0计，常态化、集中式和团学干部覆盖须以新版月报报送。

建议等次规则（统计截至所选结束月份）
`)
	b.WriteString(grade.Rule)
	b.WriteString(`

表格说明
`)
	if req.Encoding == GB18030 {
		b.WriteString("CSV 文件为 GB18030 编码（适用于旧版 Excel）。")
	} else {
		b.WriteString("CSV 文件为 UTF-8 编码（带 BOM），Excel、WPS 可直接打开。")
	}
	b.WriteString(`打开后所见即所填：报送期写作“2021年3月”，时间写作“2026-12-02 10:00:04”（北京时间），到期指标达标写作“7项（共10项）”；电话、证件号等数字串保留开头的0和全部位数，形如日期的文字（如“3-1”）不会被改成日期——这些单元格在文件中写作 ="…"，Excel、WPS 显示其中的文字。以 = + - @ 等开头的单元格前加了单引号，防止被当作公式执行。每个表前几列为地区、单位、报送期、接收时间，提交编号、表单版本、文件存储位置、行号等技术列在最后。
`)
	b.WriteString(problemsText(m))
	return strings.ReplaceAll(b.String(), "\n", "\r\n")
}
