package form

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldError is one problem with one field, in Chinese for the person filling the form.
type FieldError struct {
	Field   string // POST name: "unit", "rows.0.phone"; "rows" for the row count; "" for the whole form
	Row     int    // 0-based row index, or -1 outside the rows
	Label   string // the field's label, empty for whole-form problems
	Message string // e.g. 请填写联系电话
}

// Errors are every problem found in one posted body, in page order.
type Errors []FieldError

// Error joins the messages, for logs and tests.
func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Field + ": " + fe.Message
	}
	return strings.Join(parts, "; ")
}

// Submission is a validated, normalised submission: what one CSV object holds.
type Submission struct {
	Form     *Form
	Version  string              // the form version it was written under ("" = the current one)
	ID       string              // the submission id; set by the collector after Validate
	Received time.Time           // when it was received, in the round's time zone
	Unit     string              // the registry name of the reporting unit
	Region   string              // the unit's region (see Unit.Region)
	Period   string              // the round period id
	Late     bool                // received after the period's deadline
	Values   map[string]string   // once-per-submission fields by name (Unit and Period included)
	Rows     []map[string]string // non-blank rows in page order, fields by name
}

// Limits on a posted body that Validate enforces besides the fields' own.
const (
	maxRowIndex = 999 // row indices above this are refused
)

// Validate checks a posted body against the form, the units registry and the
// round at now. It returns the normalised submission, or every problem at once.
// Unknown names are ignored; the page's hidden fields are the collector's business.
func (f *Form) Validate(in url.Values, reg *Registry, rd *Round, now time.Time) (*Submission, Errors) {
	fr, ok := rd.Forms[f.ID]
	if !ok || !fr.Open {
		return nil, Errors{{Row: -1, Message: "本表单当前未开放填报。"}}
	}
	if rd.Ended(now) {
		return nil, Errors{{Row: -1, Message: MsgEnded}}
	}
	v := &validator{form: f, reg: reg, round: rd}
	sub := &Submission{Form: f, Received: now.In(rd.Location), Values: map[string]string{}}
	for _, fd := range f.Fields {
		if val, ok := v.field(fd, fd.Name, -1, in); ok {
			sub.Values[fd.Name] = val
		}
	}
	sub.Rows = v.rows(in)
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	sub.Unit = sub.Values[FieldUnit]
	u, _ := reg.Lookup(sub.Unit)
	sub.Region = u.Region()
	sub.Period = sub.Values[FieldPeriod]
	if !f.HasPeriods() {
		sub.Period = fr.Periods[0].ID
		sub.Values[FieldPeriod] = sub.Period
	}
	sub.Late = rd.late(f.ID, sub.Period, sub.Received)
	return sub, nil
}

type validator struct {
	form  *Form
	reg   *Registry
	round *Round
	errs  Errors
}

func (v *validator) fail(fd Field, name string, row int, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: name, Row: row, Label: fd.Label, Message: fmt.Sprintf(format, args...)})
}

// field validates one field posted as name; ok is false if it failed.
func (v *validator) field(fd Field, name string, row int, in url.Values) (string, bool) {
	raw, ok := single(in[name])
	if !ok {
		v.fail(fd, name, row, "“%s”填写了多个不同的值", fd.Label)
		return "", false
	}
	val, msg := Check(fd, raw, v.choices(fd, raw))
	if msg != "" {
		v.fail(fd, name, row, "%s", msg)
		return "", false
	}
	return val, true
}

// single returns the one value of a name; repeated identical values are one.
func single(vals []string) (string, bool) {
	out := ""
	for _, s := range vals {
		if s == "" || s == out {
			continue
		}
		if out != "" {
			return "", false
		}
		out = s
	}
	return out, true
}

