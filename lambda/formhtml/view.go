package formhtml

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/form"
)

// fieldView is one input as the page draws it.
type fieldView struct {
	ID, Name, Label, Help, Value string
	Type                         string // input type, or textarea/select/checkbox/file
	Checked, Required            bool
	MinLen, MaxLen               int
	Pattern, InputMode           string
	Autocomplete, Placeholder    string
	Accept                       string
	MaxBytes                     int64
	Groups                       []optGroup
	Error                        string
	MsgRequired, MsgPattern      string
	Consent                      bool   // the consent box: the notice is drawn above it
	Code                         bool   // the 单位填报码: the script may remember it for the session
	Min, Max                     string // numeric bounds, checked by the script
	// RowRequired marks a required field of an optional row: the browser
	// may send the row blank, and the script and the collector require the
	// field once anything in the row is filled.
	RowRequired bool
	Short       bool // a number: drawn two to a line on a phone
	Carry       bool // 复制上月 copies it (form.Field.Carry)
	// Scripted is set on a file field of a page with the script, which
	// uploads the file itself; without it the page asks only for the
	// file's type and the collector's next page takes the file.
	Scripted bool
}

// optGroup is a run of options under one optgroup label ("" for none).
type optGroup struct {
	Label   string
	Options []option
}

type option struct {
	Value, Label, Due string
	Selected          bool
}

// block is a run of fields: a lone field, or a collapsible group of them.
type block struct {
	Title  string // non-empty for a group
	Open   bool   // a group with values or errors starts open
	Fields []fieldView
}

// rowView is one row of the repeating group.
type rowView struct {
	Index  int
	Number int
	Blocks []block
	Error  string // rows.<i>.schools
	ErrID  string
}

// pageView is everything the form page needs.
type pageView struct {
	Form        *form.Form
	Action      string
	Presign     string
	Cadres      string
	Style       string
	Script      string
	Open        bool
	Ended       bool // the round has ended
	Note        string
	Deadline    string
	DueISO      string
	Passed      bool
	Blocks      []block // once-per-submission fields before the rows
	After       []block // once-per-submission fields drawn after the rows (consent)
	Rows        []rowView
	MoreRows    []rowView // folded away until needed (for a page without script)
	MoreOpen    bool      // some folded row has values or errors
	RowsLabel   string
	RowsHelp    string
	RowsMin     int
	RowsMax     int
	RowsError   string
	CopyLast    bool // rows have fields 复制上月 copies
	FormError   string
	Errors      []errorLink
	RenderedAt  string
	SubmitLabel string
	Privacy     privacy
	HiddenNames hiddenNames
}

type hiddenNames struct{ ID, Honeypot, RenderedAt, SentAt, FileKey string }

type errorLink struct{ Href, Text string }

// domID turns a POST name into an id: rows.0.phone → rows-0-phone.
func domID(name string) string { return strings.ReplaceAll(name, ".", "-") }

func (b *builder) field(fd form.Field, name string, row bool) fieldView {
	v := fieldView{
		ID: "f-" + domID(name), Name: name, Label: fd.Label, Help: fd.Help, Value: b.value(name),
		Type: inputType(fd.Kind), Required: fd.Required, MinLen: fd.MinLen, MaxLen: fd.MaxLen,
		Pattern: fd.PagePattern(), InputMode: fd.InputMode, Carry: fd.Carry, Autocomplete: fd.Autocomplete, Placeholder: fd.Placeholder,
		Error: b.errs[name], MsgRequired: form.RequiredMessage(fd), MsgPattern: fd.PatternHint,
		Consent: fd.Name == form.FieldConsent && !row,
		Code:    fd.Name == form.FieldUnitCode && !row,
	}
	if fd.Autocomplete == "" && fd.Kind != form.Select {
		v.Autocomplete = "off"
	}
	switch fd.Kind {
	case form.Checkbox:
		v.Checked = form.Ticked(v.Value)
		v.Value = "on"
	case form.Select:
		v.Groups = b.options(fd, v.Value)
	case form.Number, form.Percent:
		v.Short = true
		v.Min, v.Max = strconv.FormatFloat(fd.Min, 'f', -1, 64), strconv.FormatFloat(fd.Max, 'f', -1, 64)
	case form.File:
		v.Accept = strings.Join(fd.Accept, ",")
		v.MaxBytes = fd.MaxBytes
		v.Scripted = !b.opt.WithoutScript
		if !v.Scripted || !fileTyped(fd, v.Value) {
			v.Value = ""
		}
	}
	return v
}

func inputType(k form.Kind) string {
	switch k {
	case form.Tel:
		return "tel"
	case form.Email:
		return "email"
	case form.Number, form.Percent:
		return "text"
	case form.Date:
		return "date"
	}
	return string(k)
}

func (b *builder) options(fd form.Field, selected string) []optGroup {
	var out []optGroup
	for _, c := range b.form.Choices(fd, b.opt.Units, b.opt.Round) {
		if len(out) == 0 || out[len(out)-1].Label != c.Group {
			out = append(out, optGroup{Label: c.Group})
		}
		o := option{Value: c.Value, Label: c.Label, Selected: c.Value == selected}
		if fd.From == form.FromPeriods {
			if p, ok := b.opt.Round.Period(b.form.ID, c.Value); ok && !p.Due.IsZero() {
				o.Due = p.Due.Format(time.RFC3339)
				o.Label += "（截止 " + p.Due.Format("1月2日 15:04") + "）"
			}
		}
		out[len(out)-1].Options = append(out[len(out)-1].Options, o)
	}
	return out
}

// builder turns a form, its options and any posted values and errors into a pageView.
type builder struct {
	form   *form.Form
	opt    Options
	errs   map[string]string
	values url.Values
}

