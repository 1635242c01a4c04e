package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/grade"
	"dunban/lambda/record"
)

// Messages shown to people. A refusal says nothing about what exists.
const (
	msgUnauthorized = "令牌无效。请检查后重新输入；如已遗失，请联系自治区团委学校部重新发放。"
	msgForbidden    = "无权查看所选范围，或该范围不存在。"
	msgUnavailable  = "服务暂时不可用，请稍后重试。"
	msgNotFound     = "没有这个地址。"
	msgBadRequest   = "请求格式不正确。"
	msgTooBig       = "数据量较大，未能在时限内完成。请缩小期间、范围或表单后重试；全区全年的数据请用命令行工具导出。"
)

// maxRequestBytes bounds a bundle request body.
const maxRequestBytes = 16 << 10

// apiError is every error answer.
type apiError struct {
	OK      bool     `json:"ok"`
	Message string   `json:"message"`
	Errors  []string `json:"errors,omitempty"`
}

// OverviewResponse is the answer of GET /admin/overview.
type OverviewResponse struct {
	OK      bool                 `json:"ok"`
	Admin   string               `json:"admin"`
	Scope   string               `json:"scope"`  // the scope counted
	Scopes  []string             `json:"scopes"` // the scopes this admin may choose
	Year    int                  `json:"year"`
	Years   []int                `json:"years"`
	Forms   []FormInfo           `json:"forms"`
	Periods []bundle.PeriodCount `json:"periods"`
	// Targets and Rule are the grade rule of 进度汇总 (package grade), for
	// the page to show beside the counts.
	Targets string `json:"targets"`
	Rule    string `json:"rule"`
}

// FormInfo names a form for the page.
type FormInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// BundleResponse is the answer of POST /admin/bundle.
type BundleResponse struct {
	OK          bool              `json:"ok"`
	URL         string            `json:"url"`
	Expires     string            `json:"expires"` // RFC 3339 in +08:00
	FileName    string            `json:"file_name"`
	Bytes       int64             `json:"bytes"`
	Submissions int               `json:"submissions"`
	Files       []bundle.FileInfo `json:"files"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fail answers an error: JSON, or a short page for a form posted without
// JavaScript.
func fail(w http.ResponseWriter, r *http.Request, status int, msg string, errs ...string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dunban-admin"`)
	}
	if r.Method == http.MethodPost && isForm(r) {
		writeMessagePage(w, status, msg, errs)
		return
	}
	writeJSON(w, status, apiError{Message: msg, Errors: errs})
}

// refuse logs a refused request as why and answers status with msg.
func (h *handler) refuse(w http.ResponseWriter, r *http.Request, rec *Record, status int, why, msg string) {
	rec.Status, rec.Error = status, why
	if status == http.StatusUnauthorized {
		h.refusedToken(r, rec) // counted per minute
	} else {
		h.audit(r, rec)
	}
	fail(w, r, status, msg)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	fail(w, r, http.StatusNotFound, msgNotFound)
}

// bearer returns the token of the Authorization header, or of the form
// field "token" for a page posted without JavaScript. Tokens are never
// read from the query string, which ends up in logs.
func bearer(r *http.Request) string {
	if v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(v)
	}
	if r.Method == http.MethodPost && isForm(r) {
		return strings.TrimSpace(r.PostFormValue("token"))
	}
	return ""
}

func isForm(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded"
}

// authorize finds the admin of the request's token and checks that scope
// (the admin's own when empty) is theirs. It answers 401 or 403 itself,
// logs the refusal, and returns ok false.
func (h *handler) authorize(w http.ResponseWriter, r *http.Request, rec *Record, scope string) (Admin, string, bool) {
	a, ok := h.tokens.lookup(bearer(r))
	if !ok {
		h.refuse(w, r, rec, http.StatusUnauthorized, "bad token", msgUnauthorized)
		return Admin{}, "", false
	}
	rec.Admin, rec.AdminScope = a.Name, a.Scope
	if scope == "" {
		scope = a.Scope
	}
	rec.Scope = scope
	if !h.allowed(a.Scope, scope) {
		h.refuse(w, r, rec, http.StatusForbidden, "scope outside own", msgForbidden)
		return Admin{}, "", false
	}
	return a, scope, true
}

