package collect

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

// pendingFor reports whether key is a pending upload issued for the form
// and unit, of a type reports may have, and returns its extension.
func pendingFor(key, formID, unit string) (string, bool) {
	ext, ok := record.PendingFor(key, formID, unit)
	if _, known := uploadTypes[ext]; !ok || !known {
		return "", false
	}
	return ext, true
}

// copier is a Store that can copy an object within the bucket.
type copier interface {
	Stat(ctx context.Context, key string) (s3store.ObjectInfo, error)
	Copy(ctx context.Context, from, to string) error
}

// msgFileMissing is the file field's problem when the upload cannot be used.
const msgFileMissing = "文件没有上传成功，请重新选择文件上传后再提交。"

// errFileMissing means the pending file is not one this report may adopt.
var errFileMissing = errors.New("pending file missing or not issued for this unit and form")

// adoptUpload makes the report's file its own: the file the submission
// names must be a pending upload issued for the report's unit and form; it
// is copied to UploadKey(form, id) and the submission's file_key set to
// that key. A retry finds the file already adopted. It returns
// errFileMissing (the person's problem) or a storage error.
func (h *Handler) adoptUpload(ctx context.Context, sub *form.Submission, id record.ID) error {
	if _, ok := fileField(sub.Form); !ok {
		return nil
	}
	pending := sub.Values[form.FieldFileKey]
	if pending == "" {
		return nil // without JavaScript the file follows, from the receipt page
	}
	ext, ok := pendingFor(pending, sub.Form.ID, sub.Unit)
	if !ok {
		return fmt.Errorf("%w: %s", errFileMissing, pending)
	}
	final := record.UploadKey(sub.Form.ID, id, ext)
	if err := h.adopt(ctx, pending, final); err != nil {
		return err
	}
	sub.Values[form.FieldFileKey] = final
	return nil
}

// adopt copies a pending upload to its report's key unless it is there.
func (h *Handler) adopt(ctx context.Context, pending, final string) error {
	st, ok := h.Store.(copier)
	if !ok {
		return errors.New("the store cannot copy uploads")
	}
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	switch _, err := st.Stat(ctx, final); {
	case err == nil:
		return nil // adopted by an earlier try
	case !errors.Is(err, s3store.ErrNotFound):
		return err
	}
	switch _, err := st.Stat(ctx, pending); {
	case errors.Is(err, s3store.ErrNotFound):
		return fmt.Errorf("%w: %s", errFileMissing, pending)
	case err != nil:
		return err
	}
	return st.Copy(ctx, pending, final)
}

// fileProblem is the file field's error for a report whose file cannot be adopted.
func fileProblem(f *form.Form) form.Errors {
	fd, _ := fileField(f)
	return form.Errors{{Field: fd.Name, Row: -1, Label: fd.Label, Message: msgFileMissing}}
}

// adoptRedirected adopts the file S3 names (?key=…) when it sends the
// browser back to the receipt page after a plain-form upload, if the file
// was issued for this report's unit and form.
func (h *Handler) adoptRedirected(r *http.Request, sub *form.Submission, ext, final string) bool {
	pending := r.URL.Query().Get("key")
	if pending == "" {
		return false
	}
	if e, ok := pendingFor(pending, sub.Form.ID, sub.Unit); !ok || e != ext {
		h.logger(r).Info("upload not adopted", "form", sub.Form.ID, "id", sub.ID, "key", pending)
		return false
	}
	if err := h.adopt(r.Context(), pending, final); err != nil {
		h.logger(r).Warn("adopt upload", "form", sub.Form.ID, "id", sub.ID, "err", err)
		return false
	}
	return true
}
