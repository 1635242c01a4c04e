package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"dunban/lambda/form"
)

// Regions are the values of the region front-matter key: the 12 盟市 and
// 高校, as defined by the form schema.
var Regions = form.Regions

// SchoolTypes are the values of the school_type front-matter key, as defined
// by the form schema.
var SchoolTypes = form.SchoolTypes

// Tags is the pool the tags of synthetic pages are drawn from.
var Tags = []string{
	"团支部建设", "主题团课", "主题团日", "走访调研", "结对帮扶", "团员先进性建设",
	"团学干部", "思政教育", "党史学习教育", "铸牢中华民族共同体意识", "民族团结进步",
	"理想信念教育", "班级团支部", "团建指导员", "问卷调查", "个人访谈", "座谈交流",
	"困难学生帮扶", "心理健康", "志愿服务", "社会实践", "青年大学习", "学生会改革",
	"团干部作风", "校团委建设", "中职学生", "院系团总支", "寄宿制学校", "劳动教育",
	"网络思政", "乡村学校", "推优入党",
}

// Date range of synthetic pages.
var (
	firstDate = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	lastDate  = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
)

// meta is the front matter of one synthetic page.
type meta struct {
	section    string // "cases" or "reports"
	slug       string
	title      string
	date       string
	author     string
	unit       string
	region     string
	schoolType string
	school     string
	tags       []string
	summary    string
}

// rng returns the random stream number stream of page i.
func rng(i int, seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(i)<<2|stream))
}

// slugOf is the slug and base file name of page i.
func slugOf(i int, seed int64) string {
	s := fmt.Sprint(seed)
	if seed < 0 {
		s = "m" + s[1:]
	}
	return fmt.Sprintf("synth-%s-%06d", s, i)
}

func sectionOf(i int) string {
	if i%2 == 0 {
		return "cases"
	}
	return "reports"
}

// metaOf makes the front matter of page i. It uses its own random stream so
// that a page can link to another without rendering that page's body.
func metaOf(i int, seed int64) meta {
	r := rng(i, seed, 0)
	m := meta{section: sectionOf(i), slug: slugOf(i, seed)}
	// Cycle regions and school types so that every combination appears.
	m.region = Regions[i%len(Regions)]
	m.schoolType = SchoolTypes[(i/len(Regions)+r.IntN(2))%len(SchoolTypes)]
	if m.region == form.RegionUniversities {
		m.schoolType = "高等院校"
	}
	m.school = schoolName(r, m.region, m.schoolType)
	m.unit = unitName(r, m.region, m.school)
	m.author = fmt.Sprintf("合成作者%03d", i%1000)
	m.date = firstDate.AddDate(0, 0, r.IntN(int(lastDate.Sub(firstDate).Hours()/24)+1)).Format("2006-01-02")
	m.tags = pickTags(r, i)
	rep := fillerOf(m)
	if m.section == "cases" {
		m.title = rep.Replace(pick(r, caseTitles))
	} else {
		m.title = rep.Replace(pick(r, reportTitles))
	}
	m.summary = rep.Replace(pick(r, summaries))
	return m
}

func pick(r *rand.Rand, pool []string) string { return pool[r.IntN(len(pool))] }

var ordinals = []string{"第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"}

func schoolName(r *rand.Rand, region, typ string) string {
	prefix := region
	if region == form.RegionUniversities {
		prefix = ""
	}
	switch typ {
	case "高等院校":
		return prefix + pick(r, []string{"某某大学", "某某师范学院", "某某职业技术学院", "某某理工学院", "某某医学院", "某某民族大学"})
	case "高级中学":
		return prefix + "某某" + pick(r, ordinals) + "高级中学"
	case "初级中学":
		return prefix + "某某" + pick(r, ordinals) + "初级中学"
	case "完全中学":
		return prefix + "某某" + pick(r, ordinals) + "中学"
	case "九年一贯制学校":
		return prefix + "某某" + pick(r, []string{"九年一贯制学校", "实验学校", "民族学校"})
	default:
		return prefix + "某某" + pick(r, []string{"职业中学", "职业教育中心", "中等职业学校", "职业技术学校"})
	}
}

func unitName(r *rand.Rand, region, school string) string {
	if region == form.RegionUniversities {
		return school + "团委"
	}
	return region + pick(r, []string{"团委", "团委", "某某旗团委", "某某区团委", "某某县团委"})
}

// pickTags draws two to four distinct tags; the first one cycles through the
// whole pool so that every tag is used.
func pickTags(r *rand.Rand, i int) []string {
	k := 2 + r.IntN(3)
	tags := []string{Tags[i%len(Tags)]}
	for len(tags) < k {
		t := pick(r, Tags)
		dup := false
		for _, u := range tags {
			dup = dup || u == t
		}
		if !dup {
			tags = append(tags, t)
		}
	}
	return tags
}

// filler fills the placeholders of the sentence pools for one page: {校}
// school, {单} unit, {型} school type, {标} the first tag.
type filler struct{ school, unit, schoolType, tag string }

func fillerOf(m meta) filler {
	return filler{m.school, m.unit, m.schoolType, m.tags[0]}
}

// WriteString writes s with its placeholders filled in to b.
func (f filler) WriteString(b *strings.Builder, s string) {
	for {
		k := strings.IndexByte(s, '{')
		if k < 0 || k+len("{校}") > len(s) || s[k+len("{校}")-1] != '}' {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:k])
		switch s[k : k+len("{校}")] {
		case "{校}":
			b.WriteString(f.school)
		case "{单}":
			b.WriteString(f.unit)
		case "{型}":
			b.WriteString(f.schoolType)
		case "{标}":
			b.WriteString(f.tag)
		default:
			b.WriteString(s[k : k+len("{校}")])
		}
		s = s[k+len("{校}"):]
	}
}

// Replace returns s with its placeholders filled in.
func (f filler) Replace(s string) string {
	var b strings.Builder
	f.WriteString(&b, s)
	return b.String()
}
