package form

import "strings"

// Patterns shared by fields. They are valid both as Go regexps and as HTML
// pattern attributes (which browsers compile with the JavaScript v flag).
const (
	// patternPhone accepts a mainland mobile (11 digits from 13–19) or a
	// landline with area code, e.g. 0471-6931811, optionally with an extension.
	patternPhone = `1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?`
	// patternPhoneInput is what a phone field accepts as typed: the same
	// numbers with full-width digits, a mobile in groups (150-4771-2345,
	// 150 4771 2345) or a landline with a space after the area code.
	patternPhoneInput = `[1１][3-9３-９][0-9０-９](?:[ 　\-－—–]?[0-9０-９]){8}|[0０][0-9０-９]{2,3}[ 　\-－—–]?[0-9０-９]{7,8}(?:[\-－—–][0-9０-９]{1,6})?`
	// patternEmail accepts a plain address with a dotted domain.
	patternEmail = `[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`
	// patternWeChat accepts a WeChat id (6–20 letters, digits, _ or -, starting
	// with a letter) or a mobile number bound to WeChat.
	patternWeChat = `[A-Za-z][A-Za-z0-9_\-]{5,19}|1[3-9][0-9]{9}`
)

const (
	hintPhone  = "请填写手机号（11位，可用空格或短横线分隔）或带区号的固定电话，如 0471-6931811"
	hintEmail  = "请填写有效的电子邮箱，如 name@example.com"
	hintWeChat = "请填写微信号（6–20位字母、数字、下划线或减号，以字母开头）或绑定的手机号"
)

// Help lines of the unit field, from the notice: the 工作安排表, the monthly
// report and the half-year reports go 以盟市、高校为单位, so 旗县（区）、中学
// and 中职 cadres are reported by their 盟市; a cadre's own forms say which
// committee a 旗县, 中学 or 中职 cadre picks.
const (
	unitHelpCommittee = "本表以盟市、高校为单位报送，请选本盟市（高校）团委；旗县（区）、中学、中职学校的团干部由所属盟市团委汇总报送。自治区团委学校部报送本级团干部时选“自治区团委”。"
	unitHelpCadre     = "旗县（区）团委干部选本旗县（区）；中学、中职学校的团干部选学校所在旗县（区）团委，盟市直属学校选所属盟市团委；高校及院系团干部选本校。"
)

// RetentionDays is how long the bucket keeps what a form collects, counted
// from the day it is sent: three years, which covers the year's assessment
// and two years after it. Every form's personal-information notice says so
// (RetentionNotice) and infra/template.yaml's RetentionDays parameter
// defaults to it (a test compares the two).
const RetentionDays = 1096

// RetentionNotice is the notice's sentence on how long data is kept.
const RetentionNotice = "自提交之日起保存三年（1096天，涵盖本年度考核及其后两年），期满由存储自动删除。"

// Contact is the line every form page shows: submitting here replaces the
// notice's mailbox, and whom to ask (the notice's 联系人).
const Contact = "本站在线报送代替通知所说的邮箱报送，提交后无需再发邮件至 twxxb@126.com。如有疑问，请联系自治区团委学校部 刘智博、殷雅丽，电话 0471-6931811，邮箱 twxxb@126.com。"

// committeeKinds are the units that send the 工作安排表, the monthly report
// and the half-year reports: the 盟市 and 高校 committees, which owe them
// (五.4), and the 自治区团委, whose own 学校部 cadres are graded too.
var committeeKinds = []string{KindAutonomous, KindLeague, KindUniversity}

// owingKinds are the unit kinds that owe a form for each period with a
// deadline (五.4: 以盟市、高校为单位); the 自治区团委 may send its own.
var owingKinds = []string{KindLeague, KindUniversity}

// Owes reports whether a unit of kind owes f for each of its periods with
// a deadline: the 未报送 list and the admin overview count these units.
func (f *Form) Owes(kind string) bool {
	return contains(owingKinds, kind) && (len(f.UnitKinds) == 0 || contains(f.UnitKinds, kind))
}

func unitField(help string) Field {
	return Field{Name: FieldUnit, Label: "填报单位", Help: help, Kind: Select, From: FromUnits, Required: true, MaxLen: 60, Autocomplete: "organization"}
}