func newBuilder(f *form.Form, opt Options) *builder {
	b := &builder{form: f, opt: opt, errs: map[string]string{}, values: opt.Values}
	for _, e := range opt.Errors {
		if _, dup := b.errs[e.Field]; !dup {
			b.errs[e.Field] = e.Message
		}
	}
	return b
}

func (b *builder) value(name string) string {
	if b.values == nil {
		return ""
	}
	return b.values.Get(name)
}

// blocks groups consecutive fields that share a Group title.
func (b *builder) blocks(fields []form.Field, name func(string) string, row bool) []block {
	var out []block
	for _, fd := range fields {
		fv := b.field(fd, name(fd.Name), row)
		if fd.Group != "" && len(out) > 0 && out[len(out)-1].Title == fd.Group {
			last := &out[len(out)-1]
			last.Fields = append(last.Fields, fv)
			last.Open = last.Open || fv.Value != "" || fv.Error != ""
			continue
		}
		out = append(out, block{Title: fd.Group, Fields: []fieldView{fv}, Open: fv.Value != "" || fv.Error != ""})
	}
	for i := range out {
		if len(out[i].Fields) == 1 {
			out[i].Title = ""
		}
	}
	return out
}

// rowCount is how many rows to draw: Blank open and Extra folded rows, or
// more if rows were posted beyond them (by index, so errors keep their place).
func (b *builder) rowCount() int {
	g := b.form.Rows
	n := g.Blank + g.Extra
	for k := range b.values {
		rest, ok := strings.CutPrefix(k, form.RowsPrefix+".")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(num); err == nil && i >= 0 && i < g.MaxRows && i+1 > n {
			n = i + 1
		}
	}
	return n
}

// rows returns the rows drawn open and those folded away.
func (b *builder) rows() (open, folded []rowView, unfold bool) {
	n := b.rowCount()
	for i := range n {
		name := func(f string) string { return form.RowFieldName(i, f) }
		schools := form.RowFieldName(i, form.RowSchools)
		r := rowView{Index: i, Number: i + 1, Blocks: b.blocks(b.form.Rows.Fields, name, true),
			Error: b.errs[schools], ErrID: "e-" + domID(schools)}
		if i >= b.form.Rows.MinRows {
			optionalRow(r.Blocks)
		}
		if r.Error != "" { // no school given: open the schools to fill in
			for j := range r.Blocks {
				r.Blocks[j].Open = r.Blocks[j].Open || r.Blocks[j].Title != ""
			}
		}
		if i < b.form.Rows.Blank {
			open = append(open, r)
			continue
		}
		folded = append(folded, r)
		unfold = unfold || r.Error != "" || b.rowPosted(i)
	}
	return open, folded, unfold
}

// rowPosted reports whether row i has any value or error to show.
func (b *builder) rowPosted(i int) bool {
	for _, fd := range b.form.Rows.Fields {
		name := form.RowFieldName(i, fd.Name)
		if strings.TrimSpace(b.value(name)) != "" || b.errs[name] != "" {
			return true
		}
	}
	return false
}

// optionalRow lets the browser send a row blank: without script it cannot
// tell a blank row from a half-filled one, so only the first MinRows rows
// carry required.
func optionalRow(blocks []block) {
	for i := range blocks {
		for j := range blocks[i].Fields {
			f := &blocks[i].Fields[j]
			f.RowRequired, f.Required = f.Required, false
		}
	}
}

// errorLinks lists the errors for the summary at the top, in page order.
func (b *builder) errorLinks() []errorLink {
	out := make([]errorLink, 0, len(b.opt.Errors))
	for _, e := range b.opt.Errors {
		href := "#f-" + domID(e.Field)
		if e.Field == "" {
			href = "#df-summary"
		} else if e.Field == form.RowsPrefix {
			href = "#df-rows"
		} else if strings.HasSuffix(e.Field, "."+form.RowSchools) {
			href = "#e-" + domID(e.Field)
		}
		out = append(out, errorLink{Href: href, Text: b.errorText(e)})
	}
	return out
}

// errorText is a problem as the summary lists it, naming its place: the
// row (团干部第1行) and the field's label, unless the message has it.
func (b *builder) errorText(e form.FieldError) string {
	text := e.Message
	if e.Label != "" && !strings.Contains(text, e.Label) {
		text = e.Label + "：" + text
	}
	if e.Row >= 0 && b.form.Rows != nil {
		text = b.form.Rows.Label + "第" + strconv.Itoa(e.Row+1) + "行 · " + text
	}
	return text
}

// unknownErrors are problems of no field drawn on the page.
func (b *builder) formError() string {
	var msgs []string
	for _, e := range b.opt.Errors {
		if e.Field == "" {
			msgs = append(msgs, e.Message)
		}
	}
	sort.Strings(msgs)
	return strings.Join(msgs, " ")
}

// fileTypes are what a page without script offers for a file field: the
// value posted (a name with the type's extension) and the type's name.
func fileTypes(label string, accept []string) [][2]string {
	names := map[string]string{".docx": "Word 文档（.docx）", ".pdf": "PDF（.pdf）", ".wps": "WPS 文字（.wps）"}
	out := make([][2]string, 0, len(accept))
	for _, ext := range accept {
		name := names[ext]
		if name == "" {
			name = ext
		}
		out = append(out, [2]string{label + ext, name})
	}
	return out
}

// fileTyped reports whether v is one of the values fileTypes posts.
func fileTyped(fd form.Field, v string) bool {
	for _, t := range fileTypes(fd.Label, fd.Accept) {
		if t[0] == v {
			return true
		}
	}
	return false
}
