package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

// Uploader signs browser uploads straight to storage.
type Uploader interface {
	PresignUpload(ctx context.Context, key string, p s3store.UploadPolicy, now time.Time) (s3store.Upload, error)
}

// uploadTypes are the Content-Types uploads of each extension must carry.
var uploadTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".wps":  "application/vnd.ms-works",
	".doc":  "application/msword",
}

// uploadRequest is the JSON body of POST /upload/{id}.
type uploadRequest struct {
	Filename string `json:"filename"` // the file's name on the person's device
	Name     string `json:"name"`     // the same, under its older name
	Size     int64  `json:"size"`     // its size in bytes
	// The page also sends submission_id and content_type; the key is
	// random (so an upload can never replace a stored submission's file)
	// and the type follows from the name's extension.
}

// file returns the name of the file to upload.
func (u uploadRequest) file() string {
	if u.Filename != "" {
		return u.Filename
	}
	return u.Name
}

// uploadAnswer is the signed form the page posts the file with.
type uploadAnswer struct {
	OK bool `json:"ok"`
	s3store.Upload
}

// upload handles POST /upload/{id}: it checks the file's name and size
// against the form's file field and answers a presigned POST that S3
// accepts only for that type and at most that size.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	h.cors(w, r)
	f, ok := form.ByID(r.PathValue("id"))
	fd, hasFile := fileField(f)
	if !ok || !hasFile || h.Uploads == nil {
		h.fail(w, r, jsonBody, refuse(http.StatusNotFound, "这个表单没有文件上传。", nil))
		return
	}
	if !h.originAllowed(r) {
		h.fail(w, r, jsonBody, refuse(http.StatusForbidden, msgOrigin, fmt.Errorf("origin %q", r.Header.Get("Origin"))))
		return
	}
	if enc, p := requestEncoding(r.Header.Get("Content-Type")); p != nil || enc != jsonBody {
		h.fail(w, r, jsonBody, refuse(http.StatusUnsupportedMediaType, msgContentType, nil))
		return
	}
	lim := Limits{MaxBody: 4 << 10}
	body, p := readBody(r, lim)
	var req uploadRequest
	if p == nil && json.Unmarshal(body, &req) != nil {
		p = refuse(http.StatusBadRequest, msgBadBody, nil)
	}
	if p == nil {
		p = checkFile(fd, req)
	}
	if p != nil {
		h.fail(w, r, jsonBody, p)
		return
	}
	h.sign(w, r, f, fd, req)
}

func (h *Handler) sign(w http.ResponseWriter, r *http.Request, f *form.Form, fd form.Field, req uploadRequest) {
	now := h.Now()
	ext := strings.ToLower(path.Ext(req.file()))
	key := record.UploadKey(f.ID, h.NewID(now), ext)
	pol := s3store.UploadPolicy{ContentType: uploadTypes[ext], MaxBytes: fd.MaxBytes, TTL: 30 * time.Minute}
	up, err := h.Uploads.PresignUpload(r.Context(), key, pol, now)
	if err != nil {
		h.logger(r).Error("presign upload", "form", f.ID, "err", err)
		h.fail(w, r, jsonBody, refuse(http.StatusServiceUnavailable, msgRetry, err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(uploadAnswer{OK: true, Upload: up})
}

func checkFile(fd form.Field, req uploadRequest) *problem {
	ext := strings.ToLower(path.Ext(req.file()))
	if _, known := uploadTypes[ext]; !known || !slices.Contains(fd.Accept, ext) {
		return refuse(http.StatusBadRequest, fmt.Sprintf("只接受 %s 格式的文件。", strings.Join(fd.Accept, "、")), fmt.Errorf("name %q", req.file()))
	}
	if req.Size <= 0 {
		return refuse(http.StatusBadRequest, "文件是空的，请重新选择。", nil)
	}
	if req.Size > fd.MaxBytes {
		return refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件不能超过 %d MB。", fd.MaxBytes>>20), fmt.Errorf("size %d", req.Size))
	}
	return nil
}

// fileField returns the form's file field, if it has one.
func fileField(f *form.Form) (form.Field, bool) {
	if f == nil {
		return form.Field{}, false
	}
	for _, fd := range f.Fields {
		if fd.Kind == form.File {
			return fd, true
		}
	}
	return form.Field{}, false
}

// statter is a Store that can tell whether an object exists.
type statter interface {
	Stat(ctx context.Context, key string) (s3store.ObjectInfo, error)
}

// checkUploaded makes sure a form's uploaded file is one this collector
// signed for the form and that it reached storage. Without a key (a page
// without JavaScript) the file is uploaded after the details, from the
// receipt page.
func (h *Handler) checkUploaded(ctx context.Context, sub *form.Submission) form.Errors {
	fd, ok := fileField(sub.Form)
	if !ok {
		return nil
	}
	key := sub.Values[form.FieldFileKey]
	if key == "" {
		return nil
	}
	fail := form.Errors{{Field: fd.Name, Row: -1, Label: fd.Label, Message: "文件没有上传成功，请重新选择文件上传后再提交。"}}
	if !strings.HasPrefix(key, record.UploadsPrefix+sub.Form.ID+"/") || strings.Contains(key, "..") {
		return fail
	}
	st, ok := h.Store.(statter)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	if _, err := st.Stat(ctx, key); err != nil {
		h.Log.Info("uploaded file missing", "key", key, "err", err)
		return fail
	}
	return nil
}
