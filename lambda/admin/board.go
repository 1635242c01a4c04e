package admin

import (
	"bytes"
	"html"
	"net/http"
	"strings"

	"dunban/lambda/board"
)

// AdminPage is the portal's admin page, linked from the pages the API
// answers to a form posted without JavaScript.
const AdminPage = "/admin/"

// boardPage answers GET /admin/board (with the token in the Authorization
// header: the board as a fragment for the admin page to insert) and POST
// /admin/board (a form posted without JavaScript, the token a field: the
// board as a whole page).
func (h *handler) boardPage(w http.ResponseWriter, r *http.Request) {
	rec := h.newRecord(r, "board")
	page := r.Method == http.MethodPost
	if page && !isForm(r) {
		fail(w, r, http.StatusUnsupportedMediaType, msgBadRequest)
		return
	}
	value := r.URL.Query().Get
	if page {
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
		value = r.PostFormValue
	}
	a, scope, ok := h.authorize(w, r, rec, strings.TrimSpace(value("scope")))
	if !ok {
		return
	}
	year, ok := h.year(w, r, rec, value("year"))
	if !ok {
		return
	}
	rec.Year = year
	ctx, cancel := h.limit(r.Context())
	defer cancel()
	bd, err := h.builder.Board(ctx, scope, year)
	if err != nil {
		h.succeeded(w, r, rec, err)
		return
	}
	// The page's form posts back to where it came from (no action).
	o := board.Options{Admin: a.Name, Scopes: h.scopes(a.Scope), Years: h.years(year), Back: AdminPage}
	var buf bytes.Buffer
	render := board.Fragment
	if page {
		render = board.Page
	}
	if err := render(&buf, bd, o); err != nil {
		h.succeeded(w, r, rec, err)
		return
	}
	if !h.succeeded(w, r, rec, nil) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// writeMessagePage answers a form posted without JavaScript with a short
// page: the message, any field errors and the way back.
func writeMessagePage(w http.ResponseWriter, status int, msg string, errs []string) {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<meta name="robots" content="noindex"><title>未能完成 · 驻校蹲班</title></head>` +
		`<body style="font:16px/1.7 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem"><main><h1>未能完成</h1><p>`)
	b.WriteString(html.EscapeString(msg))
	b.WriteString(`</p>`)
	if len(errs) > 1 {
		b.WriteString(`<ul>`)
		for _, e := range errs {
			b.WriteString(`<li>` + html.EscapeString(e) + `</li>`)
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString(`<p><a href="` + AdminPage + `">返回管理员页面</a></p></main></body></html>`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}
