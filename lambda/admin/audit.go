package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
	"dunban/lambda/record"
)

// Record is one entry of the audit log: who asked what, when, and the
// answer. It never holds a token.
type Record struct {
	Time        string          `json:"time"` // RFC 3339 in +08:00
	ID          string          `json:"id"`
	Action      string          `json:"action"` // overview, board, bundle, bundle-cli, erase-start or erase
	Status      int             `json:"status"`
	Admin       string          `json:"admin,omitempty"`
	AdminScope  string          `json:"admin_scope,omitempty"`
	Scope       string          `json:"scope,omitempty"` // the scope asked for
	Year        int             `json:"year,omitempty"`
	Request     *bundle.Request `json:"request,omitempty"`
	Key         string          `json:"key,omitempty"` // the bundle written
	Bytes       int64           `json:"bytes,omitempty"`
	Submissions int             `json:"submissions,omitempty"`
	Error       string          `json:"error,omitempty"`
	// Reference and Keys record an erasure (lambda/erase): the request it
	// answers and every object removed or written back. The person's name
	// is not recorded.
	Reference string   `json:"reference,omitempty"`
	Keys      []string `json:"keys,omitempty"`
	Remote    string   `json:"remote,omitempty"`
	UserAgent string   `json:"user_agent,omitempty"`
	// Count and Minute: a minute's total of refused tokens (ActionRefusedTokens).
	Count  int       `json:"count,omitempty"`
	Minute string    `json:"minute,omitempty"` // YYYY-MM-DDTHH:MM in +08:00
	At     time.Time `json:"-"`                // Time, for the key
}

func (h *handler) newRecord(r *http.Request, action string) *Record {
	now := h.cfg.Now().In(bundle.Shanghai)
	return &Record{Time: now.Format(time.RFC3339), ID: h.cfg.NewID(), Action: action,
		Remote: r.RemoteAddr, UserAgent: r.UserAgent(), At: now}
}

// AuditKey is where a record of time t with id goes (record.AuditKey):
// one object per request, partitioned by month like the submissions.
func AuditKey(t time.Time, id string) string { return record.AuditKey(t, id) }

// Creator writes objects that are never replaced; s3store.Store is one.
type Creator interface {
	Create(ctx context.Context, key string, body []byte, contentType string) error
}

// WriteRecord stores rec in the audit log under AuditKey.
func WriteRecord(ctx context.Context, st Creator, rec *Record) error {
	body, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := st.Create(ctx, AuditKey(rec.At, rec.ID), append(body, '\n'), "application/json"); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// audit writes rec to the log. A refused request is logged as well as it
// can be; the caller of a granted one must not answer if logging fails.
func (h *handler) audit(r *http.Request, rec *Record) error {
	if err := WriteRecord(r.Context(), h.cfg.Store, rec); err != nil {
		h.cfg.Log.Error("audit log write failed", "err", err, "action", rec.Action, "status", rec.Status)
		return err
	}
	return nil
}

func formInfos() []FormInfo {
	var out []FormInfo
	for _, f := range form.All() {
		out = append(out, FormInfo{ID: f.ID, Title: f.Title})
	}
	return out
}