// UnitCode is the 单位填报码 every form asks for beside 填报单位: the code
// the unit was given, so that only the unit can report for itself. It is
// not one of a form's Fields: the collector checks it against the unit
// before anything is stored, and it is never stored, logged or kept in the
// page's draft. Codes are letters and digits; case, full-width forms,
// spaces and dashes do not matter (package unitcode reads them).
var UnitCode = Field{Name: FieldUnitCode, Label: "单位填报码", Kind: Text, Required: true, MaxLen: 40,
	Help: "由自治区团委学校部（电话 0471-6931811）发给各盟市、高校团委，请向本单位团委索取；" +
		"不区分大小写，空格、短横线可省略。",
	Placeholder: "如 KQ7MZ-3XHPD", Autocomplete: "off"}

func periodField(label, help string) Field {
	return Field{Name: FieldPeriod, Label: label, Help: help, Kind: Select, From: FromPeriods, Required: true, MaxLen: 20}
}

func nameField(name, label string) Field {
	return Field{Name: name, Label: label, Kind: Text, Required: true, MinLen: 2, MaxLen: 20, Autocomplete: "name"}
}

func phoneField(name, label string, required bool) Field {
	return Field{Name: name, Label: label, Kind: Tel, Required: required, MaxLen: 20, Pattern: patternPhone, InputPattern: patternPhoneInput, PatternHint: hintPhone,
		Placeholder: "如 13800000000 或 0471-6931811", Autocomplete: "tel", InputMode: "tel"}
}

// patternPhones accepts one to three phone numbers separated by 、 or a comma.
const patternPhones = `(` + patternPhone + `)([、,，](` + patternPhone + `)){0,2}`

// patternPhonesInput is what a field of several phones accepts as typed:
// each number as PatternPhoneInput allows.
const patternPhonesInput = `(?:` + patternPhoneInput + `)(?:[、,，](?:` + patternPhoneInput + `)){0,2}`

// phonesField is an optional field for the phones of up to three schools.
func phonesField(name, label string) Field {
	return Field{Name: name, Label: label, Kind: Tel, MaxLen: 60, Pattern: patternPhones, InputPattern: patternPhonesInput, Autocomplete: "tel", InputMode: "tel",
		PatternHint: "请填写手机号（11位）或带区号的固定电话，多所学校用顿号分隔，如 0471-6931811、13800000000",
		Placeholder: "如 0471-6931811"}
}

func emailField(name, label string, required bool) Field {
	return Field{Name: name, Label: label, Kind: Email, Required: required, MaxLen: 80, Pattern: patternEmail, PatternHint: hintEmail,
		Autocomplete: "email", InputMode: "email"}
}

func countField(name, label, help string, max float64) Field {
	return Field{Name: name, Label: label, Help: help, Kind: Number, Required: true, Min: 0, Max: max, MaxLen: 5,
		Pattern: `[0-9]{1,5}`, PatternHint: "请填写整数（0 或正整数）", InputMode: "numeric"}
}

// carry marks a field 复制上月 copies.
func carry(fd Field) Field {
	fd.Carry = true
	return fd
}

// consentField is the required consent to the personal-information notice shown on every form.
var consentField = Field{Name: FieldConsent, Label: "同意个人信息告知", Kind: Checkbox, Required: true, MaxLen: 2,
	Help: "我已阅读上方个人信息告知，同意为“驻校蹲班”工作统计使用所填信息。"}

// Arrangement is the 工作安排表 of the notice's attachment: one submission per
// 盟市 or 高校 league committee, one row per cadre, due 10 March 15:00.
var Arrangement = &Form{
	ID: "arrangement", Title: "“驻校蹲班”工作安排表", Version: "2021.2", Earlier: []Version{arrangement2021v1},
	Submitter: "盟市团委、高校团委",
	Intro:     "各盟市团委、各高等院校团委统筹安排辖区内“驻校蹲班”工作，按通知附件格式填报本单位参加人员及入驻学校。每名团干部填写一行；入驻学校按类型填写：学校名称（同类多所用顿号分隔）、年级班级及该校团委书记姓名、联系方式；高校团委干部另填联系的院系团总支；没有的类型留空。",
	UnitKinds: committeeKinds,
	Fields: []Field{
		unitField(unitHelpCommittee),
		nameField("contact_name", "填表人"),
		phoneField("contact_phone", "填表人联系电话", true),
		consentField,
	},
	Rows: &Rows{Label: "参加人员", Help: "每名参加“驻校蹲班”的团干部一行。", MinRows: 1, MaxRows: 200, Blank: 3, Extra: 17,
		Fields: arrangementRow()},
}

