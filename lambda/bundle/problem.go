package bundle

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is an object the bundle met and could not take as it is: left
// out (unreadable, truncated, an unknown form version, a column missing,
// gone between listing and reading) or counted although it is filed where
// its period does not put it (another key layout). manifest.json and
// 说明.txt list them, so nothing is a silent 0 and no object fails an export.
type Problem struct {
	Key     string `json:"key,omitempty"` // named in a 全区 bundle only: the object's unit is not known
	Reason  string `json:"reason"`
	Counted bool   `json:"counted"` // the submission is in the bundle all the same
}

// maxProblems is how many problems a manifest lists (all are counted).
const maxProblems = 100

// problems records what a scan could not take as it is.
type problems struct {
	list []Problem
}

func (p *problems) skip(key, format string, args ...any) {
	p.list = append(p.list, Problem{Key: key, Reason: fmt.Sprintf(format, args...)})
}

func (p *problems) counted(key, format string, args ...any) {
	p.list = append(p.list, Problem{Key: key, Reason: fmt.Sprintf(format, args...), Counted: true})
}

// report fills the manifest: counts, and the first MaxProblems by key,
// with their keys only for the 全区 admin.
func (p *problems) report(m *Manifest, all bool) {
	slices.SortFunc(p.list, func(a, b Problem) int { return cmp.Compare(a.Key, b.Key) })
	for _, pr := range p.list {
		if pr.Counted {
			m.Misfiled++
		} else {
			m.Unreadable++
		}
	}
	m.Problems = slices.Clone(p.list[:min(len(p.list), maxProblems)])
	if !all {
		for i := range m.Problems {
			m.Problems[i].Key = ""
		}
	}
}

// problemsText is the part of 说明.txt about the problems met.
func problemsText(m *Manifest) string {
	if len(m.Problems) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n读取时发现的问题（%d 个对象未计入，%d 个已计入但存放位置与报送期不符）\n", m.Unreadable, m.Misfiled)
	for _, p := range m.Problems {
		mark := "未计入"
		if p.Counted {
			mark = "已计入"
		}
		if p.Key != "" {
			fmt.Fprintf(&b, "- [%s] %s：%s\n", mark, p.Key, p.Reason)
		} else {
			fmt.Fprintf(&b, "- [%s] %s\n", mark, p.Reason)
		}
	}
	if len(m.Problems) < m.Unreadable+m.Misfiled {
		fmt.Fprintf(&b, "（仅列出前 %d 个，完整情况见 manifest.json 的计数。）\n", len(m.Problems))
	}
	if m.Problems[0].Key == "" {
		b.WriteString("对象位置仅在全区数据包中列出；如需核查，请联系自治区管理员。\n")
	}
	return b.String()
}
