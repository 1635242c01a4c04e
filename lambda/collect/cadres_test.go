package collect_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"dunban/lambda/s3test"
)

// POST /cadres gives the names in a unit's 工作安排表, and only to the unit:
// its code is required, and nothing but names is answered.
func TestCadresFromArrangement(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		if res := invoke(t, h, readEvent(t, "arrangement-form.json")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("arrangement: %d %s", res.StatusCode, res.Body)
		}
		ask := func(unit, code string) (int, map[string]any) {
			ev := clone(readEvent(t, "monthly-json.json"))
			ev.RawPath, ev.RequestContext.HTTP.Path = "/cadres", "/cadres"
			b, _ := json.Marshal(map[string]string{"unit": unit, "unit_code": code})
			ev.Body = string(b)
			res := invoke(t, h, ev)
			var a map[string]any
			json.Unmarshal([]byte(res.Body), &a)
			return res.StatusCode, a
		}
		status, a := ask("内蒙古大学", "testa bcdef")
		names, _ := a["names"].([]any)
		if status != 200 || !slices.Equal(names, []any{"陈晨"}) {
			t.Errorf("names of 内蒙古大学: %d %v", status, a)
		}
		for k := range a {
			if k != "ok" && k != "names" {
				t.Errorf("answer carries %s", k)
			}
		}
		if status, a := ask("内蒙古大学", "WRONG-CODE1"); status != http.StatusForbidden || a["names"] != nil {
			t.Errorf("wrong code: %d %v", status, a)
		}
		if status, a := ask("包头市", "TESTA-BCDEF"); status != 200 || a["names"] != nil || a["message"] == "" {
			t.Errorf("a unit without an arrangement: %d %v", status, a)
		}
	})
}