// arrangementRow is the attachment's columns in order: level, the cadre, the
// six school types (class detail, secretary's name, secretary's contact), time.
func arrangementRow() []Field {
	row := []Field{
		{Name: "level", Label: "层级", Help: "参加人员所在层级", Kind: Select, From: FromLevels, Required: true, MaxLen: 4, Group: "参加人员"},
		nameField("name", "姓名"),
		{Name: "post", Label: "工作单位及职务", Kind: Text, Required: true, MinLen: 2, MaxLen: 60, Placeholder: "如 包头市团委学校部部长", Autocomplete: "organization-title"},
		phoneField("phone", "联系电话", true),
		emailField("email", "邮箱", true),
		{Name: "wechat", Label: "微信号", Kind: Text, MaxLen: 20, Pattern: patternWeChat, PatternHint: hintWeChat, Autocomplete: "off"},
	}
	for i, st := range SchoolTypes {
		key := schoolKeys[i]
		detail := "年级、班级"
		switch st {
		case "高等院校":
			detail = "院系、年级、班级"
		case "中等职业学校":
			detail = "专业、年级、班级"
		}
		group := "入驻学校：" + st
		row = append(row,
			Field{Name: key + "_school", Label: st + "名称", Kind: Text, MaxLen: 100, Group: group,
				Help: "同类学校有多所的，用顿号分隔；进度汇总按学校名称计入驻学校数", Placeholder: "如 包头市第一中学、包头市第九中学"},
			Field{Name: key + "_class", Label: st + "（" + detail + "）", Kind: Text, MaxLen: 100, Group: group, Placeholder: detail})
		if st == "高等院校" {
			row = append(row, Field{Name: FieldColleges, Label: "联系的院系团总支", Kind: Text, MaxLen: 100, Group: group,
				Help: "高校团委干部至少联系2个院系团总支，并在其中联系3至4个班级团支部；多个用顿号分隔", Placeholder: "如 文学院团总支、物理学院团总支"})
		}
		row = append(row,
			Field{Name: key + "_secretary", Label: st + "校团委书记姓名", Kind: Text, MaxLen: 40, Group: group, Help: "多所学校的，按学校顺序用顿号分隔"},
			phonesField(key+"_contact", st+"校团委书记联系方式"),
		)
		row[len(row)-1].Group = group
	}
	return append(row, Field{Name: "stay_time", Label: "驻校蹲班预计时间", Kind: Text, Required: true, MaxLen: 60,
		Placeholder: "如 3月15日—19日；9月13日—17日", Help: "集中式在3月、9月各5天；常态化每月报到"})
}

// FieldColleges is the arrangement row's 院系团总支 a cadre links (高等院校).
const FieldColleges = "higher_colleges"

// SchoolNameField returns the POST name of school type t's 学校名称 field in an arrangement row.
func SchoolNameField(t string) string {
	for i, st := range SchoolTypes {
		if st == t {
			return schoolKeys[i] + "_school"
		}
	}
	return ""
}

// schoolKeys are the POST-name prefixes of the six school types, in SchoolTypes order.
var schoolKeys = []string{"higher", "senior", "junior", "complete", "nineyear", "vocational"}

// SchoolFields returns the POST names of school type t's class, secretary and contact fields in an arrangement row.
func SchoolFields(t string) (class, secretary, contact string, ok bool) {
	for i, st := range SchoolTypes {
		if st == t {
			k := schoolKeys[i]
			return k + "_class", k + "_secretary", k + "_contact", true
		}
	}
	return "", "", "", false
}

// areas are the six areas of the notice's section 四 a personal task list covers.
var areas = []string{"深入走访调研", "联系指导团支部", "开展主题团课", "结对子交朋友", "充分沟通交流", "办实事促工作"}

// TaskList is one cadre's 个人任务清单 for the year over the six areas, with
// the 2–4 class branches linked directly.
var TaskList = &Form{
	ID: "tasklist", Title: "个人任务清单", Version: "2021.1",
	Submitter: "参加“驻校蹲班”的团干部",
	Intro:     "每名团干部围绕通知第四部分的六个方面提出本年度个人任务清单，经单位审定后实施。请同时填写直接联系的2至4个班级团支部。",
	Fields: append([]Field{
		unitField("本人所在团委。" + unitHelpCadre),
		nameField("name", "姓名"),
		{Name: "post", Label: "工作单位及职务", Kind: Text, Required: true, MinLen: 2, MaxLen: 60, Autocomplete: "organization-title"},
		phoneField("phone", "联系电话", true),
	}, append(areaFields(),
		Field{Name: "approved", Label: "已经单位审定", Kind: Checkbox, MaxLen: 2, Help: "任务清单已经本单位审定的请勾选"},
		consentField)...),
	Rows: &Rows{Label: "联系班级团支部", Help: "“驻校蹲班”期间直接联系的班级团支部，2至4个。", MinRows: 2, MaxRows: 4, Blank: 4,
		Fields: []Field{
			{Name: "school", Label: "学校名称", Kind: Text, Required: true, MinLen: 2, MaxLen: 60},
			{Name: "school_type", Label: "学校类型", Kind: Select, From: FromSchoolTypes, Required: true, MaxLen: 10},
			{Name: "branch", Label: "班级团支部", Kind: Text, Required: true, MinLen: 2, MaxLen: 60, Placeholder: "如 高二（3）班团支部"},
		}},
}

