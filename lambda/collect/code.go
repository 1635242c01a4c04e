package collect

import (
	"net/url"

	"dunban/lambda/form"
)

// Messages of a post refused for its 单位填报码: one sentence each, also
// shown beside the field.
const (
	msgCodeMissing = "请填写单位填报码（由本单位团委提供，可咨询自治区团委学校部 0471-6931811）。"
	msgCodeWrong   = "单位填报码不正确，请核对后重新填写（填报码由本单位团委提供，可咨询自治区团委学校部 0471-6931811）。"
)

// checkCode checks the 单位填报码 posted for the unit posted, in constant
// time (package unitcode). It returns the field's problem, or nil when the
// code is the unit's own — or when the unit is not one of the registry at
// all, which the unit field's own problem then says.
func (h *Handler) checkCode(f *form.Form, vals url.Values) *form.FieldError {
	fd := form.UnitCode
	fail := func(msg string) *form.FieldError {
		return &form.FieldError{Field: fd.Name, Row: -1, Label: fd.Label, Message: msg}
	}
	code := ""
	for _, v := range vals[fd.Name] {
		switch {
		case v == "" || v == code:
		case code != "":
			return fail(msgCodeWrong) // two different codes: neither is taken
		default:
			code = v
		}
	}
	if _, msg := form.Check(fd, code, nil); msg != "" {
		if code == "" {
			return fail(msgCodeMissing)
		}
		return fail(msgCodeWrong)
	}
	unitField, _ := f.Field(form.FieldUnit)
	unit := form.Normalize(unitField, vals.Get(form.FieldUnit))
	if _, ok := h.Content.Units.Lookup(unit); !ok {
		return nil
	}
	if !h.Codes.Check(unit, code) {
		return fail(msgCodeWrong)
	}
	return nil
}

// withCode puts the code's problem among the others in page order: right
// after the unit's.
func withCode(errs form.Errors, code *form.FieldError) form.Errors {
	if code == nil {
		return errs
	}
	at := 0
	for i, e := range errs {
		if e.Field == form.FieldUnit {
			at = i + 1
		}
	}
	out := append(form.Errors(nil), errs[:at]...)
	out = append(out, *code)
	return append(out, errs[at:]...)
}
