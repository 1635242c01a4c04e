package collect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// Messages of the submission route.
const (
	msgUnknownForm = "没有这个表单，请从门户网站的表单页面提交。"
	msgClosed      = "本表单当前未开放填报。"
	msgEnded       = form.MsgEnded + "如需补报或更正，请联系自治区团委学校部（电话 0471-6931811）。"
	msgRetry       = "服务器暂时繁忙，您的内容尚未保存，请稍后再次提交（已填内容不会丢失）。"
	msgInvalid     = "有些内容需要修改，请按提示修改后再提交。"
	msgHoneypot    = "提交未通过检查，请刷新页面后重新填写提交。"
	msgTooFast     = "提交过快，请核对填写内容后再提交。"
	msgStalePage   = "页面已失效，请刷新页面后重新填写提交。"
	msgConflict    = "此编号已用于另一份内容（上次提交后内容有改动），本次内容尚未保存。请重新提交，页面会为改动后的内容生成新的编号。"
)

// submit handles POST /submit/{id}.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	h.cors(w, r)
	enc := urlEncoded
	if wantsJSON(r) {
		enc = jsonBody
	}
	f, ok := form.ByID(r.PathValue("id"))
	if !ok {
		h.fail(w, r, enc, refuse(http.StatusNotFound, msgUnknownForm, fmt.Errorf("form %q", r.PathValue("id"))))
		return
	}
	vals, p := h.read(r)
	if p != nil {
		h.fail(w, r, enc, p)
		return
	}
	now := h.Now()
	if p := h.admit(f, vals, now); p != nil {
		if stored := h.storedRetry(r, f, vals, now); stored != nil {
			h.accepted(w, r, enc, stored, true) // stored before the form closed
			return
		}
		h.fail(w, r, enc, p)
		return
	}
	sub, errs := f.Validate(vals, h.Content.Units, h.Content.Round, now)
	code := h.checkCode(f, vals)
	if len(errs) > 0 || code != nil {
		h.invalid(w, r, enc, f, vals, withCode(errs, code), code)
		return
	}
	h.store(w, r, enc, sub, vals, now)
}

// store saves a valid submission under its id and answers: the receipt
// (the first one for a true retry), 409 for the id stored with other
// content, or 503 when storage fails.
func (h *Handler) store(w http.ResponseWriter, r *http.Request, enc encoding, sub *form.Submission, vals url.Values, now time.Time) {
	id, err := h.submissionID(vals, sub, now)
	if err != nil {
		h.fail(w, r, enc, refuse(http.StatusServiceUnavailable, msgRetry, err))
		return
	}
	sub.ID = id.String()
	if err := h.adoptUpload(r.Context(), sub, id); err != nil {
		if errors.Is(err, errFileMissing) {
			h.logger(r).Info("upload not adopted", "form", sub.Form.ID, "err", err)
			h.invalid(w, r, enc, sub.Form, vals, fileProblem(sub.Form), nil)
			return
		}
		h.logger(r).Error("adopt upload", "form", sub.Form.ID, "id", sub.ID, "err", err)
		h.fail(w, r, enc, refuse(http.StatusServiceUnavailable, msgRetry, err))
		return
	}
	stored, dup, err := h.save(r.Context(), sub, id)
	switch {
	case errors.Is(err, errConflict):
		h.logger(r).Info("conflict", "form", sub.Form.ID, "id", sub.ID)
		h.fail(w, r, enc, refuse(http.StatusConflict, msgConflict, err))
	case err != nil:
		h.logger(r).Error("store submission", "form", sub.Form.ID, "id", sub.ID, "err", err)
		h.fail(w, r, enc, refuse(http.StatusServiceUnavailable, msgRetry, err))
	default:
		h.logger(r).Info("stored", "form", sub.Form.ID, "id", sub.ID, "duplicate", dup, "late", stored.Late)
		h.accepted(w, r, enc, stored, dup)
	}
}

// read checks where the request comes from and what it carries, and
// decodes its body.
func (h *Handler) read(r *http.Request) (url.Values, *problem) {
	if !h.originAllowed(r) {
		return nil, refuse(http.StatusForbidden, msgOrigin, fmt.Errorf("origin %q", r.Header.Get("Origin")))
	}
	enc, p := requestEncoding(r.Header.Get("Content-Type"))
	if p != nil {
		return nil, p
	}
	body, p := readBody(r, h.Limits)
	if p != nil {
		return nil, p
	}
	return decodeBody(body, enc, h.Limits)
}