func areaFields() []Field {
	help := []string{
		"调研主题、方式（座谈、访谈、问卷、查阅档案）、调研报告和优秀工作案例计划",
		"选取的班级团支部及“团建指导员”工作安排",
		"全年至少2次集中宣讲、主题团课或思政课的主题与时间",
		"访谈40名以上普通学生、30名以上团学干部，结对帮扶安排",
		"与学校党政领导沟通、推动听取共青团工作汇报的安排",
		"拟办实事、项目支持，每学期至少1次主题团日活动",
	}
	out := make([]Field, len(areas))
	for i, a := range areas {
		out[i] = Field{Name: "area" + string(rune('1'+i)), Label: areas[i] + "任务", Help: help[i], Kind: TextArea,
			Required: true, MinLen: 10, MaxLen: 1000, Group: "个人任务清单：" + a}
	}
	return out
}

// Monthly is the 任务清单完成情况 a 盟市 or 高校 committee reports by the 10th:
// one row per cadre for the month.
var Monthly = &Form{
	ID: "monthly", Title: "任务清单完成情况（月报）", Version: "2021.2", Earlier: []Version{monthly2021v1},
	Submitter: "盟市团委、高校团委",
	Intro:     "通知原文：“以盟市、高校为单位分别于每月10日提交任务清单完成情况”。本站理解为每月10日报送上月的完成情况。每名团干部一行。驻校天数填写当月天数；访谈人数、团课、团日、调研报告和案例填写当月新增数；联系团支部数和两项覆盖率填写截至当月的情况。",
	UnitKinds: committeeKinds,
	Fields: []Field{
		unitField(unitHelpCommittee),
		periodField("报告月份", "所报告工作的月份"),
		nameField("contact_name", "填表人"),
		phoneField("contact_phone", "填表人联系电话", true),
		consentField,
	},
	Rows: &Rows{Label: "团干部", Help: "每名团干部一行。", MinRows: 1, MaxRows: 200, Blank: 3, Extra: 27,
		Fields: []Field{
			carry(nameField("name", "姓名")),
			countField("days", "驻校天数", "当月在联系学校开展工作的天数；常态化每月至少1天，集中式3月、9月各5天以上", 31),
			countField("students", "访谈普通学生数", "当月新增，全年目标40名以上", 2000),
			countField("cadres", "访谈团学干部数", "当月新增，全年目标30名以上", 2000),
			{Name: "cadre_coverage", Label: "团学干部覆盖率（%）", Help: "截至当月，所联系学校的团学干部中已调研联系的比例，目标100%", Kind: Percent,
				Required: true, Min: 0, Max: 100, MaxLen: 5, Pattern: `[0-9]{1,3}(\.[0-9])?`, PatternHint: "请填写0到100之间的数，最多一位小数",
				InputMode: "decimal", Carry: true},
			carry(countField("branches", "联系班级团支部数", "截至当月，目标2至4个", 20)),
			{Name: "coverage", Label: "联系学生覆盖率（%）", Help: "截至当月，重点联系班级学生的覆盖率，目标80%以上", Kind: Percent, Required: true, Min: 0, Max: 100, MaxLen: 5,
				Pattern: `[0-9]{1,3}(\.[0-9])?`, PatternHint: "请填写0到100之间的数，最多一位小数", InputMode: "decimal", Carry: true},
			countField("lectures", "宣讲团课次数", "当月新增，全年至少2次", 100),
			countField("league_days", "主题团日次数", "当月新增，每学期至少1次", 100),
			countField("research", "调研报告篇数", "当月新增，全年至少1篇", 50),
			countField("cases", "工作案例篇数", "当月新增，全年至少1个", 50),
			{Name: "practical", Label: "办实事情况", Help: "当月为联系学校办的实事", Kind: TextArea, MaxLen: 500},
		}},
}

