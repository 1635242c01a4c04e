package collect

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"dunban/lambda/formhtml"
)

// answer is the JSON the page's script reads.
type answer struct {
	OK        bool         `json:"ok"`
	ID        string       `json:"id,omitempty"`
	Receipt   string       `json:"receipt,omitempty"`
	Received  string       `json:"received,omitempty"`
	Late      bool         `json:"late,omitempty"`
	Duplicate bool         `json:"duplicate,omitempty"`
	Message   string       `json:"message,omitempty"`
	Errors    []fieldError `json:"errors,omitempty"`
	Names     []string     `json:"names,omitempty"` // POST /cadres: the cadres' names only
}

// fieldError is one field's problem: its POST name and a Chinese message.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, a answer) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(a)
}

// writePage sends a complete HTML page that needs nothing but its inline
// style and the print button's script; formTarget is an extra origin its
// forms may post to.
func writePage(w http.ResponseWriter, status int, page []byte, formTarget string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src "+formhtml.PrintScriptHash+"; img-src 'self' data:; "+
		"form-action 'self' "+formTarget+"; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	w.Write(page)
}

// fail answers a refused request in the encoding it came in, and logs why.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, enc encoding, p *problem) {
	h.logger(r).Info("refused", "path", r.URL.Path, "status", p.status, "why", p.Error())
	if enc == jsonBody || wantsJSON(r) {
		writeJSON(w, p.status, answer{Message: p.msg})
		return
	}
	m := formhtml.Message{Title: "未能提交", Text: p.msg, Back: r.Header.Get("Referer")}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		m = formhtml.Message{Title: "未能打开", Text: p.msg, Viewing: true}
	}
	var page bytes.Buffer
	formhtml.MessagePage(&page, h.doc(), m)
	writePage(w, p.status, page.Bytes(), "")
}

// wantsJSON reports whether a request whose body could not be read came
// from the page's script.
func wantsJSON(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return len(ct) >= 16 && ct[:16] == "application/json"
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, urlEncoded, refuse(http.StatusNotFound, "您访问的地址不存在。", nil))
}

func (h *Handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "POST, OPTIONS")
	h.fail(w, r, urlEncoded, refuse(http.StatusMethodNotAllowed, "这个地址只接收表单提交，请从门户网站的表单页面填写。", nil))
}

// logger is h.Log with the request's trace id, to find one request's lines.
func (h *Handler) logger(r *http.Request) *slog.Logger {
	if id := r.Header.Get("X-Amzn-Trace-Id"); id != "" {
		return h.Log.With("trace", id)
	}
	return h.Log
}
