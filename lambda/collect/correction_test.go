package collect_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// TestCorrectionVisible sends 包头市's April report twice through the real
// handler, the second with other figures, two days or seven months later:
// the overview counts one report and one correction, and the bundle holds
// both versions, marked, while the summary counts the current one.
func TestCorrectionVisible(t *testing.T) {
	for name, second := range map[string]time.Time{
		"two days later":          time.Date(2021, 5, 8, 9, 0, 0, 0, cst),
		"in December":             time.Date(2021, 12, 20, 9, 0, 0, 0, cst),
		"on the round's last day": time.Date(2022, 1, 31, 23, 0, 0, 0, cst),
	} {
		t.Run(name, func(t *testing.T) { checkCorrection(t, second) })
	}
}

func checkCorrection(t *testing.T, second time.Time) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		store := s3store.New(srv.Client, srv.Bucket)
		h := newHandler(t, store)
		first := time.Date(2021, 5, 6, 9, 0, 0, 0, cst)
		var ids []string
		for i, at := range []time.Time{first, second} {
			h.Now = func() time.Time { return at }
			ev := aprilReport(t, record.New(at.Add(-time.Minute)), at)
			var body map[string]string
			json.Unmarshal([]byte(ev.Body), &body)
			body["rows.0.students"] = []string{"10", "25"}[i]
			b, _ := json.Marshal(body)
			ev.Body = string(b)
			res := invoke(t, h, ev)
			if a := decodeAnswer(t, res); res.StatusCode != 200 || !a.OK {
				t.Fatalf("report %d: %d %+v", i, res.StatusCode, a)
			}
			ids = append(ids, decodeAnswer(t, res).ID)
		}
		c := loadContent(t)
		b := &bundle.Builder{Source: store, Units: c.Units, Rounds: []*form.Round{c.Round}, Now: func() time.Time { return second.Add(time.Hour) }}
		counts, err := b.Overview(t.Context(), bundle.ScopeAll, 2021)
		if err != nil {
			t.Fatal(err)
		}
		for _, pc := range counts {
			if pc.Form == "monthly" && pc.Period == "2021-04" && (pc.Count != 1 || pc.Corrections != 1) {
				t.Errorf("overview of April: %d reports, %d corrections; want 1 and 1", pc.Count, pc.Corrections)
			}
		}
		april := bundle.Month{Year: 2021, Month: 4}
		var zipped bytes.Buffer
		if _, err := b.Build(t.Context(), bundle.Request{Scope: bundle.ScopeAll, Forms: []string{"monthly"}, From: april, To: april}, "test", &zipped); err != nil {
			t.Fatal(err)
		}
		monthly := zipCSV(t, zipped.Bytes(), bundle.FileName(form.Monthly))
		got := column(monthly, "提交编号")
		states := column(monthly, "版本状态")
		var firstState, secondState []string
		for i, id := range got {
			switch id {
			case ids[0]:
				firstState = append(firstState, states[i])
			case ids[1]:
				secondState = append(secondState, states[i])
			}
		}
		if len(firstState) == 0 || len(secondState) == 0 || slices.ContainsFunc(firstState, func(s string) bool { return s != bundle.VersionCorrected }) ||
			slices.ContainsFunc(secondState, func(s string) bool { return s != bundle.VersionCurrent }) {
			t.Errorf("versions: first %q, second %q", firstState, secondState)
		}
		summary := zipCSV(t, zipped.Bytes(), bundle.SummaryName)
		for i, name := range column(summary, "姓名") {
			if name == "李明" && column(summary, "访谈普通学生≥40")[i] != "25" {
				t.Errorf("the summary counts %s students for 李明, want the current 25", column(summary, "访谈普通学生≥40")[i])
			}
		}
	})
}
