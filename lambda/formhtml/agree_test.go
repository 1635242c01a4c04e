package formhtml

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"dunban/lambda/form"
)

// control is one rendered input, select or textarea with its attributes and options.
type control struct {
	tag     string
	attrs   map[string]string
	options []string
}

var (
	controlRe = regexp.MustCompile(`(?s)<(input|textarea)\b([^>]*)>()|<(select)\b([^>]*)>(.*?)</select>`)
	attrRe    = regexp.MustCompile(`([a-zA-Z][\w-]*)(?:="([^"]*)")?`)
	optionRe  = regexp.MustCompile(`<option value="([^"]*)"`)
)

// controls reads the page's controls by name; the markup is ours, so a
// regular expression is enough.
func controls(page string) map[string]control {
	// What <noscript> holds is checked by TestFileTypeWithoutScript.
	page = regexp.MustCompile(`(?s)<noscript>.*?</noscript>`).ReplaceAllString(page, "")
	out := map[string]control{}
	for _, m := range controlRe.FindAllStringSubmatch(page, -1) {
		if m[4] != "" {
			m = []string{m[0], m[4], m[5], m[6]}
		}
		c := control{tag: m[1], attrs: map[string]string{}}
		for _, a := range attrRe.FindAllStringSubmatch(m[2], -1) {
			c.attrs[a[1]] = html.UnescapeString(a[2])
		}
		if c.tag == "select" {
			for _, o := range optionRe.FindAllStringSubmatch(m[3], -1) {
				c.options = append(c.options, html.UnescapeString(o[1]))
			}
		}
		if name, ok := c.attrs["name"]; ok {
			out[name] = c
		}
	}
	return out
}

// accepts is what the page accepts for a control: the browser's constraints
// (required, minlength, maxlength, pattern, select options) and the script's
// (numeric bounds, file types), counting characters as the script does.
func (c control) accepts(v string) bool {
	_, required := c.attrs["required"]
	if _, ok := c.attrs["data-required"]; ok {
		required = true // an optional row once anything in it is filled
	}
	if c.attrs["type"] == "checkbox" {
		return !required || v == "on"
	}
	if v == "" {
		return !required
	}
	if c.tag == "select" {
		for _, o := range c.options {
			if o == v && o != "" {
				return true
			}
		}
		return false
	}
	n := utf8.RuneCountInString(v)
	if s, ok := c.attrs["maxlength"]; ok {
		if max, _ := strconv.Atoi(s); n > max {
			return false
		}
	}
	if s, ok := c.attrs["minlength"]; ok {
		if min, _ := strconv.Atoi(s); n < min {
			return false
		}
	}
	p, ok := c.attrs["pattern"]
	if !ok {
		p = c.attrs["data-pattern"]
	}
	if p != "" && !regexp.MustCompile(`^(?:`+p+`)$`).MatchString(v) {
		return false
	}
	if s, ok := c.attrs["data-max"]; ok {
		x, err := strconv.ParseFloat(v, 64)
		lo, _ := strconv.ParseFloat(c.attrs["data-min"], 64)
		hi, _ := strconv.ParseFloat(s, 64)
		if err != nil || x < lo || x > hi {
			return false
		}
	}
	if acc, ok := c.attrs["accept"]; ok {
		dot := strings.LastIndex(v, ".")
		return dot >= 0 && strings.Contains(","+acc+",", ","+strings.ToLower(v[dot:])+",")
	}
	return true
}

// probes are values to try on a field: empty, lengths at and past each
// bound, pattern edge cases and every choice.
func probes(fd form.Field, choices []form.Choice) []string {
	if fd.Kind == form.Checkbox {
		return []string{"", "on"} // all a checkbox with value="on" can send
	}
	ps := []string{"", "a", "张", "on", "12", "0", "1.5", "80.5", "100", "100.1", "2000", "2001", "99999", "-1",
		"13800138000", "12800138000", "150-4771-2345", "150 4771 2345", "１５０－４７７１－２３４５", "1504-771-2345-", "0471 6931811", "0471-6931811", "04716931811", "0471-6931811-205", "471-6931811",
		"a@b.cn", "a@b", "lisi_2021", "李四微信", "2021-03-10", "2021-13-40", "报告.pdf", "报告.DOCX", "报告.doc",
		"uploads/report/x.pdf", "submissions/x.csv", "不存在的选项"}
	for _, n := range []int{fd.MinLen - 1, fd.MinLen, fd.MaxLen, fd.MaxLen + 1} {
		if n > 0 {
			ps = append(ps, strings.Repeat("张", n), strings.Repeat("a", n))
		}
	}
	for _, c := range choices {
		ps = append(ps, c.Value)
	}
	return ps
}