// admit refuses closed forms and posts that look like a bot's.
func (h *Handler) admit(f *form.Form, vals url.Values, now time.Time) *problem {
	if h.Content.Round.Ended(now) {
		return refuse(http.StatusForbidden, msgEnded, fmt.Errorf("round %d ended", h.Content.Round.Year))
	}
	if h.Closed[f.ID] || !h.Content.Round.Open(f.ID) {
		return refuse(http.StatusForbidden, msgClosed, fmt.Errorf("form %s is closed", f.ID))
	}
	// The page sends the honeypot once, empty: any value, or a repeat even
	// of empty values, is a bot's.
	if hp, sent := vals[form.FieldHoneypot]; sent && (len(hp) != 1 || hp[0] != "") {
		return refuse(http.StatusBadRequest, msgHoneypot, fmt.Errorf("honeypot filled (%d values)", len(hp)))
	}
	return h.checkRenderedAt(vals, now)
}

// The window a page's rendered_at must fall in: a little ahead of the
// server's clock (a device's clock may be off by hours), and not older than a
// round's pages can be (the build time, without script).
const (
	renderedSkew   = 24 * time.Hour
	renderedMaxAge = 400 * 24 * time.Hour
)

// checkRenderedAt refuses a rendered_at that is not one Unix-milliseconds
// time within the window, or that is less than MinFill ago (a bot filling
// the form at once). A post without it (not from a page) is let through.
// With the script's sent_at, both times are the device's and the time spent
// is their difference, right however wrong the device's clock is.
func (h *Handler) checkRenderedAt(vals url.Values, now time.Time) *problem {
	v, sent := vals[form.FieldRenderedAt]
	if !sent {
		return nil
	}
	ms, err := strconv.ParseInt(v[0], 10, 64)
	skew := renderedSkew
	if s, ok := vals[form.FieldSentAt]; ok && len(s) == 1 && s[0] != "" {
		sentMS, serr := strconv.ParseInt(s[0], 10, 64)
		// One clock: sent before shown is no page's.
		now, err, skew = time.UnixMilli(sentMS), errors.Join(err, serr), 0
	}
	d := now.Sub(time.UnixMilli(ms))
	switch {
	case len(v) != 1 || err != nil || d < -skew || d > renderedMaxAge:
		return refuse(http.StatusBadRequest, msgStalePage, fmt.Errorf("rendered_at %q", v))
	case h.MinFill > 0 && d >= 0 && d < h.MinFill:
		return refuse(http.StatusBadRequest, msgTooFast, fmt.Errorf("filled in %v", d))
	}
	return nil
}

// submissionID is the page's id when it is a plausible UUID v7, else one
// derived from the content's fingerprint and the start of its period, so
// the same body posted twice is one submission.
func (h *Handler) submissionID(vals url.Values, sub *form.Submission, now time.Time) (record.ID, error) {
	if id, ok := pageID(vals, now); ok {
		return id, nil
	}
	span, err := form.ParsePeriod(sub.Period)
	if err != nil {
		return record.ID{}, fmt.Errorf("derive id: %w", err)
	}
	y, m := span.Start()
	fp := sub.Fingerprint()
	return record.Derive(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, record.Zone), fp[:]), nil
}

// pageID returns the page-minted id if it is a plausible UUID v7: not
// before 2021 and not more than a day ahead of the server's clock. Its time
// only names the object: where it is filed comes from its period.
func pageID(vals url.Values, now time.Time) (record.ID, bool) {
	id, err := record.Parse(vals.Get(form.FieldSubmissionID))
	if err != nil || id.Version() != 7 {
		return id, false
	}
	t := id.Time()
	return id, !t.Before(earliestID) && !t.After(now.Add(24*time.Hour))
}

// storedRetry returns the stored submission a refused post is a retry of,
// if it carries the page's id and that id is stored: a retry is answered
// with the original receipt even after the form was closed.
func (h *Handler) storedRetry(r *http.Request, f *form.Form, vals url.Values, now time.Time) *form.Submission {
	id, ok := pageID(vals, now)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.Timeout)
	defer cancel()
	sub, err := h.find(ctx, f, id, vals.Get(form.FieldPeriod))
	if err != nil {
		return nil
	}
	return sub
}

// earliestID is the earliest time a page-minted id may carry.
var earliestID = time.Date(2021, 1, 1, 0, 0, 0, 0, record.Zone)

// errConflict means the submission's id is stored with other content.
var errConflict = errors.New("id stored with other content")