// allowed reports whether an admin of scope own may ask for scope want:
// their own scope, or any unit of the registry their scope covers, matched
// by exact name only.
func (h *handler) allowed(own, want string) bool {
	return want == own || h.units.Covers(own, want)
}

// scopes lists what an admin of scope own may choose, their own first.
func (h *handler) scopes(own string) []string {
	out := []string{own}
	for _, u := range h.units.Units() {
		if u.Name != own && h.allowed(own, u.Name) {
			out = append(out, u.Name)
		}
	}
	return out
}

func (h *handler) overview(w http.ResponseWriter, r *http.Request) {
	rec := h.newRecord(r, "overview")
	q := r.URL.Query()
	a, scope, ok := h.authorize(w, r, rec, q.Get("scope"))
	if !ok {
		return
	}
	year, ok := h.year(w, r, rec, q.Get("year"))
	if !ok {
		return
	}
	rec.Year = year
	ctx, cancel := h.limit(r.Context())
	defer cancel()
	periods, err := h.builder.Overview(ctx, scope, year)
	if !h.succeeded(w, r, rec, err) {
		return
	}
	resp := OverviewResponse{OK: true, Admin: a.Name, Scope: scope, Scopes: h.scopes(a.Scope), Year: year, Years: h.years(year),
		Targets: grade.TargetsText, Rule: grade.Rule,
		Forms: formInfos(), Periods: periods}
	writeJSON(w, http.StatusOK, resp)
}

// year reads the year asked for (the default year when empty), answering
// 400 itself when it is not a year.
func (h *handler) year(w http.ResponseWriter, r *http.Request, rec *Record, v string) (int, bool) {
	if v == "" {
		return h.defaultYear(), true
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		h.refuse(w, r, rec, http.StatusBadRequest, "bad year", "年份无效。")
		return 0, false
	}
	return y, true
}

// limit applies BuildTimeout to ctx.
func (h *handler) limit(ctx context.Context) (context.Context, context.CancelFunc) {
	if h.cfg.BuildTimeout > 0 {
		return context.WithTimeout(ctx, h.cfg.BuildTimeout)
	}
	return context.WithCancel(ctx)
}

// succeeded records the outcome of a request's work, err, in the audit log.
// It answers 503 and reports false if the work or the audit write failed;
// otherwise the caller writes the response.
func (h *handler) succeeded(w http.ResponseWriter, r *http.Request, rec *Record, err error) bool {
	if err != nil {
		h.unavailable(w, r, rec, err)
		return false
	}
	rec.Status = http.StatusOK
	if err := h.audit(r, rec); err != nil {
		h.unavailable(w, r, nil, err)
		return false
	}
	return true
}

func (h *handler) unavailable(w http.ResponseWriter, r *http.Request, rec *Record, err error) {
	msg, why := msgUnavailable, "internal error"
	if errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil {
		msg, why = msgTooBig, "timeout"
	}
	h.cfg.Log.Error("admin request failed", "path", r.URL.Path, "err", err, "why", why)
	if rec != nil {
		rec.Status, rec.Error = http.StatusServiceUnavailable, why
		h.audit(r, rec)
	}
	fail(w, r, http.StatusServiceUnavailable, msg)
}

// bundleRequest reads a bundle request from JSON or a posted form.
func bundleRequest(r *http.Request) (bundle.Request, error) {
	var req bundle.Request
	if isForm(r) {
		req.Scope = strings.TrimSpace(r.PostFormValue("scope"))
		req.Forms = r.PostForm["forms"]
		req.Encoding = bundle.Encoding(r.PostFormValue("encoding"))
		req.Files = r.PostFormValue("files") != ""
		var errs []error
		for _, f := range []struct {
			name string
			dst  *bundle.Month
		}{{"from", &req.From}, {"to", &req.To}} {
			if v := r.PostFormValue(f.name); v != "" {
				m, err := bundle.ParseMonth(v)
				errs = append(errs, err)
				*f.dst = m
			}
		}
		return req, errors.Join(errs...)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return req, errors.New("content type must be JSON or a form")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var me *bundle.MonthError
		if errors.As(err, &me) {
			return req, me
		}
		return req, fmt.Errorf("json: %w", err)
	}
	if dec.More() {
		return req, errors.New("json: trailing data")
	}
	return req, nil
}

