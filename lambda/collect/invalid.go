package collect

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"

	"dunban/lambda/form"
	"dunban/lambda/formhtml"
)

// renderInvalid answers a plain form post with problems: the form drawn
// again with the values sent and each problem beside its field.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, status int, f *form.Form, vals url.Values, errs form.Errors) {
	opt := formhtml.Options{
		Action: f.ID, // relative to …/submit/<id>: the page posts to itself
		Units:  h.Content.Units, Round: h.Content.Round, Now: h.Now(),
		Values: vals, Errors: errs,
	}
	if _, ok := fileField(f); ok {
		opt.Presign = "../upload/" + f.ID
	}
	h.renderPage(w, r, status, "", func(w io.Writer) error {
		return formhtml.ErrorPage(w, h.doc(), f, opt)
	})
}

// renderPage writes a formhtml page, or a plain message if it fails.
func (h *Handler) renderPage(w http.ResponseWriter, r *http.Request, status int, formTarget string, render func(io.Writer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		h.fail(w, r, urlEncoded, refuse(http.StatusInternalServerError, "页面暂时无法显示，请稍后刷新。", err))
		return
	}
	writePage(w, status, buf.Bytes(), formTarget)
}

// doc is the frame of the collector's complete pages: styles inlined (no
// script), links back to the portal, h.Chrome's chrome (the built-in one
// when it fails, which is logged).
func (h *Handler) doc() formhtml.Doc {
	d := formhtml.Doc{Portal: h.portal()}
	if h.Chrome == nil {
		return d
	}
	c, err := h.Chrome()
	if err != nil {
		h.Log.Warn("chrome", "err", err)
		return d
	}
	d.Chrome = c
	return d
}

// formURL is the portal page of form f.
func (h *Handler) formURL(f *form.Form) string {
	return strings.TrimSuffix(h.portal(), "/") + "/forms/" + f.ID + "/"
}

// portal is the portal's root URL for links back to it.
func (h *Handler) portal() string {
	if h.Portal == "" {
		return "/"
	}
	return h.Portal
}
