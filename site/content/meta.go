package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Vocabulary is the closed lists that front matter is checked against.
type Vocabulary struct {
	Regions     []string
	SchoolTypes []string
}

type field struct {
	key      string
	required bool
	set      func(a *Article, n *yaml.Node, v Vocabulary) string // returns a problem or ""
}

var commonFields = []field{
	{"title", true, setString(func(a *Article) *string { return &a.Title })},
	{"date", true, setDate},
	{"tags", false, setTags},
	{"summary", false, setString(func(a *Article) *string { return &a.Summary })},
	{"draft", false, setDraft},
	{"slug", false, setSlug},
}

var noticeFields = []field{
	{"doc_number", true, setString(func(a *Article) *string { return &a.DocNumber })},
	{"issuer", true, setString(func(a *Article) *string { return &a.Issuer })},
}

var articleFields = []field{
	{"author", true, setString(func(a *Article) *string { return &a.Author })},
	{"unit", true, setString(func(a *Article) *string { return &a.Unit })},
	{"region", true, setChoice(func(a *Article) *string { return &a.Region }, func(v Vocabulary) []string { return v.Regions })},
	{"school_type", true, setChoice(func(a *Article) *string { return &a.SchoolType }, func(v Vocabulary) []string { return v.SchoolTypes })},
	{"school", true, setString(func(a *Article) *string { return &a.School })},
}

// fieldsOf lists the front-matter keys a section accepts.
func fieldsOf(s Section) []field {
	if s == Notices {
		return append(slices.Clone(commonFields), noticeFields...)
	}
	return append(slices.Clone(commonFields), articleFields...)
}

// applyMeta fills a from the front matter mapping m and returns every problem.
func applyMeta(a *Article, m *yaml.Node, v Vocabulary) Errors {
	var errs Errors
	add := func(line int, format string, args ...any) {
		errs = append(errs, Problem{File: a.File, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	if m.Kind != yaml.MappingNode {
		add(m.Line, "front matter 应为“键: 值”的映射")
		return errs
	}
	fields := fieldsOf(a.Section)
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], m.Content[i+1]
		j := slices.IndexFunc(fields, func(f field) bool { return f.key == k.Value })
		switch {
		case j < 0:
			add(k.Line, "未知字段 %q（%s 可用字段：%s）", k.Value, a.Section.Key, keyList(fields))
		case seen[k.Value]:
			add(k.Line, "字段 %q 重复", k.Value)
		default:
			seen[k.Value] = true
			if msg := fields[j].set(a, val, v); msg != "" {
				add(val.Line, "%s：%s", k.Value, msg)
			}
		}
	}
	var missing []string
	for _, f := range fields {
		if f.required && !seen[f.key] {
			missing = append(missing, fmt.Sprintf("%q", f.key))
		}
	}
	if len(missing) > 0 {
		add(m.Line, "缺少字段 %s", strings.Join(missing, ", "))
	}
	return errs
}

func keyList(fields []field) string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return strings.Join(keys, " ")
}

func scalar(n *yaml.Node) (string, string) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", "应为一段文字"
	}
	return strings.TrimSpace(n.Value), ""
}

func setString(dst func(*Article) *string) func(*Article, *yaml.Node, Vocabulary) string {
	return func(a *Article, n *yaml.Node, _ Vocabulary) string {
		s, msg := scalar(n)
		if msg != "" {
			return msg
		}
		if s == "" {
			return "不能为空"
		}
		*dst(a) = s
		return ""
	}
}

func setChoice(dst func(*Article) *string, list func(Vocabulary) []string) func(*Article, *yaml.Node, Vocabulary) string {
	return func(a *Article, n *yaml.Node, v Vocabulary) string {
		s, msg := scalar(n)
		if msg != "" {
			return msg
		}
		if !slices.Contains(list(v), s) {
			return fmt.Sprintf("%q 不在可选范围内（%s）", s, strings.Join(list(v), " "))
		}
		*dst(a) = s
		return ""
	}
}

func setDate(a *Article, n *yaml.Node, _ Vocabulary) string {
	s, msg := scalar(n)
	if msg != "" {
		return msg
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Sprintf("日期 %q 无法识别，应写作 YYYY-MM-DD，如 2021-02-25", s)
	}
	a.Date = t
	return ""
}

func setTags(a *Article, n *yaml.Node, _ Vocabulary) string {
	if n.Kind != yaml.SequenceNode {
		return "应为列表，如 [团支部, 调研]"
	}
	for _, c := range n.Content {
		s, msg := scalar(c)
		if msg != "" || s == "" {
			return "每个标签应为一段非空文字"
		}
		if strings.ContainsAny(s, "/\\?#%") {
			return fmt.Sprintf("标签 %q 不能含 / \\ ? # %%", s)
		}
		if !slices.Contains(a.Tags, s) {
			a.Tags = append(a.Tags, s)
		}
	}
	return ""
}

func setDraft(a *Article, n *yaml.Node, _ Vocabulary) string {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return "应为 true 或 false"
	}
	a.Draft = n.Value == "true"
	return ""
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func setSlug(a *Article, n *yaml.Node, _ Vocabulary) string {
	s, msg := scalar(n)
	if msg != "" {
		return msg
	}
	if !slugPattern.MatchString(s) {
		return fmt.Sprintf("%q 不可用：只能用小写字母、数字和连字符，如 baotou-no1-school", s)
	}
	a.Slug = s
	return ""
}
