package collect

import (
	"bytes"
	"net/http"
	"net/url"

	"dunban/lambda/form"
	"dunban/lambda/formhtml"
)

// renderInvalid draws a plain form post's form again with its values and
// every problem beside its field.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, f *form.Form, vals url.Values, errs form.Errors) {
	opt := formhtml.Options{
		Action: f.ID, // relative to …/submit/<id>: posts to itself
		Units:  h.Content.Units, Round: h.Content.Round, Now: h.Now(),
		Values: vals, Errors: errs,
	}
	if _, ok := fileField(f); ok {
		opt.Presign = "../upload/" + f.ID
	}
	var buf bytes.Buffer
	if err := formhtml.ErrorPage(&buf, h.doc(""), f, opt); err != nil {
		h.Log.Error("render error page", "form", f.ID, "err", err)
		writeHTML(w, http.StatusBadRequest, "message.html", messagePage{
			Title: "请修改后再提交", Message: msgInvalid, Errors: errs, Back: r.Header.Get("Referer"),
		})
		return
	}
	writePage(w, http.StatusBadRequest, buf.Bytes(), "")
}

// doc is the frame of the collector's complete pages.
func (h *Handler) doc(title string) formhtml.Doc {
	portal := h.Portal
	if portal == "" {
		portal = "/"
	}
	return formhtml.Doc{Title: title, Portal: portal}
}
