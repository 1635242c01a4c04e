package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
)

// auditRecord is one line of the audit log: who asked what, when, and the
// answer. It never holds a token.
type auditRecord struct {
	Time        string          `json:"time"` // RFC 3339 in +08:00
	ID          string          `json:"id"`
	Action      string          `json:"action"` // overview or bundle
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
	Remote      string          `json:"remote,omitempty"`
	UserAgent   string          `json:"user_agent,omitempty"`
	at          time.Time
}

func (h *handler) newRecord(r *http.Request, action string) *auditRecord {
	now := h.cfg.Now().In(bundle.Shanghai)
	return &auditRecord{Time: now.Format(time.RFC3339), ID: h.cfg.NewID(), Action: action,
		Remote: r.RemoteAddr, UserAgent: r.UserAgent(), at: now}
}

// AuditKey is where a record of time t with id goes: one object per request,
// partitioned by month like the submissions.
func AuditKey(t time.Time, id string) string {
	t = t.In(bundle.Shanghai)
	return fmt.Sprintf("%syear=%04d/month=%02d/%s-%s.json", LogsPrefix, t.Year(), int(t.Month()), t.Format("20060102T150405"), id)
}

// audit writes rec to the log. A refused request is logged as well as it
// can be; the caller of a granted one must not answer if logging fails.
func (h *handler) audit(r *http.Request, rec *auditRecord) error {
	body, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := h.cfg.Store.Create(r.Context(), AuditKey(rec.at, rec.ID), append(body, '\n'), "application/json"); err != nil {
		h.cfg.Log.Error("audit log write failed", "err", err, "action", rec.Action, "status", rec.Status)
		return fmt.Errorf("audit: %w", err)
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
