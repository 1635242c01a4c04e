package content

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one content error at a file and line.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Errors is every problem found in a content tree; it is returned as an error
// when there is at least one.
type Errors []Problem

func (e Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "内容有 %d 处错误：", len(e))
	for _, p := range e {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// sorted orders problems by file and line.
func (e Errors) sorted() Errors {
	sort.SliceStable(e, func(i, j int) bool {
		if e[i].File != e[j].File {
			return e[i].File < e[j].File
		}
		return e[i].Line < e[j].Line
	})
	return e
}

// Err returns e as an error, or nil when it is empty.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e.sorted()
}

// Join merges the problems of several Errors into one, sorted; other
// non-nil errors win, since they are not about the content.
func Join(errs ...error) error {
	var all Errors
	for _, err := range errs {
		switch e := err.(type) {
		case nil:
		case Errors:
			all = append(all, e...)
		default:
			return err
		}
	}
	return all.Err()
}
