// Package form is the one definition of dunban's forms: their fields and
// rules, the reporting units, the round's deadlines, validation of a posted
// body and the CSV a submission becomes. Form pages are rendered from it and
// the collector validates against it, so the two never disagree.
//
// It imports only the standard library.
package form

import (
	"regexp"
	"strconv"
	"sync"
)

// Kind is what a field holds; it decides the input rendered and the checks made.
type Kind string

// The kinds of field.
const (
	Text     Kind = "text"     // one line of text
	TextArea Kind = "textarea" // several lines of text
	Tel      Kind = "tel"      // mainland mobile or landline, e.g. 13800000000 or 0471-6931811
	Email    Kind = "email"    // e-mail address
	Number   Kind = "number"   // whole number between Min and Max
	Percent  Kind = "percent"  // 0–100 with at most one decimal
	Date     Kind = "date"     // YYYY-MM-DD
	Select   Kind = "select"   // one of Choices (or of the choices named by From)
	Checkbox Kind = "checkbox" // ticked or not; stored as 是/否
	File     Kind = "file"     // the name of an uploaded file (see Field.Accept)
	Hidden   Kind = "hidden"   // filled by the page's script, not by the person
)

// Source names choices that come from data rather than from the schema.
type Source string

// The sources of dynamic choices.
const (
	FromUnits       Source = "units"        // the units registry, limited to Form.UnitKinds
	FromPeriods     Source = "periods"      // the round's periods for the form
	FromRegions     Source = "regions"      // Regions
	FromSchoolTypes Source = "school_types" // SchoolTypes
	FromLevels      Source = "levels"       // Levels
)

// Field is one input: its name in POST bodies, its Chinese label (which is
// also its CSV column header) and the rules a value must meet.
type Field struct {
	Name        string // name in POST and JSON bodies; ASCII, unique within the form
	Label       string // Chinese label, also the CSV column header
	Help        string // one line of help shown under the input
	Kind        Kind   // what the field holds
	Required    bool   // a value must be given
	MinLen      int    // minimum length in characters (0: none)
	MaxLen      int    // maximum length in characters (always set)
	Pattern     string // HTML pattern (implicitly anchored); also checked by Validate
	PatternHint string // Chinese explanation shown when Pattern fails
	// InputPattern, when set, is the page's pattern: what may be typed
	// before Normalize (e.g. a phone with dashes and spaces); Pattern is
	// then checked on the normalised value.
	InputPattern string
	Choices      []string // fixed choices for Select
	From         Source   // dynamic choices for Select
	Min, Max     float64  // bounds for Number and Percent
	Accept       []string // file name extensions for File, e.g. ".pdf"
	MaxBytes     int64    // largest file for File
	Placeholder  string   // example shown in the empty input
	Autocomplete string   // HTML autocomplete token
	InputMode    string   // HTML inputmode
	Group        string   // a heading that groups this field with its neighbours on the page
	// Carry marks a row field whose value stays from one period's report to
	// the next (a cadre's name, figures "as of" the month): the page's
	// 复制上月 copies these and leaves the month's own counts blank.
	Carry bool
}

// PagePattern is the pattern the page's input carries.
func (fd Field) PagePattern() string {
	if fd.InputPattern != "" {
		return fd.InputPattern
	}
	return fd.Pattern
}

// Rows is a repeating group of fields: one row per cadre, branch, etc.
type Rows struct {
	Label   string  // Chinese name of one row, e.g. 团干部
	Help    string  // help shown above the rows
	Fields  []Field // the fields of each row
	MinRows int     // fewest non-blank rows accepted
	MaxRows int     // most rows accepted
	Blank   int     // blank rows shown open on the page
	Extra   int     // more blank rows, folded away, for a page without script (which cannot add rows)
}

// Form is one of the five forms.
type Form struct {
	ID        string   // contract: arrangement, tasklist, monthly, report, case
	Title     string   // Chinese title
	Version   string   // written to every CSV row; bump when fields change
	Intro     string   // a paragraph above the form
	Submitter string   // who sends it, e.g. 盟市、高校团委
	UnitKinds []string // unit kinds allowed in the unit field (empty: all)
	Fields    []Field  // fields given once per submission
	Rows      *Rows    // the repeating group, or nil
	// Earlier are the versions published before Version, each with its
	// column list, so objects stored under them are read by field name.
	// Add the current one here (Current) before changing fields or labels.
	Earlier []Version

	colsOnce sync.Once
	cols     []Column // CSV columns, computed once; callers must not modify
}

// Names of fields shared by forms and of the hidden fields of every page.
const (
	FieldUnit         = "unit"          // the reporting unit (a registry name)
	FieldPeriod       = "period"        // the round period the submission belongs to
	FieldConsent      = "consent"       // consent to the personal-information notice
	FieldUnitCode     = "unit_code"     // the unit's 单位填报码 (see UnitCode); checked, never stored
	FieldSubmissionID = "submission_id" // UUID minted by the page's script; empty without JS
	FieldHoneypot     = "website"       // hidden from people; bots fill it
	FieldRenderedAt   = "rendered_at"   // Unix milliseconds when the page was shown (set by script)
	FieldSentAt       = "sent_at"       // Unix milliseconds when it was sent, by the same device clock (set by script)
	RowsPrefix        = "rows"          // row fields are posted as rows.<i>.<name>, i from 0
)

// RowFieldName is the POST name of field name in row i (0-based).
func RowFieldName(i int, name string) string { return RowsPrefix + "." + strconv.Itoa(i) + "." + name }

// All returns the five forms in their portal order.
func All() []*Form { return []*Form{Arrangement, TaskList, Monthly, Report, Case} }

// ByID returns the form with the given id.
func ByID(id string) (*Form, bool) {
	for _, f := range All() {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// Field returns the once-per-submission field called name.
func (f *Form) Field(name string) (Field, bool) {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return fd, true
		}
	}
	return Field{}, false
}

// HasPeriods reports whether the person picks a period (else the round's only one is used).
func (f *Form) HasPeriods() bool {
	_, ok := f.Field(FieldPeriod)
	return ok
}

// regexp returns the compiled, anchored Pattern (nil if the field has none).
func (fd Field) regexp() *regexp.Regexp {
	if fd.Pattern == "" {
		return nil
	}
	return compiled(fd.Pattern)
}

var patternCache = map[string]*regexp.Regexp{}

// neverMatch stands for a pattern that does not compile: nothing passes it.
var neverMatch = regexp.MustCompile(`[^\x00-\x{10FFFF}]`)

func compiled(p string) *regexp.Regexp {
	if re, ok := patternCache[p]; ok {
		return re
	}
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return neverMatch
	}
	return re
}

func init() {
	for _, f := range All() {
		for _, fd := range allFields(f) {
			for _, p := range []string{fd.Pattern, fd.InputPattern} {
				if p != "" {
					patternCache[p] = regexp.MustCompile(`^(?:` + p + `)$`)
				}
			}
		}
	}
}

func allFields(f *Form) []Field {
	out := append([]Field(nil), f.Fields...)
	if f.Rows != nil {
		out = append(out, f.Rows.Fields...)
	}
	return out
}