// save stores the submission unless its id is already stored, in which case
// it returns the stored one if it holds the same content (a retry), or
// errConflict. A case's markdown file is written first, so that a stored
// CSV always means the whole submission is stored.
func (h *Handler) save(ctx context.Context, sub *form.Submission, id record.ID) (*form.Submission, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	key, err := record.SubmissionKey(sub.Form.ID, sub.Period, id)
	if err != nil {
		return nil, false, err
	}
	if sub.Form.ID == form.Case.ID {
		mdKey, err := record.MarkdownKey(sub.Period, id)
		if err != nil {
			return nil, false, err
		}
		err = h.Store.Create(ctx, mdKey, caseMarkdown(sub), "text/markdown; charset=utf-8")
		if err != nil && !errors.Is(err, record.ErrExists) {
			return nil, false, err
		}
	}
	err = h.Store.Create(ctx, key, record.Encode(sub.Form.Header(), sub.Records()), record.ContentType)
	if err == nil {
		return sub, false, nil
	}
	if !errors.Is(err, record.ErrExists) {
		return nil, false, err
	}
	orig, err := h.load(ctx, sub.Form, key)
	switch {
	case err != nil && !errors.Is(err, errUnreadable):
		return nil, false, err
	case err != nil || orig.Fingerprint() != sub.Fingerprint():
		return nil, false, fmt.Errorf("%s: %w", key, errConflict)
	}
	return orig, true, nil
}

// errUnreadable means a stored object is not a submission of its form.
var errUnreadable = errors.New("stored object unreadable")

// load reads a stored submission back, through the form version it was
// written under.
func (h *Handler) load(ctx context.Context, f *form.Form, key string) (*form.Submission, error) {
	b, err := h.Store.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	header, records, err := record.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", key, errUnreadable, err)
	}
	sub, err := f.ParseRecords(header, records)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", key, errUnreadable, err)
	}
	return sub, nil
}

// find loads the stored submission with id: filed under period if that is
// a period id (the receipt link and a retry carry it), else under one of
// the round's periods of the form.
func (h *Handler) find(ctx context.Context, f *form.Form, id record.ID, period string) (*form.Submission, error) {
	periods := []string{}
	if _, err := form.ParsePeriod(period); err == nil {
		periods = append(periods, period)
	}
	for _, p := range h.Content.Round.Form(f.ID).Periods {
		if p.ID != period {
			periods = append(periods, p.ID)
		}
	}
	err := record.ErrNotFound
	for _, p := range periods {
		key, kerr := record.SubmissionKey(f.ID, p, id)
		if kerr != nil {
			continue
		}
		var sub *form.Submission
		if sub, err = h.load(ctx, f, key); !errors.Is(err, record.ErrNotFound) {
			return sub, err
		}
	}
	return nil, err
}

// invalid answers a body with field problems, every one at once: 400, or
// 403 with the code's one sentence when the 单位填报码 is missing or wrong
// (code). The typed values come back with the page; the code is never logged.
func (h *Handler) invalid(w http.ResponseWriter, r *http.Request, enc encoding, f *form.Form, vals url.Values, errs form.Errors, code *form.FieldError) {
	status, msg := http.StatusBadRequest, msgInvalid
	if code != nil {
		status, msg = http.StatusForbidden, code.Message
	}
	h.logger(r).Info("invalid", "form", f.ID, "status", status, "problems", len(errs), "unit_code_refused", code != nil)
	if enc == jsonBody {
		a := answer{Message: msg, Errors: make([]fieldError, len(errs))}
		for i, e := range errs {
			a.Errors[i] = fieldError{Field: e.Field, Message: e.Message}
		}
		writeJSON(w, status, a)
		return
	}
	h.renderInvalid(w, r, status, f, vals, errs)
}

// accepted answers a stored submission: JSON, or a redirect to its receipt page.
func (h *Handler) accepted(w http.ResponseWriter, r *http.Request, enc encoding, sub *form.Submission, dup bool) {
	if enc == jsonBody {
		writeJSON(w, http.StatusOK, answer{
			OK: true, ID: sub.ID, Receipt: form.Receipt(sub.Form.ID, sub.ID, sub.Received),
			Received: sub.Received.Format(form.ReceivedLayout), Late: sub.Late, Duplicate: dup,
		})
		return
	}
	// A relative reference, so the receipt is found under whatever prefix
	// the API is mounted (/api locally, a stage name in AWS).
	// The period says where the submission is filed (record.SubmissionKey).
	w.Header().Set("Location", "../receipt/"+sub.Form.ID+"/"+sub.ID+"?"+form.FieldPeriod+"="+url.QueryEscape(sub.Period))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusSeeOther)
}
