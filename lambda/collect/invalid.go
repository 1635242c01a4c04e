package collect

import (
	"net/http"
	"net/url"
	"strings"

	"dunban/lambda/form"
)

// renderInvalid answers a plain form post with problems: every one at
// once, each with its field's label and row.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, f *form.Form, vals url.Values, errs form.Errors) {
	// Back to the form page itself: a cross-origin Referer is often cut to
	// the portal's origin by its referrer policy.
	back := strings.TrimSuffix(h.portal(), "/") + "/forms/" + f.ID + "/"
	page := messageHTML("请修改后再提交", msgInvalid+"（《"+f.Title+"》）", errs, back, h.portal())
	writePage(w, http.StatusBadRequest, page, "")
}

// portal is the portal's root URL for links back to it.
func (h *Handler) portal() string {
	if h.Portal == "" {
		return "/"
	}
	return h.Portal
}
