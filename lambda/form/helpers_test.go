package form

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

// onTime is before every 2021 deadline.
var onTime = time.Date(2021, 3, 1, 10, 0, 0, 0, cst)

func content(t testing.TB) *Content {
	t.Helper()
	c, err := LoadContent(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// good returns a body each form accepts.
func good(id string) url.Values {
	long := strings.Repeat("深入班级与同学座谈交流，了解团支部工作。", 12)
	switch id {
	case "arrangement":
		return url.Values{"unit": {"包头市"}, "contact_name": {"张三"}, "contact_phone": {"0472-1234567"}, "consent": {"on"},
			"rows.0.level": {"盟市"}, "rows.0.name": {"李四"}, "rows.0.post": {"包头市团委学校部部长"}, "rows.0.phone": {"13800138000"},
			"rows.0.email": {"lisi@example.cn"}, "rows.0.wechat": {"lisi_2021"},
			"rows.0.senior_school": {"包头市第一中学、包头市第九中学"}, "rows.0.senior_class": {"高二（3）班；高一（2）班"}, "rows.0.senior_secretary": {"王五、钱八"}, "rows.0.senior_contact": {"13900000000、0472-7777777"},
			"rows.0.stay_time": {"3月15日—19日"},
			"rows.1.level":     {"旗县"}, "rows.1.name": {"赵六"}, "rows.1.post": {"青山区团委书记"}, "rows.1.phone": {"0472-3333333"},
			"rows.1.email": {"zl@example.com"}, "rows.1.vocational_school": {"包头市职教中心"}, "rows.1.vocational_class": {"机电专业 二年级1班"},
			"rows.1.vocational_secretary": {"钱七"}, "rows.1.vocational_contact": {"15012345678"}, "rows.1.stay_time": {"9月"}}
	case "tasklist":
		v := url.Values{"unit": {"内蒙古大学"}, "name": {"孙八"}, "post": {"内蒙古大学团委副书记"}, "phone": {"0471-4992222"}, "consent": {"on"},
			"approved":      {"on"},
			"rows.0.school": {"内蒙古大学"}, "rows.0.school_type": {"高等院校"}, "rows.0.branch": {"经济管理学院2020级1班团支部"},
			"rows.1.school": {"内蒙古大学"}, "rows.1.school_type": {"高等院校"}, "rows.1.branch": {"法学院2019级2班团支部"}}
		for i := 1; i <= 6; i++ {
			v.Set("area"+string(rune('0'+i)), "本年度计划开展相关工作，按月推进落实。")
		}
		return v
	case "monthly":
		return url.Values{"unit": {"呼和浩特市"}, "period": {"2021-03"}, "contact_name": {"周九"}, "contact_phone": {"13712345678"}, "consent": {"on"},
			"rows.0.name": {"吴十"}, "rows.0.days": {"3"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {"12"}, "rows.0.cadres": {"8"}, "rows.0.branches": {"3"}, "rows.0.coverage": {"85.5"},
			"rows.0.lectures": {"1"}, "rows.0.league_days": {"1"}, "rows.0.research": {"0"}, "rows.0.cases": {"0"}, "rows.0.practical": {"为联系班级协调图书角图书200册"}}
	case "report":
		return url.Values{"unit": {"赤峰市"}, "period": {"2021-H1"}, "kind": {"调研报告"}, "title": {"赤峰市中学共青团工作调研报告"},
			"author": {"郑十一"}, "phone": {"0476-8888888"}, "abstract": {"本报告围绕中学团支部建设开展调研，提出五条建议。"},
			"file": {"调研报告.docx"}, "file_key": {"uploads/report/year=2021/month=06/0190e0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b.docx"}, "consent": {"on"}}
	case "case":
		return url.Values{"unit": {"包头市青山区"}, "author": {"王十二"}, "phone": {"13612345678"}, "title": {"一个团支部的蜕变"},
			"region": {"包头市"}, "school": {"包头市第九中学"}, "school_type": {"初级中学"}, "summary": {"驻校蹲班期间帮助团支部重建组织生活。"},
			"tags": {"团支部建设"}, "format": {"Markdown"}, "body": {long}, "consent": {"on"}}
	}
	return nil
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "\x00delete" {
			out.Del(kv[i])
			continue
		}
		out.Set(kv[i], kv[i+1])
	}
	return out
}

const del = "\x00delete"
