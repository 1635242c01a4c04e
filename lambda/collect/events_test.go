package collect_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3test"
)

// TestEveryFormEvent sends each recorded event at the time it carries and
// reads the stored CSV back through the form's own parser.
func TestEveryFormEvent(t *testing.T) {
	tests := []struct {
		event, form string
		status      int
		month       string // the key's partition: the start of the period, whenever the id was minted
		late        bool
		rows        int
	}{
		{"arrangement-form.json", "arrangement", 303, "2021/01", false, 1}, // 14:59:59 on 10 March, a second early
		{"tasklist-json.json", "tasklist", 200, "2021/01", false, 2},
		{"monthly-form.json", "monthly", 303, "2021/03", false, 2},
		{"monthly-json.json", "monthly", 200, "2021/03", false, 2},
		{"case-json.json", "case", 200, "2021/01", false, 1},
	}
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		store := storeFor(srv)
		for _, tt := range tests {
			t.Run(tt.event, func(t *testing.T) {
				ev := readEvent(t, tt.event)
				h := newHandler(t, store)
				h.Now = func() time.Time { return time.UnixMilli(ev.RequestContext.TimeEpoch) }
				res := invoke(t, h, ev)
				if res.StatusCode != tt.status {
					t.Fatalf("status %d: %.300s", res.StatusCode, res.Body)
				}
				prefix := "submissions/form=" + tt.form + "/year=" + tt.month[:4] + "/month=" + tt.month[5:] + "/"
				var key string
				for _, k := range keys(t, srv) {
					if strings.HasPrefix(k, prefix) {
						key = k
					}
				}
				if key == "" {
					t.Fatalf("nothing under %s: %v", prefix, keys(t, srv))
				}
				b, _ := store.Get(context.Background(), key)
				header, recs, err := record.Decode(b)
				f, _ := form.ByID(tt.form)
				sub, perr := f.ParseRecords(header, recs)
				if err != nil || perr != nil {
					t.Fatalf("read back: %v %v", err, perr)
				}
				if sub.Late != tt.late || len(recs) != tt.rows || !strings.HasSuffix(key, sub.ID+".csv") {
					t.Errorf("late %v, %d records, id %s in %s", sub.Late, len(recs), sub.ID, key)
				}
			})
		}
	})
}

func TestDeadlineToTheSecond(t *testing.T) {
	srv := s3test.New(t)
	ev := readEvent(t, "arrangement-form.json")
	h := newHandler(t, storeFor(srv))
	h.Now = func() time.Time { return time.Date(2021, 3, 10, 15, 0, 1, 0, cst) }
	if res := invoke(t, h, ev); res.StatusCode != 303 {
		t.Fatalf("status %d", res.StatusCode)
	}
	b, _ := storeFor(srv).Get(context.Background(), keys(t, srv)[0])
	_, recs, _ := record.Decode(b)
	if recs[0][6] != "是" {
		t.Errorf("a second after 15:00: late = %q", recs[0][6])
	}
}