func (h *handler) bundle(w http.ResponseWriter, r *http.Request) {
	rec := h.newRecord(r, "bundle")
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
	req, perr := bundleRequest(r)
	a, scope, ok := h.authorize(w, r, rec, req.Scope)
	if !ok {
		return
	}
	req.Scope = scope
	rec.Request = &req
	if perr == nil {
		perr = req.Check()
	}
	if perr != nil {
		rec.Status, rec.Error = http.StatusBadRequest, "bad request"
		h.audit(r, rec)
		h.badRequest(w, r, perr)
		return
	}
	resp, err := h.build(r, a, req, rec)
	if !h.succeeded(w, r, rec, err) {
		return
	}
	if isForm(r) {
		http.Redirect(w, r, resp.URL, http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (h *handler) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	var msgs []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if line != "" && !strings.HasPrefix(line, "json:") && !strings.HasPrefix(line, "content type") {
			msgs = append(msgs, line)
		}
	}
	if len(msgs) == 0 {
		msgs = []string{msgBadRequest}
	}
	fail(w, r, http.StatusBadRequest, strings.Join(msgs, "；"), msgs...)
}

// build makes the zip in a temporary file, stores it under bundles/ and
// signs a download URL for it.
func (h *handler) build(r *http.Request, a Admin, req bundle.Request, rec *Record) (BundleResponse, error) {
	ctx, cancel := h.limit(r.Context())
	defer cancel()
	f, err := os.CreateTemp(h.cfg.TempDir, "dunban-zip-*")
	if err != nil {
		return BundleResponse{}, fmt.Errorf("zip file: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	m, err := h.builder.Build(ctx, req, a.Name, f)
	if err != nil {
		return BundleResponse{}, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return BundleResponse{}, fmt.Errorf("zip size: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return BundleResponse{}, fmt.Errorf("zip rewind: %w", err)
	}
	now := h.cfg.Now().In(bundle.Shanghai)
	key := record.BundleKey(now, h.cfg.NewID())
	name := FileName(req)
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if err := h.cfg.Store.PutFile(ctx, key, f, size, "application/zip", disp); err != nil {
		return BundleResponse{}, err
	}
	url, err := h.cfg.Store.PresignGet(ctx, key, h.cfg.TTL, disp)
	if err != nil {
		return BundleResponse{}, err
	}
	rec.Key, rec.Bytes, rec.Submissions = key, size, m.Submissions
	return BundleResponse{OK: true, URL: url, Expires: now.Add(h.cfg.TTL).Format(time.RFC3339), FileName: name,
		Bytes: size, Submissions: m.Submissions, Files: m.Files}, nil
}

// FileName is the name a bundle is saved under, e.g. 驻校蹲班-包头市-2021-03至2021-06.zip.
func FileName(req bundle.Request) string {
	return fmt.Sprintf("驻校蹲班-%s-%s至%s.zip", req.Scope, req.From, req.To)
}

// defaultYear is the newest round's year up to this year (this year if no
// round has started yet).
func (h *handler) defaultYear() int {
	now := h.cfg.Now().In(bundle.Shanghai).Year()
	best := 0
	for _, rd := range h.builder.Rounds {
		if rd.Year <= now && rd.Year > best {
			best = rd.Year
		}
	}
	if best == 0 {
		return now
	}
	return best
}

// years are the years an admin may pick: those with a round, this year and year.
func (h *handler) years(year int) []int {
	seen := map[int]bool{year: true, h.cfg.Now().In(bundle.Shanghai).Year(): true}
	out := []int{}
	for _, rd := range h.builder.Rounds {
		seen[rd.Year] = true
	}
	for y := range seen {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}