// Choices returns the values a Select field accepts, given the registry and round.
func (f *Form) Choices(fd Field, reg *Registry, rd *Round) []Choice {
	switch fd.From {
	case FromUnits:
		var out []Choice
		for _, u := range reg.OfKinds(f.UnitKinds...) {
			out = append(out, Choice{Value: u.Name, Label: u.Name, Group: unitGroup(u)})
		}
		return out
	case FromPeriods:
		var out []Choice
		for _, p := range rd.Forms[f.ID].Periods {
			out = append(out, Choice{Value: p.ID, Label: p.Label})
		}
		return out
	}
	return plain(fd.Choices, fd.From)
}

// Choice is one option of a select.
type Choice struct {
	Value string // the posted value
	Label string // what people see
	Group string // optgroup label, if any
}

func unitGroup(u Unit) string {
	if u.Kind == KindCounty {
		return u.Parent + "所辖旗县（市、区）"
	}
	return u.Kind
}

func plain(list []string, from Source) []Choice {
	switch from {
	case FromRegions:
		list = Regions
	case FromSchoolTypes:
		list = SchoolTypes
	case FromLevels:
		list = Levels
	}
	out := make([]Choice, len(list))
	for i, s := range list {
		out[i] = Choice{Value: s, Label: s}
	}
	return out
}

// choices returns the accepted values of a Select for raw. The registry and
// round are looked up directly rather than listed: the unit list is long.
func (v *validator) choices(fd Field, raw string) []Choice {
	if fd.Kind != Select {
		return nil
	}
	val := Normalize(fd, raw)
	switch fd.From {
	case FromUnits:
		u, ok := v.reg.Lookup(val)
		if ok && (len(v.form.UnitKinds) == 0 || contains(v.form.UnitKinds, u.Kind)) {
			return []Choice{{Value: val}}
		}
		return nil
	case FromPeriods:
		if _, ok := v.round.Period(v.form.ID, val); ok {
			return []Choice{{Value: val}}
		}
		return nil
	}
	return v.form.Choices(fd, v.reg, v.round)
}

// Check normalises and checks one value of a field; choices are the accepted
// values of a Select. It returns the normalised value, or a Chinese message.
func Check(fd Field, raw string, choices []Choice) (string, string) {
	if !utf8.ValidString(raw) {
		return "", fmt.Sprintf("“%s”含有无效字符", fd.Label)
	}
	val := Normalize(fd, raw)
	if strings.IndexFunc(val, badRune(fd.Kind)) >= 0 {
		return "", fmt.Sprintf("“%s”含有无效字符", fd.Label)
	}
	if fd.Kind == Checkbox {
		return checkbox(fd, val)
	}
	if val == "" {
		if fd.Required {
			return "", RequiredMessage(fd)
		}
		return "", ""
	}
	n := utf8.RuneCountInString(val)
	if fd.MaxLen > 0 && n > fd.MaxLen {
		return "", fmt.Sprintf("“%s”最多%d个字，现有%d个字", fd.Label, fd.MaxLen, n)
	}
	if fd.MinLen > 0 && n < fd.MinLen {
		return "", fmt.Sprintf("“%s”至少%d个字", fd.Label, fd.MinLen)
	}
	if re := fd.regexp(); re != nil && !re.MatchString(val) {
		return "", fd.PatternHint
	}
	return val, checkKind(fd, val, choices)
}

// RequiredMessage is the Chinese message for a required field left empty.
func RequiredMessage(fd Field) string {
	switch fd.Kind {
	case Select:
		return "请选择" + fd.Label
	case File:
		return "请选择要上传的" + fd.Label
	}
	return "请填写" + fd.Label
}

// Ticked reports whether a posted checkbox value means the box is ticked.
func Ticked(val string) bool {
	switch strings.ToLower(val) {
	case "on", "1", "true", "是", "yes":
		return true
	}
	return false
}

