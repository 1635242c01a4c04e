package collect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"dunban/lambda/s3test"
	"dunban/lambda/unitcode"
)

// TestOnlyTheUnitsCode posts the monthly report of 包头市 with no code, a
// wrong one, 赤峰市's and its own, as the page's script and as a plain form:
// only its own is stored; every other is refused with 403 and one sentence,
// nothing stored, and the typed content comes back.
func TestOnlyTheUnitsCode(t *testing.T) {
	baotou, chifeng := unitcode.New(), unitcode.New()
	book := unitcode.NewBook()
	book.Set("包头市", baotou)
	book.Set("赤峰市", chifeng)
	tests := []struct {
		name, code string
		want       int
	}{
		{"no code", "", http.StatusForbidden},
		{"wrong code", "KQ7MZ-3XHPD", http.StatusForbidden},
		{"not a code", "我不知道", http.StatusForbidden},
		{"code of another unit", chifeng, http.StatusForbidden},
		{"its own code, typed loosely", strings.ToLower(strings.ReplaceAll(fullWidth(baotou), "－", " ")), 0},
	}
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		for _, tt := range tests {
			t.Run(tt.name+" (script)", func(t *testing.T) {
				h := newHandler(t, storeFor(srv))
				h.Codes = book
				ev := readEvent(t, "monthly-json.json")
				var body map[string]string
				json.Unmarshal([]byte(ev.Body), &body)
				body["unit_code"] = tt.code
				body["submission_id"] = "0178afe0-4c00-7a3b-9c1d-" + strings.Repeat("0", 11) + string(rune('a'+len(tt.name)%6))
				b, _ := json.Marshal(body)
				ev.Body = string(b)
				before := len(keys(t, srv))
				res := invoke(t, h, ev)
				a := decodeAnswer(t, res)
				if tt.want == 0 {
					if res.StatusCode != http.StatusOK || !a.OK || len(keys(t, srv)) != before+1 {
						t.Fatalf("own code: %d %+v", res.StatusCode, a)
					}
					return
				}
				if res.StatusCode != tt.want || a.OK || !strings.Contains(a.Message, "单位填报码") || strings.Count(a.Message, "。") != 1 {
					t.Errorf("status %d, answer %+v", res.StatusCode, a)
				}
				if len(a.Errors) == 0 || a.Errors[0].Field != "unit_code" {
					t.Errorf("no problem beside the code's field: %+v", a.Errors)
				}
				if n := len(keys(t, srv)); n != before {
					t.Errorf("%d objects stored by a refused post", n-before)
				}
			})
			t.Run(tt.name+" (no script)", func(t *testing.T) {
				h := newHandler(t, storeFor(srv))
				h.Codes = book
				v := monthlyForm(t)
				v.Set("unit_code", tt.code)
				v.Set("rows.0.practical", "为"+tt.name+"协调图书 300 册")
				before := len(keys(t, srv))
				res := invoke(t, h, withForm(readEvent(t, "monthly-form.json"), v))
				if tt.want == 0 {
					if res.StatusCode != http.StatusSeeOther || len(keys(t, srv)) != before+1 {
						t.Fatalf("own code: %d", res.StatusCode)
					}
					return
				}
				if res.StatusCode != tt.want || !strings.HasPrefix(res.Headers["Content-Type"], "text/html") {
					t.Fatalf("status %d %s", res.StatusCode, res.Headers["Content-Type"])
				}
				for _, s := range []string{`<form`, `value="王晓红"`, "为" + tt.name + "协调图书 300 册", `id="e-unit_code">`, `href="#f-unit_code"`} {
					if !strings.Contains(res.Body, s) {
						t.Errorf("the form drawn again lacks %q", s)
					}
				}
				if strings.Contains(res.Body, `id="e-unit_code" hidden`) {
					t.Error("the code's problem is hidden")
				}
				if n := len(keys(t, srv)); n != before {
					t.Errorf("%d objects stored by a refused post", n-before)
				}
			})
		}
	})
}

// TestCodeNeverStoredOrLogged sends right and wrong codes with logging at
// debug level and finds the code in no stored object and no log line.
func TestCodeNeverStoredOrLogged(t *testing.T) {
	srv := s3test.New(t)
	code := unitcode.New()
	book := unitcode.NewBook()
	book.Set("包头市", code)
	var logs bytes.Buffer
	h := newHandler(t, storeFor(srv))
	h.Codes = book
	h.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	wrong := unitcode.New()
	for _, c := range []string{code, wrong, code} {
		v := monthlyForm(t)
		v.Set("unit_code", c)
		invoke(t, h, withForm(readEvent(t, "monthly-form.json"), v))
		ev := readEvent(t, "monthly-json.json")
		ev.Body = strings.Replace(ev.Body, "TESTA-BCDEF", c, 1)
		invoke(t, h, ev)
	}
	stored := keys(t, srv)
	if len(stored) != 2 {
		t.Fatalf("stored %q, want the two posts with the right code", stored)
	}
	for _, k := range stored {
		b, err := storeFor(srv).Get(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{code, unitcode.Normalize(code), "单位填报码", "unit_code"} {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s holds %q", k, c)
			}
		}
	}
	if logs.Len() == 0 {
		t.Fatal("nothing logged")
	}
	for _, c := range []string{code, unitcode.Normalize(code), wrong, unitcode.Normalize(wrong)} {
		if strings.Contains(logs.String(), c) {
			t.Errorf("the log holds a code:\n%s", logs.String())
		}
	}
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r - '!' + '！'
		}
		return r
	}, s)
}
