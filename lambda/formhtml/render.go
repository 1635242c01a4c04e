// Package formhtml renders dunban's form pages from the form schema: the page
// fragment of each form (also re-rendered with a person's values and errors),
// the receipt, and the report upload step. Its script and style sheet are in
// Assets. It imports only the standard library.
package formhtml

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strconv"
	"time"

	"dunban/lambda/form"
)

//go:embed assets
var embedded embed.FS

// Assets holds the pages' script and style sheet: forms.js and forms.css.
var Assets, _ = fs.Sub(embedded, "assets") // fs.Sub fails only for an invalid path

// Script and Style are the asset names in Assets.
const (
	Script = "forms.js"
	Style  = "forms.css"
)

// Options are what a form page needs besides its form.
type Options struct {
	Action  string // URL the form posts to: <API root>/submit/<id>
	Presign string // report form: URL of the upload signing route, <API root>/upload/report
	Cadres  string // monthly form: URL of <API root>/cadres (names from the unit's 工作安排表)
	Style   string // URL of forms.css as served ("" to leave it to the layout)
	Script  string // URL of forms.js as served ("" when the layout loads it, or for a page without script)
	// WithoutScript is set for a page that runs no forms.js (the
	// collector's): its file field asks for the file's type only.
	WithoutScript bool
	Units         *form.Registry // the units registry
	Round         *form.Round    // the current round
	Now           time.Time      // when the page is rendered (build time for the portal)
	Values        url.Values     // values to show again (re-render after errors)
	Errors        form.Errors    // problems to show beside their fields
}

// Fragment writes the page fragment of form f: heading, deadline, the form
// with its hidden fields, the personal-information notice and consent box.
func Fragment(w io.Writer, f *form.Form, opt Options) error {
	if opt.Units == nil || opt.Round == nil {
		return fmt.Errorf("render form %s: units and round are required", f.ID)
	}
	var p page
	writeForm(&p, view(f, opt))
	if _, err := p.WriteTo(w); err != nil {
		return fmt.Errorf("render form %s: %w", f.ID, err)
	}
	return nil
}

func view(f *form.Form, opt Options) pageView {
	b := newBuilder(f, opt)
	fr := opt.Round.Form(f.ID)
	v := pageView{
		Form: f, Action: opt.Action, Presign: opt.Presign, Cadres: opt.Cadres, Style: opt.Style, Script: opt.Script,
		Open: fr.Open && !opt.Round.Ended(opt.Now), Ended: opt.Round.Ended(opt.Now), Note: fr.Note, Errors: b.errorLinks(), FormError: b.formError(),
		RenderedAt: strconv.FormatInt(opt.Now.UnixMilli(), 10), SubmitLabel: "提交" + shortTitle(f),
		Privacy: privacyFor(f),
		HiddenNames: hiddenNames{ID: form.FieldSubmissionID, Honeypot: form.FieldHoneypot,
			RenderedAt: form.FieldRenderedAt, SentAt: form.FieldSentAt, FileKey: form.FieldFileKey},
	}
	if !f.HasPeriods() && len(fr.Periods) > 0 && !fr.Periods[0].Due.IsZero() {
		due := fr.Periods[0].Due
		v.Deadline = form.DueText(due)
		v.DueISO = due.Format(time.RFC3339)
		v.Passed = opt.Now.After(due)
	}
	var once, after []form.Field
	for _, fd := range f.Fields {
		if fd.Name == form.FieldConsent {
			after = append(after, fd)
			continue
		}
		once = append(once, fd)
		if fd.Name == form.FieldUnit {
			once = append(once, form.UnitCode) // asked for beside the unit, never stored
		}
	}
	same := func(n string) string { return n }
	v.Blocks = b.blocks(once, same, false)
	v.After = b.blocks(after, same, false)
	if f.Rows != nil {
		v.Rows, v.MoreRows, v.MoreOpen = b.rows()
		v.RowsLabel, v.RowsHelp = f.Rows.Label, f.Rows.Help
		v.RowsMin, v.RowsMax = f.Rows.MinRows, f.Rows.MaxRows
		v.RowsError = b.errs[form.RowsPrefix]
		for _, fd := range f.Rows.Fields {
			v.CopyLast = v.CopyLast || fd.Carry
		}
	}
	return v
}

func shortTitle(f *form.Form) string {
	switch f.ID {
	case "report":
		return "报告"
	case "case":
		return "案例"
	}
	return ""
}

// ErrorPage writes a complete page with form f drawn again, values kept and
// every problem beside its field: the collector's answer to a plain POST that
// failed validation.
func ErrorPage(w io.Writer, d Doc, f *form.Form, opt Options) error {
	if d.Title == "" {
		d.Title = f.Title + "：请修改后重新提交"
	}
	opt.Style, opt.Script = "", d.Script
	opt.WithoutScript = d.Script == ""
	return document(w, d, func(w io.Writer) error { return Fragment(w, f, opt) })
}