func checkbox(fd Field, val string) (string, string) {
	if Ticked(val) {
		return "是", ""
	}
	switch strings.ToLower(val) {
	case "", "0", "false", "否", "no", "off":
		if fd.Required {
			return "", "请勾选“" + fd.Label + "”"
		}
		return "否", ""
	}
	return "", fmt.Sprintf("“%s”的值无效", fd.Label)
}

func checkKind(fd Field, val string, choices []Choice) string {
	switch fd.Kind {
	case Select:
		for _, c := range choices {
			if c.Value == val {
				return ""
			}
		}
		if fd.From == FromUnits {
			return fmt.Sprintf("单位“%s”不在单位名单中，请从列表中选择；名单有误请联系自治区团委学校部", val)
		}
		return fmt.Sprintf("请从列表中选择%s", fd.Label)
	case Number, Percent:
		x, err := strconv.ParseFloat(val, 64)
		if err != nil || x < fd.Min || x > fd.Max {
			return fmt.Sprintf("“%s”应在%s到%s之间", fd.Label, num(fd.Min), num(fd.Max))
		}
	case Date:
		if _, err := time.Parse("2006-01-02", val); err != nil {
			return fmt.Sprintf("“%s”应为日期，如 2021-03-10", fd.Label)
		}
	case File:
		ext := strings.ToLower(path.Ext(val))
		for _, a := range fd.Accept {
			if ext == a {
				return ""
			}
		}
		return fmt.Sprintf("“%s”只接受 %s 格式", fd.Label, strings.Join(fd.Accept, "、"))
	}
	return ""
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// badRune reports characters a field of the kind may not hold: control
// characters (a textarea keeps newlines and tabs) and unassigned code points.
func badRune(k Kind) func(rune) bool {
	return func(r rune) bool {
		if r == '\n' || r == '\t' {
			return k != TextArea
		}
		return unicode.IsControl(r) || r == utf8.RuneError || r == '\u2028' || r == '\u2029'
	}
}

// Normalize tidies a raw value as Validate does: spaces trimmed (full-width
// too), CRLF to LF in text areas, full-width digits and letters folded to
// ASCII in phones, e-mails and numbers, phones as NormalizePhone, people's
// names (fields with autocomplete "name") as PersonName, a file's folder
// dropped from its name.
func Normalize(fd Field, raw string) string {
	s := strings.TrimFunc(raw, unicode.IsSpace)
	switch fd.Kind {
	case TextArea:
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	case Tel:
		s = normalizePhone(s)
	case Email, Number, Percent, Date:
		s = foldWidth(s)
	case Text:
		if fd.Autocomplete == "name" {
			s = personName(s)
		}
	case File:
		if i := strings.LastIndexAny(s, `/\`); i >= 0 {
			s = s[i+1:]
		}
	}
	return s
}

var telReplacer = strings.NewReplacer(" ", "", "—", "-", "–", "-")

// mobileGroups is a mainland mobile number written in groups: a dash (or
// nothing) between any two of its digits.
var mobileGroups = regexp.MustCompile(`^1[3-9][0-9](?:-?[0-9]){8}$`)

// normalizePhone tidies a phone number as people type it: full-width
// digits folded, spaces dropped, dashes of every kind made "-", and a
// mobile number written in groups (150-4771-2345) joined up. In a list of
// numbers (separated by 、 or a comma) each number is tidied so.
func normalizePhone(s string) string {
	s = telReplacer.Replace(foldWidth(strings.TrimFunc(s, unicode.IsSpace)))
	return phoneInList.ReplaceAllStringFunc(s, func(n string) string {
		if mobileGroups.MatchString(n) {
			return strings.ReplaceAll(n, "-", "")
		}
		return n
	})
}

// phoneInList is one number of a list separated by 、 or a comma.
var phoneInList = regexp.MustCompile(`[^、,]+`)

// personName tidies a person's name so that the same cadre is always
// written the same way: full-width letters folded, and spaces dropped
// from a Chinese name (李 华 is 李华) or collapsed to one elsewhere.
// Names identify cadres across reports, so every name field goes through it.
func personName(s string) string {
	s = foldWidth(strings.TrimFunc(s, unicode.IsSpace))
	words := strings.Fields(s)
	if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return strings.Join(words, "")
	}
	return strings.Join(words, " ")
}

// foldWidth maps full-width ASCII (as typed with a Chinese input method) to ASCII.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// rows validates the repeating group: fully blank rows are dropped.
func (v *validator) rows(in url.Values) []map[string]string {
	g := v.form.Rows
	if g == nil {
		return nil
	}
	idx, tooMany := rowIndices(in)
	var out []map[string]string
	names := make([]string, len(g.Fields))
	for _, i := range idx {
		for j, fd := range g.Fields {
			names[j] = RowFieldName(i, fd.Name)
		}
		if blankRow(names, in) {
			continue
		}
		if len(out) >= g.MaxRows {
			tooMany = true
			break
		}
		row := make(map[string]string, len(g.Fields))
		before := len(v.errs)
		for j, fd := range g.Fields {
			if val, ok := v.field(fd, names[j], i, in); ok {
				row[fd.Name] = val
			}
		}
		if len(v.errs) == before {
			v.rowRule(i, row)
		}
		out = append(out, row)
	}
	switch {
	case tooMany:
		v.errs = append(v.errs, FieldError{Field: RowsPrefix, Row: -1, Message: fmt.Sprintf("%s最多填写%d行", g.Label, g.MaxRows)})
	case len(out) < g.MinRows:
		v.errs = append(v.errs, FieldError{Field: RowsPrefix, Row: -1, Message: fmt.Sprintf("%s至少填写%d行", g.Label, g.MinRows)})
	}
	return out
}

// rowIndices returns the row indices posted, ascending.
func rowIndices(in url.Values) ([]int, bool) {
	seen := map[int]bool{}
	tooMany := false
	for k := range in {
		rest, ok := strings.CutPrefix(k, RowsPrefix+".")
		if !ok {
			continue
		}
		num, _, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 0 || strconv.Itoa(i) != num {
			continue
		}
		if i > maxRowIndex {
			tooMany = true
			continue
		}
		seen[i] = true
	}
	idx := make([]int, 0, len(seen))
	for i := range seen {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return idx, tooMany
}

func blankRow(names []string, in url.Values) bool {
	for _, name := range names {
		for _, s := range in[name] {
			if strings.TrimFunc(s, unicode.IsSpace) != "" {
				return false
			}
		}
	}
	return true
}

// RowSchools is the POST-name suffix of an arrangement row's error "no school given"
// (rows.<i>.schools); the page shows it above the row's schools.
const RowSchools = "schools"

// rowRule applies the cross-field rules of a valid row.
func (v *validator) rowRule(i int, row map[string]string) {
	if v.form.ID != Arrangement.ID {
		return
	}
	any := false
	for _, st := range SchoolTypes {
		class, sec, contact, _ := SchoolFields(st)
		group := []string{SchoolNameField(st), class, sec, contact}
		filled := 0
		for _, n := range group {
			if row[n] != "" {
				filled++
			}
		}
		if filled > 0 {
			any = true
		}
		if filled > 0 && filled < len(group) {
			for _, n := range group {
				if row[n] == "" {
					fd := fieldOf(v.form.Rows.Fields, n)
					v.fail(fd, RowFieldName(i, n), i, "已填写%s入驻信息，请同时填写%s", st, fd.Label)
				}
			}
		}
	}
	if !any {
		fd := Field{Name: RowSchools, Label: "入驻学校"}
		v.fail(fd, RowFieldName(i, RowSchools), i, "请至少填写一类入驻学校（学校名称、班级及校团委书记姓名、联系方式）")
	}
}

func fieldOf(fields []Field, name string) Field {
	for _, fd := range fields {
		if fd.Name == name {
			return fd
		}
	}
	return Field{Name: name}
}
