package collect

import (
	"strings"
	"testing"
	"time"

	"dunban/lambda/form"
)

// The page no longer asks for the body's format: Markdown is taken as it
// is, plain text keeps its paragraphs and its 一、 subheadings.
func TestCaseBodyWithoutFormat(t *testing.T) {
	for _, tt := range []struct{ body, want, not string }{
		{"## 第一步\n\n- 先听课", "## 第一步\n\n- 先听课", `\#`},
		{"一、走进教室\n老师说不要急。\n\n二、结对子\n\n交朋友。", "## 一、走进教室\n\n老师说不要急。\n\n## 二、结对子\n\n交朋友。", `\-`},
		{"三月的包头还带着寒意。\n# 不是标题", `\# 不是标题`, "\n# "},
	} {
		sub := &form.Submission{Form: form.Case, Received: time.Date(2021, 4, 8, 13, 10, 0, 0, form.Shanghai),
			Values: map[string]string{"body": tt.body}}
		if tt.body == "三月的包头还带着寒意。\n# 不是标题" {
			sub.Values["format"] = "纯文本"
		}
		md := string(caseMarkdown(sub))
		if !strings.Contains(md, tt.want) || (tt.not != "" && strings.Contains(md[strings.Index(md, "---\n\n"):], tt.not)) {
			t.Errorf("body %q became:\n%s", tt.body, md)
		}
	}
}
