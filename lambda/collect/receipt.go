package collect

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/formhtml"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

const msgNoReceipt = "没有找到这条提交记录。"

// receipt handles GET /receipt/{id}/{sid}: the page a plain form post is
// redirected to once S3 holds the submission. For a report sent without
// JavaScript whose file is not stored yet, it is the file upload step.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) {
	f, ok := form.ByID(r.PathValue("id"))
	id, err := record.Parse(r.PathValue("sid"))
	if !ok || err != nil {
		h.fail(w, r, urlEncoded, refuse(http.StatusNotFound, msgNoReceipt, err))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.Timeout)
	defer cancel()
	sub, err := h.find(ctx, f, id, r.URL.Query().Get(form.FieldPeriod))
	switch {
	case errors.Is(err, record.ErrNotFound):
		h.fail(w, r, urlEncoded, refuse(http.StatusNotFound, msgNoReceipt, err))
		return
	case err != nil:
		h.logger(r).Error("load receipt", "form", f.ID, "id", id, "err", err)
		h.fail(w, r, urlEncoded, refuse(http.StatusServiceUnavailable, "暂时无法读取回执，请稍后刷新本页。您的提交已经保存。", err))
		return
	}
	if key, ok := h.pendingUpload(r, sub, id); ok {
		h.uploadStep(w, r, sub, key)
		return
	}
	h.renderPage(w, r, http.StatusOK, "", func(w io.Writer) error {
		return formhtml.ReceiptPage(w, h.doc(), formhtml.Receipt{
			Form: f, Sub: sub, Number: form.Receipt(f.ID, sub.ID, sub.Received), Received: sub.Received,
			Unit: sub.Unit, Period: h.periodLabel(f, sub.Period), Year: h.Content.Round.Year, Late: sub.Late,
			FileMissing: h.fileMissing(r, sub), FormURL: h.formURL(f),
		})
	})
}

func (h *Handler) periodLabel(f *form.Form, id string) string {
	if p, ok := h.Content.Round.Period(f.ID, id); ok {
		return p.Label
	}
	return id
}

// fileMissing reports whether a report's file is not stored: never
// uploaded, or its key names nothing. A failed check counts as present.
func (h *Handler) fileMissing(r *http.Request, sub *form.Submission) bool {
	if _, ok := fileField(sub.Form); !ok {
		return false
	}
	key := sub.Values[form.FieldFileKey]
	st, canStat := h.Store.(statter)
	if key == "" || !canStat {
		return key == ""
	}
	_, err := st.Stat(r.Context(), key)
	return errors.Is(err, s3store.ErrNotFound)
}

// pendingUpload returns the key of a new upload slot for a report sent
// without JavaScript whose file is not stored yet, unless S3 has just sent
// the browser back here with the file it took, which is then adopted. The
// report's file is record.UploadKey of the submission id and the extension
// of the file name the page sent.
func (h *Handler) pendingUpload(r *http.Request, sub *form.Submission, id record.ID) (string, bool) {
	fd, ok := fileField(sub.Form)
	st, canStat := h.Store.(statter)
	if !ok || h.Uploads == nil || !canStat || sub.Values[form.FieldFileKey] != "" {
		return "", false
	}
	ext := strings.ToLower(path.Ext(sub.Values[fd.Name]))
	if _, known := uploadTypes[ext]; !known {
		return "", false
	}
	final := record.UploadKey(sub.Form.ID, id, ext)
	if _, err := st.Stat(r.Context(), final); !errors.Is(err, s3store.ErrNotFound) || h.adoptRedirected(r, sub, ext, final) {
		return "", false
	}
	return record.PendingKey(sub.Form.ID, sub.Unit, h.NewID(h.Now()), ext), true
}

// uploadStep shows the form that posts the report file straight to S3,
// which then sends the browser back to this receipt page.
func (h *Handler) uploadStep(w http.ResponseWriter, r *http.Request, sub *form.Submission, key string) {
	fd, _ := fileField(sub.Form)
	pol := s3store.UploadPolicy{
		ContentType: uploadTypes[path.Ext(key)], MaxBytes: fd.MaxBytes, TTL: time.Hour,
		Redirect: h.selfURL(r),
	}
	up, err := h.Uploads.PresignUpload(r.Context(), key, pol, h.Now())
	if err != nil {
		h.logger(r).Error("presign upload", "form", sub.Form.ID, "err", err)
		h.fail(w, r, urlEncoded, refuse(http.StatusServiceUnavailable, "暂时无法上传文件，请稍后刷新本页。报告信息已经保存。", err))
		return
	}
	target := ""
	if u, err := url.Parse(up.URL); err == nil {
		target = u.Scheme + "://" + u.Host
	}
	fields := make([]formhtml.UploadField, 0, len(up.Fields))
	for _, k := range uploadFieldOrder(up.Fields) {
		fields = append(fields, formhtml.UploadField{Name: k, Value: up.Fields[k]})
	}
	h.renderPage(w, r, http.StatusOK, target, func(w io.Writer) error {
		return formhtml.UploadPage(w, h.doc(), formhtml.Upload{
			Form: sub.Form, Number: form.Receipt(sub.Form.ID, sub.ID, sub.Received), Title: sub.Values["title"],
			URL: up.URL, Fields: fields, Expires: up.Expires.In(h.location()),
		})
	})
}

// uploadFieldOrder lists the policy fields, key first and the rest sorted,
// so the page is the same for the same signature.
func uploadFieldOrder(fields map[string]string) []string {
	out := make([]string, 0, len(fields))
	for k := range fields {
		if k != "key" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return append([]string{"key"}, out...)
}

// selfURL is the absolute URL of the request as the browser sent it: on the
// portal's address when the collector sits behind it (CloudFront does not
// pass the browser's Host on to the API), else on the request's own host.
func (h *Handler) selfURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if h.Portal != "" {
		return strings.TrimSuffix(h.Portal, "/") + uri
	}
	return scheme + "://" + r.Host + uri
}
