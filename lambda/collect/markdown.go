package collect

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"dunban/lambda/form"
)

// caseMarkdown returns a case submission as a markdown file with the front
// matter the generator reads for content/cases/ (title date author unit
// region school_type school tags summary draft), ready for an editor to
// review and publish by moving it into content/cases/.
func caseMarkdown(sub *form.Submission) []byte {
	v := sub.Values
	var b bytes.Buffer
	b.WriteString("---\n")
	b.WriteString("# 投稿编号 " + sub.ID + "，接收于 " + sub.Received.Format(form.ReceivedLayout) + "；审核后移入 content/cases/ 即可发布。\n")
	yamlField(&b, "title", v["title"])
	b.WriteString("date: " + sub.Received.Format("2006-01-02") + "\n")
	yamlField(&b, "author", v["author"])
	yamlField(&b, "unit", sub.Unit)
	yamlField(&b, "region", v["region"])
	yamlField(&b, "school_type", v["school_type"])
	yamlField(&b, "school", v["school"])
	tags, _ := json.Marshal(splitTags(v["tags"]))
	b.WriteString("tags: " + string(tags) + "\n")
	yamlField(&b, "summary", v["summary"])
	b.WriteString("draft: false\n---\n\n")
	body := strings.ReplaceAll(v["body"], "\r\n", "\n")
	if v["format"] == "Markdown" || v["format"] == "" && looksMarkdown(body) {
		b.WriteString(strings.TrimSpace(body))
	} else {
		b.WriteString(plainToMarkdown(body))
	}
	b.WriteString("\n")
	return b.Bytes()
}

// yamlField writes key: "value" with the value as a JSON string, which YAML
// reads as a double-quoted scalar whatever it holds.
func yamlField(b *bytes.Buffer, key, value string) {
	q, _ := json.Marshal(value)
	b.WriteString(key + ": " + string(q) + "\n")
}

// splitTags splits a tags field written with Chinese or ASCII commas or 、.
func splitTags(s string) []string {
	out := []string{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；", r) }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// looksMarkdown reports whether a body was written in Markdown: a heading,
// list, quote, emphasis or link at the start of a line. The page no longer
// asks; a body written so is taken as it is.
func looksMarkdown(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		for _, start := range []string{"# ", "## ", "### ", "- ", "* ", "> ", "1. ", "**"} {
			if strings.HasPrefix(line, start) {
				return true
			}
		}
		if strings.Contains(line, "](") {
			return true
		}
	}
	return false
}

// subheading matches a plain-text subheading line: 一、… to 十九、…, short.
var subheading = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}、.{1,40}$`)

// plainToMarkdown keeps plain text as it was typed: paragraphs stay
// paragraphs, line breaks stay line breaks, a line numbered 一、 on its own
// becomes a subheading, and nothing else is read as markup.
func plainToMarkdown(s string) string {
	var b strings.Builder
	for i, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
		}
		para = strings.TrimSpace(para)
		if first, rest, _ := strings.Cut(para, "\n"); subheading.MatchString(strings.TrimSpace(first)) {
			b.WriteString("## " + escapeMarkdown(strings.TrimSpace(first)))
			if para = strings.TrimSpace(rest); para == "" {
				continue
			}
			b.WriteString("\n\n")
		}
		lines := strings.Split(para, "\n")
		for j, line := range lines {
			b.WriteString(escapeMarkdown(strings.TrimSpace(line)))
			if j < len(lines)-1 {
				b.WriteString("\\\n")
			}
		}
	}
	return b.String()
}

// escapeMarkdown backslash-escapes every ASCII punctuation character that
// markdown could read as markup.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
