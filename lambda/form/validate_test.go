package form

import (
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

type validateCase struct {
	name string
	kv   []string // changes to the good body ("\x00delete" removes)
	want []string // fields with errors, sorted; none: accepted
}

var validateCases = map[string][]validateCase{
	"arrangement": {
		{"good", nil, nil},
		{"unit missing", []string{"unit", del}, []string{"unit"}},
		{"unit not in registry", []string{"unit", "包头"}, []string{"unit"}},
		{"unit prefix trick", []string{"unit", "包头市青山"}, []string{"unit"}},
		{"county may not send arrangement", []string{"unit", "包头市青山区"}, []string{"unit"}},
		{"university sends", []string{"unit", "内蒙古大学"}, nil},
		{"contact name too short", []string{"contact_name", "张"}, []string{"contact_name"}},
		{"consent missing", []string{"consent", del}, []string{"consent"}},
		{"consent bad value", []string{"consent", "maybe"}, []string{"consent"}},
		{"consent 是", []string{"consent", "是"}, nil},
		{"landline without dash", []string{"contact_phone", "04716931811"}, nil},
		{"landline with extension", []string{"contact_phone", "0471-6931811-205"}, nil},
		{"phone too short", []string{"rows.0.phone", "1380013800"}, []string{"rows.0.phone"}},
		{"phone starting 12", []string{"rows.0.phone", "12800138000"}, []string{"rows.0.phone"}},
		{"phone letters", []string{"rows.0.phone", "138abc38000"}, []string{"rows.0.phone"}},
		{"full-width phone folded", []string{"rows.0.phone", "１３８００１３８０００"}, nil},
		{"phone with spaces", []string{"rows.0.phone", "138 0013 8000"}, nil},
		{"email bad", []string{"rows.0.email", "lisi@"}, []string{"rows.0.email"}},
		{"email missing", []string{"rows.0.email", ""}, []string{"rows.0.email"}},
		{"wechat bad", []string{"rows.0.wechat", "李四微信"}, []string{"rows.0.wechat"}},
		{"wechat optional", []string{"rows.0.wechat", ""}, nil},
		{"wechat is a mobile", []string{"rows.0.wechat", "13800138000"}, nil},
		{"level not a level", []string{"rows.0.level", "省"}, []string{"rows.0.level"}},
		{"name too long", []string{"rows.0.name", strings.Repeat("名", 21)}, []string{"rows.0.name"}},
		{"no school at all", []string{"rows.0.senior_school", "", "rows.0.senior_class", "", "rows.0.senior_secretary", "", "rows.0.senior_contact", ""}, []string{"rows.0.schools"}},
		{"school name missing", []string{"rows.0.senior_school", ""}, []string{"rows.0.senior_school"}},
		{"four phones", []string{"rows.0.senior_contact", "13900000000、13900000001、13900000002、13900000003"}, []string{"rows.0.senior_contact"}},
		{"colleges optional", []string{"rows.0.higher_colleges", "文学院团总支、理学院团总支"}, nil},
		{"school half filled", []string{"rows.0.senior_secretary", ""}, []string{"rows.0.senior_secretary"}},
		{"secretary contact bad", []string{"rows.0.senior_contact", "123"}, []string{"rows.0.senior_contact"}},
		{"stay time missing", []string{"rows.1.stay_time", ""}, []string{"rows.1.stay_time"}},
		{"blank rows ignored", []string{"rows.2.name", "", "rows.5.phone", "  "}, nil},
		{"no rows", []string{"rows.0.level", del, "rows.0.name", del, "rows.0.post", del, "rows.0.phone", del, "rows.0.email", del,
			"rows.0.wechat", del, "rows.0.senior_school", del, "rows.0.senior_class", del, "rows.0.senior_secretary", del, "rows.0.senior_contact", del, "rows.0.stay_time", del,
			"rows.1.level", del, "rows.1.name", del, "rows.1.post", del, "rows.1.phone", del, "rows.1.email", del,
			"rows.1.vocational_school", del, "rows.1.vocational_class", del, "rows.1.vocational_secretary", del, "rows.1.vocational_contact", del, "rows.1.stay_time", del}, []string{"rows"}},
		{"row index too large", []string{"rows.1000.name", "某"}, []string{"rows"}},
		{"control character", []string{"rows.0.post", "部长\x07"}, []string{"rows.0.post"}},
		{"invalid utf-8", []string{"contact_name", "张\xff三"}, []string{"contact_name"}},
		{"unknown names ignored", []string{"whatever", "x", "rows.0.nope", "y"}, nil},
	},
	"tasklist": {
		{"good", nil, nil},
		{"one branch is too few", []string{"rows.1.school", "", "rows.1.school_type", "", "rows.1.branch", ""}, []string{"rows"}},
		{"five branches are too many", []string{"rows.2.school", "甲中学", "rows.2.school_type", "高级中学", "rows.2.branch", "高一1班团支部",
			"rows.3.school", "甲中学", "rows.3.school_type", "高级中学", "rows.3.branch", "高一2班团支部",
			"rows.4.school", "甲中学", "rows.4.school_type", "高级中学", "rows.4.branch", "高一3班团支部"}, []string{"rows"}},
		{"school type wrong", []string{"rows.0.school_type", "小学"}, []string{"rows.0.school_type"}},
		{"area too short", []string{"area3", "团课"}, []string{"area3"}},
		{"area missing", []string{"area6", ""}, []string{"area6"}},
		{"approved optional", []string{"approved", ""}, nil},
		{"county cadre", []string{"unit", "呼和浩特市新城区"}, nil},
		{"autonomous-region cadre", []string{"unit", "自治区团委"}, nil},
	},
	"monthly": {
		{"good", nil, nil},
		{"period not in round", []string{"period", "2021-13"}, []string{"period"}},
		{"period missing", []string{"period", ""}, []string{"period"}},
		{"negative count", []string{"rows.0.students", "-1"}, []string{"rows.0.students"}},
		{"decimal count", []string{"rows.0.cadres", "2.5"}, []string{"rows.0.cadres"}},
		{"count too large", []string{"rows.0.branches", "21"}, []string{"rows.0.branches"}},
		{"full-width count", []string{"rows.0.students", "１２"}, nil},
		{"coverage over 100", []string{"rows.0.coverage", "100.5"}, []string{"rows.0.coverage"}},
		{"coverage two decimals", []string{"rows.0.coverage", "80.55"}, []string{"rows.0.coverage"}},
		{"coverage 100", []string{"rows.0.coverage", "100"}, nil},
		{"coverage text", []string{"rows.0.coverage", "八十"}, []string{"rows.0.coverage"}},
		{"practical optional", []string{"rows.0.practical", ""}, nil},
		{"practical too long", []string{"rows.0.practical", strings.Repeat("事", 501)}, []string{"rows.0.practical"}},
		{"several errors at once", []string{"rows.0.lectures", "", "rows.0.research", "x", "contact_phone", "1"}, []string{"contact_phone", "rows.0.lectures", "rows.0.research"}},
	},
	"report": {
		{"good", nil, nil},
		{"pdf", []string{"file", "报告.PDF"}, nil},
		{"wps", []string{"file", "报告.wps"}, nil},
		{"doc refused", []string{"file", "报告.doc"}, []string{"file"}},
		{"fakepath dropped", []string{"file", `C:\fakepath\总结.pdf`}, nil},
		{"file missing", []string{"file", ""}, []string{"file"}},
		{"file key optional (no JS)", []string{"file_key", ""}, nil},
		{"file key outside uploads", []string{"file_key", "submissions/x.csv"}, []string{"file_key"}},
		{"kind wrong", []string{"kind", "总结"}, []string{"kind"}},
		{"period wrong", []string{"period", "2021-03"}, []string{"period"}},
		{"abstract too short", []string{"abstract", "太短了"}, []string{"abstract"}},
		{"county may not send", []string{"unit", "包头市东河区"}, []string{"unit"}},
	},
	"case": {
		{"good", nil, nil},
		{"region wrong", []string{"region", "包头"}, []string{"region"}},
		{"region 高校", []string{"region", "高校", "school_type", "高等院校"}, nil},
		{"body too short", []string{"body", "正文太短。"}, []string{"body"}},
		{"body too long", []string{"body", strings.Repeat("字", 20001)}, []string{"body"}},
		{"body keeps newlines", []string{"body", strings.Repeat("第一段。\r\n", 60)}, nil},
		{"title missing", []string{"title", ""}, []string{"title"}},
		{"format wrong", []string{"format", "HTML"}, []string{"format"}},
		{"tags optional", []string{"tags", ""}, nil},
		{"title with newline", []string{"title", "标题\n第二行"}, []string{"title"}},
	},
}

func TestValidate(t *testing.T) {
	c := content(t)
	for id, cases := range validateCases {
		f, _ := ByID(id)
		for _, tc := range cases {
			t.Run(id+"/"+tc.name, func(t *testing.T) {
				sub, errs := f.Validate(with(good(id), tc.kv...), c.Units, c.Round, onTime)
				var got []string
				for _, e := range errs {
					got = append(got, e.Field)
					if e.Message == "" {
						t.Errorf("%s: empty message", e.Field)
					}
				}
				sort.Strings(got)
				if strings.Join(got, ",") != strings.Join(tc.want, ",") {
					t.Fatalf("errors on %v, want %v: %v", got, tc.want, errs)
				}
				if tc.want == nil && (sub == nil || sub.Unit == "" || sub.Period == "" || sub.Region == "") {
					t.Fatalf("accepted submission lacks unit/period/region: %+v", sub)
				}
			})
		}
	}
}

// Every form accepts its good body, and coverage of each rule kind is checked above.
func TestValidateNormalises(t *testing.T) {
	c := content(t)
	sub, errs := Arrangement.Validate(with(good("arrangement"), "rows.0.phone", "１３８ ００１３ ８０００", "contact_name", "　张三 "), c.Units, c.Round, onTime)
	if errs != nil {
		t.Fatal(errs)
	}
	if got := sub.Rows[0]["phone"]; got != "13800138000" {
		t.Errorf("phone = %q", got)
	}
	if got := sub.Values["contact_name"]; got != "张三" {
		t.Errorf("contact_name = %q", got)
	}
	if sub.Values["consent"] != "是" || sub.Region != "包头市" || sub.Period != "2021" {
		t.Errorf("values %v region %q period %q", sub.Values, sub.Region, sub.Period)
	}
	sub, _ = Case.Validate(with(good("case"), "body", strings.Repeat("一段。\r\n", 60)), c.Units, c.Round, onTime)
	if strings.Contains(sub.Values["body"], "\r") {
		t.Error("CR kept in body")
	}
}

func TestValidateDeadline(t *testing.T) {
	c := content(t)
	due := time.Date(2021, 3, 10, 15, 0, 0, 0, cst)
	for _, tc := range []struct {
		at   time.Time
		late bool
	}{
		{due.Add(-time.Second), false},
		{due, false},
		{due.Add(time.Second), true},
		{due.Add(time.Second).UTC(), true},
	} {
		sub, errs := Arrangement.Validate(good("arrangement"), c.Units, c.Round, tc.at)
		if errs != nil {
			t.Fatal(errs)
		}
		if sub.Late != tc.late {
			t.Errorf("at %v: late = %v", tc.at, sub.Late)
		}
		if _, off := sub.Received.Zone(); off != 8*3600 {
			t.Errorf("received not in +08:00: %v", sub.Received)
		}
	}
	// Monthly: 2021-03 is due 2021-04-10 24:00, the whole of the 10th.
	sub, _ := Monthly.Validate(good("monthly"), c.Units, c.Round, time.Date(2021, 4, 11, 0, 0, 0, 0, cst))
	if !sub.Late {
		t.Error("monthly 2021-03 on 11 April not late")
	}
	sub, _ = Monthly.Validate(good("monthly"), c.Units, c.Round, time.Date(2021, 4, 10, 23, 59, 30, 0, cst))
	if sub.Late {
		t.Error("monthly 2021-03 in the last minute of 10 April late")
	}
	// Tasklist has no deadline: on the round's last day it is not late.
	sub, errs := TaskList.Validate(good("tasklist"), c.Units, c.Round, time.Date(2022, 1, 31, 23, 0, 0, 0, cst))
	if errs != nil || sub.Late {
		t.Error("tasklist late without a deadline")
	}
}

func TestValidateClosed(t *testing.T) {
	c := content(t)
	rd := *c.Round
	rd.Forms = map[string]FormRound{}
	for k, v := range c.Round.Forms {
		rd.Forms[k] = v
	}
	fr := rd.Forms["case"]
	fr.Open = false
	rd.Forms["case"] = fr
	_, errs := Case.Validate(good("case"), c.Units, &rd, onTime)
	if len(errs) != 1 || errs[0].Field != "" || !strings.Contains(errs[0].Message, "未开放") {
		t.Fatalf("closed form: %v", errs)
	}
}

func TestValidateRepeatedValues(t *testing.T) {
	c := content(t)
	v := good("case")
	v["title"] = []string{"标题一二三", "标题一二三"}
	if _, errs := Case.Validate(v, c.Units, c.Round, onTime); errs != nil {
		t.Errorf("identical repeats refused: %v", errs)
	}
	v["title"] = []string{"标题一二三", "另一个标题"}
	if _, errs := Case.Validate(v, c.Units, c.Round, onTime); len(errs) != 1 || errs[0].Field != "title" {
		t.Errorf("conflicting repeats: %v", errs)
	}
}

func TestValidateAllErrorsAtOnce(t *testing.T) {
	c := content(t)
	_, errs := Monthly.Validate(url.Values{}, c.Units, c.Round, onTime)
	want := map[string]bool{"unit": true, "period": true, "contact_name": true, "contact_phone": true, "consent": true, "rows": true}
	for _, e := range errs {
		delete(want, e.Field)
	}
	if len(want) > 0 {
		t.Errorf("missing errors for %v in %v", want, errs)
	}
}