// Authors splits a cell naming people or places (a report's or case's
// authors, an arrangement row's schools or 院系团总支) into names,
// separated by 、, commas, semicolons or slashes (not spaces, which a
// school's name may hold); each name is trimmed.
func Authors(s string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；/", r) }) {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// ReportKinds are the two kinds of report sent in June and December.
var ReportKinds = []string{"阶段性总结报告", "调研报告"}

// reportMaxBytes is the largest report file accepted (20 MB).
const reportMaxBytes = 20 << 20

// reportAccept are the report file types accepted.
var reportAccept = []string{".docx", ".pdf", ".wps"}

// Report is a 阶段性总结报告 or 调研报告 with its file, due in June and December.
// The file goes to S3 by a presigned POST; the form carries its name and key.
var Report = &Form{
	ID: "report", Title: "阶段性总结报告 / 调研报告", Version: "2021.1",
	Submitter: "盟市团委、高校团委",
	Intro:     "每半年（6月、12月）报送阶段性总结报告及调研报告。报告文件为 Word（.docx）、PDF 或 WPS 格式，不超过 20 MB。",
	UnitKinds: committeeKinds,
	Fields: []Field{
		unitField(unitHelpCommittee),
		periodField("报送期", "上半年（6月）或下半年（12月）"),
		{Name: "kind", Label: "报告类型", Kind: Select, Choices: ReportKinds, Required: true, MaxLen: 10},
		{Name: "title", Label: "报告标题", Kind: Text, Required: true, MinLen: 4, MaxLen: 100},
		{Name: "author", Label: "作者", Help: "撰写报告的团干部，姓名须与本单位工作安排表中的一致，多人用顿号分隔；进度汇总按作者计入每名团干部。",
			Kind: Text, Required: true, MinLen: 2, MaxLen: 60, Autocomplete: "name"},
		phoneField("phone", "联系电话", true),
		{Name: "abstract", Label: "内容摘要", Kind: TextArea, Required: true, MinLen: 20, MaxLen: 1000},
		{Name: "file", Label: "报告文件", Help: "docx、pdf 或 wps 文件，不超过 20 MB", Kind: File, Required: true, MaxLen: 200,
			Accept: reportAccept, MaxBytes: reportMaxBytes},
		{Name: FieldFileKey, Label: "文件存储位置", Kind: Hidden, MaxLen: 300, Pattern: `uploads/[A-Za-z0-9/_.=\-]+`, PatternHint: "文件位置无效，请重新上传"},
		consentField,
	},
}

// FieldFileKey is the report form's hidden field holding the S3 key of the uploaded file.
const FieldFileKey = "file_key"

// Case is an 优秀工作案例 sent by a cadre; besides its CSV row it becomes a
// markdown file an editor can publish.
var Case = &Form{
	ID: "case", Title: "优秀工作案例投稿", Version: "2021.1",
	Submitter: "参加“驻校蹲班”的团干部",
	Intro:     "每位团干部总结提炼1个以上优秀工作案例。投稿经编辑审核后在本站“优秀工作案例”栏目发布。",
	Fields: []Field{
		unitField("作者所在团委。" + unitHelpCadre),
		{Name: "author", Label: "作者", Help: "姓名须与所在盟市（高校）团委工作安排表中的一致；进度汇总按作者计入每名团干部。",
			Kind: Text, Required: true, MinLen: 2, MaxLen: 40, Autocomplete: "name"},
		phoneField("phone", "联系电话", true),
		{Name: "title", Label: "案例标题", Kind: Text, Required: true, MinLen: 4, MaxLen: 60},
		{Name: "region", Label: "所在盟市", Help: "案例所在学校的盟市；高校选“高校”", Kind: Select, From: FromRegions, Required: true, MaxLen: 10},
		{Name: "school", Label: "学校名称", Kind: Text, Required: true, MinLen: 2, MaxLen: 60},
		{Name: "school_type", Label: "学校类型", Kind: Select, From: FromSchoolTypes, Required: true, MaxLen: 10},
		{Name: "summary", Label: "摘要", Help: "一两句话概括案例，用于列表页", Kind: TextArea, Required: true, MinLen: 10, MaxLen: 200},
		{Name: "tags", Label: "标签", Help: "用逗号分隔，如 团支部建设，主题团日", Kind: Text, MaxLen: 60},
		// format is no longer asked: a body written in Markdown is taken as it is, any other as plain text.
		{Name: "format", Label: "正文格式", Kind: Hidden, MaxLen: 10, Pattern: "纯文本|Markdown", PatternHint: "正文格式无效，请刷新页面后重新填写"},
		{Name: "body", Label: "案例正文", Help: "可直接粘贴。分段写，段与段之间空一行；小标题单独成行，用“一、”“二、”……编号。", Kind: TextArea, Required: true, MinLen: 200, MaxLen: 20000},
		consentField,
	},
}
