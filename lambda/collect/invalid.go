package collect

import (
	"net/http"
	"net/url"

	"dunban/lambda/form"
)

// renderInvalid shows a plain form post's problems, every one at once.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, f *form.Form, vals url.Values, errs form.Errors) {
	writeHTML(w, http.StatusBadRequest, "message.html", messagePage{
		Title: "请修改后再提交", Message: msgInvalid + "（《" + f.Title + "》）", Errors: errs, Back: r.Header.Get("Referer"),
	})
}
