package collect

import (
	"strings"
	"testing"
	"time"
)

func TestIDTimeAndKey(t *testing.T) {
	at := time.Date(2021, 3, 31, 23, 30, 0, 0, shanghai) // 15:30 UTC: still March in Beijing
	id := NewID(at)
	if id.Version() != 7 || !id.Time().Equal(at) {
		t.Fatalf("id %s: version %d, time %v", id, id.Version(), id.Time())
	}
	if k := Key("monthly", id, shanghai); !strings.HasPrefix(k, "submissions/form=monthly/year=2021/month=03/") {
		t.Errorf("key %s", k)
	}
	back, err := ParseID(strings.ToUpper(id.String()))
	if err != nil || back != id {
		t.Errorf("parse upper case: %v %v", back, err)
	}
	d1, d2 := DeriveID(at, []byte("x")), DeriveID(at, []byte("x"))
	if d1 != d2 || d1.Version() != 8 || DeriveID(at, []byte("y")) == d1 {
		t.Errorf("derived ids %s %s", d1, d2)
	}
	for _, bad := range []string{"", "0178afe0-4c00-4a3b-9c1d-2e3f4a5b6c7d", "0178afe0-4c00-7a3b-1c1d-2e3f4a5b6c7d", "0178afe0x4c00-7a3b-9c1d-2e3f4a5b6c7d", "../../etc/passwd"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPeriodStart(t *testing.T) {
	for id, want := range map[string]string{
		"2021": "2021-01", "2021-03": "2021-03", "2021-H1": "2021-01", "2021-H2": "2021-07", "2021-Q3": "2021-07",
		"2022-13": "2022-01", "x": "2021-01", "": "2021-01",
	} {
		if got := periodStart(id, 2021, shanghai).Format("2006-01"); got != want {
			t.Errorf("%q: %s, want %s", id, got, want)
		}
	}
}

// FuzzParseID checks that any accepted id prints back as itself and gives a
// key inside its form's partition.
func FuzzParseID(f *testing.F) {
	f.Add("0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d")
	f.Add("0177e95e-3000-8ee1-a162-3471931d8736")
	f.Add("zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err != nil {
			return
		}
		if id.String() != strings.ToLower(s) {
			t.Fatalf("%q prints as %q", s, id.String())
		}
		if k := Key("case", id, shanghai); !strings.HasPrefix(k, "submissions/form=case/year=") || strings.Contains(k, "..") {
			t.Fatalf("key %q", k)
		}
	})
}