// TestPageAgreesWithValidator: for every field of every form, the rendered
// attributes are the schema's, and the page accepts a (normalised) value
// exactly when the validator does.
func TestPageAgreesWithValidator(t *testing.T) {
	c := content(t)
	for _, f := range form.All() {
		var buf bytes.Buffer
		if err := Fragment(&buf, f, options(c)); err != nil {
			t.Fatal(err)
		}
		got := controls(buf.String())
		check := func(fd form.Field, name string) {
			ctl, ok := got[name]
			if !ok {
				t.Errorf("%s: no control named %s", f.ID, name)
				return
			}
			checkAttrs(t, f, fd, name, ctl, f.Choices(fd, c.Units, c.Round))
			choices := f.Choices(fd, c.Units, c.Round)
			for _, v := range probes(fd, choices) {
				_, msg := form.Check(fd, v, choices)
				if page := ctl.accepts(v); page != (msg == "") {
					t.Errorf("%s %s = %q: page accepts %v, validator says %q", f.ID, name, v, page, msg)
				}
			}
		}
		for _, fd := range f.Fields {
			check(fd, fd.Name)
		}
		check(form.UnitCode, form.FieldUnitCode)
		if f.Rows != nil {
			for i := 0; i < f.Rows.Blank+f.Rows.Extra; i++ {
				for _, fd := range f.Rows.Fields {
					check(fd, form.RowFieldName(i, fd.Name))
				}
			}
		}
	}
}

func checkAttrs(t *testing.T, f *form.Form, fd form.Field, name string, ctl control, choices []form.Choice) {
	t.Helper()
	_, required := ctl.attrs["required"]
	_, rowRequired := ctl.attrs["data-required"]
	if required && rowRequired {
		t.Errorf("%s %s: both required and data-required", f.ID, name)
	}
	if (required || rowRequired) != fd.Required {
		t.Errorf("%s %s: required=%v, schema %v", f.ID, name, required, fd.Required)
	}
	if fd.Kind == form.Select {
		want := []string{""}
		for _, ch := range choices {
			want = append(want, ch.Value)
		}
		if strings.Join(ctl.options, "|") != strings.Join(want, "|") {
			t.Errorf("%s %s: options %q, want %q", f.ID, name, ctl.options, want)
		}
		return
	}
	if fd.Kind == form.Checkbox || fd.Kind == form.File || fd.Kind == form.Hidden {
		return
	}
	if ctl.attrs["maxlength"] != strconv.Itoa(fd.MaxLen) {
		t.Errorf("%s %s: maxlength %q, schema %d", f.ID, name, ctl.attrs["maxlength"], fd.MaxLen)
	}
	if fd.MinLen > 0 && ctl.attrs["minlength"] != strconv.Itoa(fd.MinLen) {
		t.Errorf("%s %s: minlength %q, schema %d", f.ID, name, ctl.attrs["minlength"], fd.MinLen)
	}
	if ctl.attrs["pattern"] != fd.PagePattern() {
		t.Errorf("%s %s: pattern %q, schema %q", f.ID, name, ctl.attrs["pattern"], fd.PagePattern())
	}
	if fd.Pattern != "" && ctl.attrs["title"] != fd.PatternHint {
		t.Errorf("%s %s: title %q, want the pattern's hint %q", f.ID, name, ctl.attrs["title"], fd.PatternHint)
	}
}

// Without script the browser must be able to send the extra blank rows:
// only the first MinRows rows carry required.
func TestOptionalRowsNotRequired(t *testing.T) {
	c := content(t)
	for _, f := range form.All() {
		if f.Rows == nil {
			continue
		}
		var buf bytes.Buffer
		if err := Fragment(&buf, f, options(c)); err != nil {
			t.Fatal(err)
		}
		got := controls(buf.String())
		for i := 0; i < f.Rows.Blank+f.Rows.Extra; i++ {
			for _, fd := range f.Rows.Fields {
				_, required := got[form.RowFieldName(i, fd.Name)].attrs["required"]
				if want := fd.Required && i < f.Rows.MinRows; required != want {
					t.Errorf("%s row %d %s: required=%v, want %v", f.ID, i, fd.Name, required, want)
				}
			}
		}
	}
}

// Without script the report page asks for the file's type only; every
// choice is a name the validator accepts, and the file comes on the next page.
func TestFileTypeWithoutScript(t *testing.T) {
	c := content(t)
	opt := options(c)
	opt.WithoutScript = true
	var buf bytes.Buffer
	if err := Fragment(&buf, form.Report, opt); err != nil {
		t.Fatal(err)
	}
	ctl := controls(buf.String())["file"]
	fd, _ := form.Report.Field("file")
	if ctl.tag != "select" || len(ctl.options) != len(fd.Accept)+1 || strings.Contains(buf.String(), `type="file"`) {
		t.Fatalf("file field without script: %+v", ctl)
	}
	for _, v := range ctl.options[1:] {
		if _, msg := form.Check(fd, v, nil); msg != "" {
			t.Errorf("the page offers %q, the validator says %s", v, msg)
		}
	}
	buf.Reset()
	opt.WithoutScript = false
	if err := Fragment(&buf, form.Report, opt); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `disabled hidden>`) || !strings.Contains(buf.String(), "<noscript><select") {
		t.Error("with script: the file input should start disabled, the type select sit in <noscript>")
	}
}
