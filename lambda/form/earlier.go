package form

// The versions of the forms published before their current ones, each with
// the columns its objects have (generated from the form as it was), so
// that stored objects are read through their own version.

// arrangement2021v1 is the first 工作安排表: one cell per school type, no
// school names and no 院系团总支.
var arrangement2021v1 = Version{ID: "2021.1", Columns: withMeta([]Column{
	{Key: "contact_name", Header: "填表人", Kind: Text, Row: false},
	{Key: "contact_phone", Header: "填表人联系电话", Kind: Tel, Row: false},
	{Key: "consent", Header: "同意个人信息告知", Kind: Checkbox, Row: false},
	{Key: "level", Header: "层级", Kind: Select, Row: true},
	{Key: "name", Header: "姓名", Kind: Text, Row: true},
	{Key: "post", Header: "工作单位及职务", Kind: Text, Row: true},
	{Key: "phone", Header: "联系电话", Kind: Tel, Row: true},
	{Key: "email", Header: "邮箱", Kind: Email, Row: true},
	{Key: "wechat", Header: "微信号", Kind: Text, Row: true},
	{Key: "higher_class", Header: "高等院校（院系、年级、班级）", Kind: Text, Row: true},
	{Key: "higher_secretary", Header: "高等院校校团委书记姓名", Kind: Text, Row: true},
	{Key: "higher_contact", Header: "高等院校校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "senior_class", Header: "高级中学（年级、班级）", Kind: Text, Row: true},
	{Key: "senior_secretary", Header: "高级中学校团委书记姓名", Kind: Text, Row: true},
	{Key: "senior_contact", Header: "高级中学校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "junior_class", Header: "初级中学（年级、班级）", Kind: Text, Row: true},
	{Key: "junior_secretary", Header: "初级中学校团委书记姓名", Kind: Text, Row: true},
	{Key: "junior_contact", Header: "初级中学校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "complete_class", Header: "完全中学（年级、班级）", Kind: Text, Row: true},
	{Key: "complete_secretary", Header: "完全中学校团委书记姓名", Kind: Text, Row: true},
	{Key: "complete_contact", Header: "完全中学校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "nineyear_class", Header: "九年一贯制学校（年级、班级）", Kind: Text, Row: true},
	{Key: "nineyear_secretary", Header: "九年一贯制学校校团委书记姓名", Kind: Text, Row: true},
	{Key: "nineyear_contact", Header: "九年一贯制学校校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "vocational_class", Header: "中等职业学校（专业、年级、班级）", Kind: Text, Row: true},
	{Key: "vocational_secretary", Header: "中等职业学校校团委书记姓名", Kind: Text, Row: true},
	{Key: "vocational_contact", Header: "中等职业学校校团委书记联系方式", Kind: Tel, Row: true},
	{Key: "stay_time", Header: "驻校蹲班预计时间", Kind: Text, Row: true},
})}

// monthly2021v1 is the first monthly report: no 驻校天数 and no 团学干部覆盖率.
var monthly2021v1 = Version{ID: "2021.1", Columns: withMeta([]Column{
	{Key: "contact_name", Header: "填表人", Kind: Text, Row: false},
	{Key: "contact_phone", Header: "填表人联系电话", Kind: Tel, Row: false},
	{Key: "consent", Header: "同意个人信息告知", Kind: Checkbox, Row: false},
	{Key: "name", Header: "姓名", Kind: Text, Row: true},
	{Key: "students", Header: "访谈普通学生数", Kind: Number, Row: true},
	{Key: "cadres", Header: "访谈团学干部数", Kind: Number, Row: true},
	{Key: "branches", Header: "联系班级团支部数", Kind: Number, Row: true},
	{Key: "coverage", Header: "联系学生覆盖率（%）", Kind: Percent, Row: true},
	{Key: "lectures", Header: "宣讲团课次数", Kind: Number, Row: true},
	{Key: "league_days", Header: "主题团日次数", Kind: Number, Row: true},
	{Key: "research", Header: "调研报告篇数", Kind: Number, Row: true},
	{Key: "cases", Header: "工作案例篇数", Kind: Number, Row: true},
	{Key: "practical", Header: "办实事情况", Kind: TextArea, Row: true},
})}

// withMeta puts the metadata columns, the same in every version, before cols.
func withMeta(cols []Column) []Column {
	return append(append([]Column(nil), MetaColumns...), cols...)
}
