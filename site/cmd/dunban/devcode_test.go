package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// devLines are the development credentials `make run` prints, each on its own line.
var (
	devCodeLine  = regexp.MustCompile(`(?m)^单位填报码（开发）：([0-9A-Z]{5}-[0-9A-Z]{5})$`)
	devTokenLine = regexp.MustCompile(`(?m)开发令牌（全区）：(\S+)$`)
)

// serveOnce runs `dunban serve` on data until fn returns, and returns what it printed.
func serveOnce(t *testing.T, data string, fn func(base string)) string {
	t.Helper()
	var stdout syncBuffer
	cfg, err := parseServe([]string{"-content", "../../../content", "-out", filepath.Join(t.TempDir(), "public"), "-addr", "127.0.0.1:0", "-as-of", asOf, "-data", data}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.build.Templates = nil
	stop, done := make(chan os.Signal, 1), make(chan error, 1)
	go func() { done <- runServe(cfg, &stdout, stop) }()
	fn(waitForAddress(t, &stdout))
	stop <- os.Interrupt
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
	return stdout.String()
}

// TestDevCodeStableAcrossRestarts: make run prints the development 单位填报码
// on its own line; it opens every unit's forms, and a restart on the same
// DATA folder prints the same code and the same admin token.
func TestDevCodeStableAcrossRestarts(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	var status int
	first := serveOnce(t, data, func(base string) {})
	m := devCodeLine.FindStringSubmatch(first)
	tok := devTokenLine.FindStringSubmatch(first)
	if m == nil || tok == nil {
		t.Fatalf("no development code or token line in:\n%s", first)
	}
	again := serveOnce(t, data, func(base string) {
		v := url.Values{"unit": {"鄂尔多斯市"}, "unit_code": {strings.ToLower(m[1])}, "period": {"2021-03"}, "contact_name": {"王晓红"},
			"contact_phone": {"0477-8123456"}, "consent": {"on"}, "rendered_at": {strconv.FormatInt(testClock(t)().Add(-time.Hour).UnixMilli(), 10)},
			"rows.0.name": {"李明"}, "rows.0.days": {"2"}, "rows.0.students": {"12"}, "rows.0.cadres": {"8"}, "rows.0.cadre_coverage": {"60"}, "rows.0.branches": {"3"}, "rows.0.coverage": {"85"},
			"rows.0.lectures": {"1"}, "rows.0.league_days": {"1"}, "rows.0.research": {"0"}, "rows.0.cases": {"1"}}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/api/submit/monthly", v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		status = res.StatusCode
	})
	if m2 := devCodeLine.FindStringSubmatch(again); m2 == nil || m2[1] != m[1] {
		t.Errorf("after a restart the code line is %q, was %q", m2, m[1])
	}
	if tok2 := devTokenLine.FindStringSubmatch(again); tok2 == nil || tok2[1] != tok[1] {
		t.Error("after a restart the admin token changed")
	}
	if status != http.StatusSeeOther {
		t.Errorf("a monthly report with the development code (typed in small letters): %d", status)
	}
}
