package admin

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzBundleRequest: any body, JSON or form, is read without panicking, and
// a request that reads and checks cleanly has valid months and forms.
func FuzzBundleRequest(f *testing.F) {
	f.Add("application/json", `{"scope":"包头市","forms":["monthly"],"from":"2021-03","to":"2021-06","encoding":"gb18030"}`)
	f.Add("application/x-www-form-urlencoded", "token=x&forms=case&forms=monthly&from=2021-01&to=2021-12")
	f.Add("application/json", `{"from":"2021-13"}`)
	f.Add("text/plain", "x")
	f.Fuzz(func(t *testing.T, ctype, body string) {
		r := httptest.NewRequest("POST", "/admin/bundle", strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		req, err := bundleRequest(r)
		if err != nil {
			return
		}
		if err := req.Check(); err != nil {
			return
		}
		if req.To.Before(req.From) || len(req.Forms) == 0 || req.Encoding == "" {
			t.Fatalf("accepted %+v", req)
		}
	})
}

// FuzzParseAdmins: the configuration parser never panics, and what
// newTokens accepts has 64-hex-digit hashes, names and scopes.
func FuzzParseAdmins(f *testing.F) {
	f.Add(`[{"name":"a","scope":"全区","sha256":"` + HashToken("t") + `"}]`)
	f.Add(`[{"name":"a","scope":"全区","sha256":"zz"}]`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		admins, err := ParseAdmins(strings.NewReader(s))
		if err != nil {
			return
		}
		tk, err := newTokens(admins)
		if err != nil {
			return
		}
		for i, a := range tk.admins {
			if a.Name == "" || a.Scope == "" || len(tk.hashes[i]) != 32 {
				t.Fatalf("accepted %+v", a)
			}
		}
		if _, ok := tk.lookup(""); ok {
			t.Fatal("empty token accepted")
		}
	})
}

func TestTokens(t *testing.T) {
	tk, err := newTokens([]Admin{{Name: "a", Scope: "全区", SHA256: HashToken("alpha")}, {Name: "b", Scope: "包头市", SHA256: strings.ToUpper(HashToken("beta"))}})
	if err != nil {
		t.Fatal(err)
	}
	for token, want := range map[string]string{"alpha": "a", "beta": "b", "Alpha": "", "alpha ": "", "": "", HashToken("alpha"): ""} {
		a, ok := tk.lookup(token)
		if ok != (want != "") || a.Name != want {
			t.Errorf("lookup(%q) = %q, %v", token, a.Name, ok)
		}
	}
	for _, bad := range [][]Admin{nil, {{Name: "a", Scope: "全区", SHA256: "abc"}}, {{Name: "", Scope: "全区", SHA256: HashToken("x")}},
		{{Name: "a", Scope: "全区", SHA256: HashToken("x")}, {Name: "b", Scope: "包头市", SHA256: HashToken("x")}}} {
		if _, err := newTokens(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}
