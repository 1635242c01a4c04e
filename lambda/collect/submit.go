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
	"dunban/lambda/s3store"
)

// Messages of the submission route.
const (
	msgUnknownForm = "没有这个表单，请从门户网站的表单页面提交。"
	msgClosed      = "本表单当前未开放填报。"
	msgRetry       = "服务器暂时繁忙，您的内容尚未保存，请稍后再次提交（已填内容不会丢失）。"
	msgInvalid     = "有些内容需要修改，请按提示修改后再提交。"
	msgHoneypot    = "提交未通过检查，请刷新页面后重新填写提交。"
	msgTooFast     = "提交过快，请核对填写内容后再提交。"
	msgStalePage   = "页面已失效，请刷新页面后重新填写提交。"
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
	id := h.submissionID(vals, sub, now)
	sub.ID = id.String()
	if err := h.adoptUpload(r.Context(), sub, id); err != nil {
		if errors.Is(err, errFileMissing) {
			h.logger(r).Info("upload not adopted", "form", f.ID, "err", err)
			h.invalid(w, r, enc, f, vals, fileProblem(f), nil)
			return
		}
		h.logger(r).Error("adopt upload", "form", f.ID, "id", sub.ID, "err", err)
		h.fail(w, r, enc, refuse(http.StatusServiceUnavailable, msgRetry, err))
		return
	}
	stored, dup, err := h.save(r.Context(), sub, id)
	if err != nil {
		h.logger(r).Error("store submission", "form", f.ID, "id", sub.ID, "err", err)
		h.fail(w, r, enc, refuse(http.StatusServiceUnavailable, msgRetry, err))
		return
	}
	h.logger(r).Info("stored", "form", f.ID, "id", sub.ID, "duplicate", dup, "late", stored.Late)
	h.accepted(w, r, enc, stored, dup)
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
func (h *Handler) checkRenderedAt(vals url.Values, now time.Time) *problem {
	v, sent := vals[form.FieldRenderedAt]
	if !sent {
		return nil
	}
	ms, err := strconv.ParseInt(v[0], 10, 64)
	d := now.Sub(time.UnixMilli(ms))
	switch {
	case len(v) != 1 || err != nil || d < -renderedSkew || d > renderedMaxAge:
		return refuse(http.StatusBadRequest, msgStalePage, fmt.Errorf("rendered_at %q", v))
	case h.MinFill > 0 && d >= 0 && d < h.MinFill:
		return refuse(http.StatusBadRequest, msgTooFast, fmt.Errorf("filled in %v", d))
	}
	return nil
}

// submissionID is the page's id when it is a plausible UUID v7, else one
// derived from the content and the start of its period, so the same body
// posted twice is one submission.
func (h *Handler) submissionID(vals url.Values, sub *form.Submission, now time.Time) ID {
	if id, ok := pageID(vals, now); ok {
		return id
	}
	return DeriveID(h.periodStart(sub), []byte(sub.Fingerprint()))
}

// pageID returns the page-minted id if it is a plausible UUID v7: not
// before 2021 and not more than a day ahead of the server's clock.
func pageID(vals url.Values, now time.Time) (ID, bool) {
	id, err := ParseID(vals.Get(form.FieldSubmissionID))
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
	sub, err := h.load(ctx, f, Key(f.ID, id, h.location()))
	if err != nil {
		return nil
	}
	return sub
}

// earliestID is the earliest time a page-minted id may carry.
var earliestID = time.Date(2021, 1, 1, 0, 0, 0, 0, shanghai)

// save stores the submission unless its id is already stored, in which case
// it returns the stored one. A case's markdown file is written first, so
// that a stored CSV always means the whole submission is stored.
func (h *Handler) save(ctx context.Context, sub *form.Submission, id ID) (*form.Submission, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	loc := h.location()
	if sub.Form.ID == form.Case.ID {
		err := h.Store.Create(ctx, MarkdownKey(id, loc), CaseMarkdown(sub), "text/markdown; charset=utf-8")
		if err != nil && !errors.Is(err, s3store.ErrExists) {
			return nil, false, err
		}
	}
	key := Key(sub.Form.ID, id, loc)
	err := h.Store.Create(ctx, key, EncodeCSV(sub.Form.Header(), sub.Records()), csvType)
	if err == nil {
		return sub, false, nil
	}
	if !errors.Is(err, s3store.ErrExists) {
		return nil, false, err
	}
	orig, err := h.load(ctx, sub.Form, key)
	return orig, true, err
}

// load reads a stored submission back.
func (h *Handler) load(ctx context.Context, f *form.Form, key string) (*form.Submission, error) {
	b, err := h.Store.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	header, records, err := DecodeCSV(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	sub, err := f.ParseRecords(header, records)
	if err != nil {
		// Written under an earlier version of the form: its metadata
		// columns still give the receipt.
		return metaOnly(f, header, records)
	}
	return sub, nil
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
	w.Header().Set("Location", "../receipt/"+sub.Form.ID+"/"+sub.ID)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusSeeOther)
}
