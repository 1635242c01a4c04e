package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Body length in characters (runes of the markdown after the front matter).
const (
	// MinBodyChars is the least number of characters of a page body.
	MinBodyChars = 1600
	// MaxBodyChars is the most characters of a page body.
	MaxBodyChars = 2200
	targetLow    = 1740
	targetSpread = 100
)

// render writes the whole markdown file of page i.
func render(m meta, i int, seed int64) []byte {
	r := rng(i, seed, 1)
	rep := fillerOf(m)
	var b strings.Builder
	b.Grow(6 << 10)
	frontMatter(&b, m)
	start := b.Len()
	body := &bodyWriter{b: &b, rep: rep}
	if m.section == "cases" {
		caseBody(body, r)
	} else {
		reportBody(body, r)
	}
	table(body, r, m.section)
	closing(body, r, m, linkTarget(i, seed), start)
	return []byte(b.String())
}

// linkTarget is the page page i links to: one before it, or page 1 for page 0.
func linkTarget(i int, seed int64) meta {
	j := 1
	if i > 0 {
		j = rng(i, seed, 2).IntN(i)
	}
	return metaOf(j, seed)
}

func frontMatter(b *strings.Builder, m meta) {
	b.WriteString("---\n")
	field(b, "title", m.title)
	b.WriteString("date: " + m.date + "\n")
	field(b, "author", m.author)
	field(b, "unit", m.unit)
	field(b, "region", m.region)
	field(b, "school_type", m.schoolType)
	field(b, "school", m.school)
	b.WriteString("tags: [")
	for k, t := range m.tags {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(t))
	}
	b.WriteString("]\n")
	field(b, "summary", m.summary)
	b.WriteString("draft: false\n")
	field(b, "slug", m.slug)
	b.WriteString("---\n\n")
}

// field writes a double-quoted YAML scalar; the pools hold no characters that
// Go and YAML quote differently.
func field(b *strings.Builder, key, value string) {
	b.WriteString(key + ": " + strconv.Quote(value) + "\n")
}

// bodyWriter writes markdown blocks with the page's placeholders filled in.
type bodyWriter struct {
	b   *strings.Builder
	rep filler
}

func (w *bodyWriter) heading(level int, text string) {
	w.b.WriteString(strings.Repeat("#", level) + " " + text + "\n\n")
}

func (w *bodyWriter) para(sentences ...string) {
	for _, s := range sentences {
		w.rep.WriteString(w.b, s)
	}
	w.b.WriteString("\n\n")
}

func (w *bodyWriter) list(items []string) {
	for k, s := range items {
		w.b.WriteString(strconv.Itoa(k+1) + ". ")
		w.rep.WriteString(w.b, s)
		w.b.WriteString("\n")
	}
	w.b.WriteString("\n")
}

// draw returns k distinct sentences of pool.
func draw(r *rand.Rand, pool []string, k int) []string {
	out := make([]string, 0, k)
	off, step := r.IntN(len(pool)), 1+r.IntN(len(pool)-1)
	for step > 1 && gcd(step, len(pool)) != 1 {
		step--
	}
	for n := 0; n < k && n < len(pool); n++ {
		out = append(out, pool[(off+n*step)%len(pool)])
	}
	return out
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func caseBody(w *bodyWriter, r *rand.Rand) {
	w.b.WriteString("本文为基准测试自动生成的合成案例，内容不对应真实人员和学校。\n\n")
	w.heading(2, "一、案例背景")
	w.para(draw(r, backgrounds, 3)...)
	w.heading(3, "（一）学校概况")
	w.para(draw(r, schoolFacts, 3)...)
	w.heading(3, "（二）驻校安排")
	w.para(draw(r, arrangements, 2)...)
	w.heading(2, "二、主要做法")
	w.para(pick(r, measureLeads))
	w.list(draw(r, measures, 4+r.IntN(2)))
}

func reportBody(w *bodyWriter, r *rand.Rand) {
	w.b.WriteString("本文为基准测试自动生成的合成调研报告，内容不对应真实人员和学校。\n\n")
	w.heading(2, "一、调研基本情况")
	w.para(draw(r, backgrounds, 3)...)
	w.heading(3, "（一）调研对象")
	w.para(draw(r, schoolFacts, 3)...)
	w.heading(3, "（二）调研方式")
	w.para(draw(r, methods, 2)...)
	w.heading(2, "二、调研发现")
	w.para(pick(r, findingLeads))
	w.list(draw(r, findings, 4+r.IntN(2)))
}

// table writes the section of figures against the notice's targets.
func table(w *bodyWriter, r *rand.Rand, section string) {
	if section == "cases" {
		w.heading(2, "三、工作成效")
	} else {
		w.heading(2, "三、任务完成情况")
	}
	w.para(pick(r, tableLeads))
	w.b.WriteString("| 指标 | 通知要求 | 完成情况 |\n| --- | --- | --- |\n")
	fmt.Fprintf(w.b, "| 访谈普通学生 | 40名以上 | %d名 |\n", 40+r.IntN(25))
	fmt.Fprintf(w.b, "| 访谈团学干部 | 30名以上 | %d名 |\n", 30+r.IntN(20))
	fmt.Fprintf(w.b, "| 联系班级团支部 | 2—4个 | %d个 |\n", 2+r.IntN(3))
	fmt.Fprintf(w.b, "| 重点联系班级学生覆盖率 | 80%%以上 | %d%% |\n", 80+r.IntN(19))
	fmt.Fprintf(w.b, "| 集中宣讲、主题团课 | 每年至少2次 | %d次 |\n", 2+r.IntN(3))
	fmt.Fprintf(w.b, "| 主题团日活动 | 每学期至少1次 | %d次 |\n\n", 1+r.IntN(3))
	w.para(draw(r, results, 2)...)
}

// closing writes the last section, fills it up to the page's target length
// and places the internal link.
func closing(w *bodyWriter, r *rand.Rand, m, link meta, start int) {
	if m.section == "cases" {
		w.heading(2, "四、经验启示")
		w.para(lessons...)
	} else {
		w.heading(2, "四、对策建议")
		w.para(draw(r, suggestions, 4)...)
	}
	w.heading(3, "下一步打算")
	target := targetLow + r.IntN(targetSpread)
	linkText := fmt.Sprintf("相关做法可参阅[%s](/%s/%s/)。", link.title, link.section, link.slug)
	linkLen := utf8.RuneCountInString(linkText)
	off := r.IntN(len(nextSteps))
	chars, counted := 0, start
	for n := 0; n < 3*len(nextSteps); n++ {
		chars += utf8.RuneCountInString(w.b.String()[counted:])
		counted = w.b.Len()
		if chars+linkLen >= target {
			break
		}
		if n > 0 && n%3 == 0 {
			w.b.WriteString("\n\n")
		}
		w.rep.WriteString(w.b, nextSteps[(off+n)%len(nextSteps)])
	}
	w.b.WriteString("\n\n" + linkText + "\n")
}
