package collect

import (
	"net/http"
	"net/url"
	"strings"
)

const msgOrigin = "请从门户网站的表单页面提交。"

// originAllowed reports whether a request may post: no Origin header (not
// sent by a browser), the API's own origin, or one of h.Origins.
func (h *Handler) originAllowed(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	if o == "null" {
		return false
	}
	for _, a := range h.Origins {
		if strings.EqualFold(strings.TrimSuffix(a, "/"), o) {
			return true
		}
	}
	u, err := url.Parse(o)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// cors adds the headers that let the allowed page read the answer.
func (h *Handler) cors(w http.ResponseWriter, r *http.Request) {
	o := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if o != "" && o != "null" && h.originAllowed(r) {
		w.Header().Set("Access-Control-Allow-Origin", o)
	}
}

// preflight answers a browser's CORS check for the JSON posts.
func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	h.cors(w, r)
	if !h.originAllowed(r) {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", "POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}
