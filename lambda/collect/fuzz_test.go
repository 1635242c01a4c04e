package collect

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// FuzzDecodeBody checks that no body makes the decoder panic, and that
// whatever it accepts is valid UTF-8 within the limits.
func FuzzDecodeBody(f *testing.F) {
	f.Add([]byte("unit=%E5%8C%85%E5%A4%B4%E5%B8%82&rows.0.name=a&rows.0.name=b"), false)
	f.Add([]byte(`{"unit":"包头市","rows.0.students":12,"consent":true,"tags":["a","b"],"x":null}`), true)
	f.Add([]byte("a=%ff"), false)
	f.Add([]byte(`{"a":{"b":1}}`), true)
	f.Add([]byte(`{"a":"\ud800"}`), true)
	f.Add([]byte("%"), false)
	lim := Limits{MaxBody: 1 << 16, MaxFields: 50, MaxValue: 200}
	f.Fuzz(func(t *testing.T, body []byte, isJSON bool) {
		enc := urlEncoded
		if isJSON {
			enc = jsonBody
		}
		v, p := decodeBody(body, enc, lim)
		if p != nil {
			if p.status < 400 || p.status > 499 || p.msg == "" {
				t.Fatalf("bad refusal %+v", p)
			}
			return
		}
		n := 0
		for name, vals := range v {
			n += 1 + len(vals)
			if !utf8.ValidString(name) {
				t.Fatalf("invalid UTF-8 name %q accepted", name)
			}
			for _, s := range vals {
				if !utf8.ValidString(s) || len(s) > lim.MaxValue {
					t.Fatalf("value %q accepted", s)
				}
			}
		}
		if n > lim.MaxFields {
			t.Fatalf("%d names and values accepted", n)
		}
	})
}

// FuzzCSVRoundTrip checks that an accepted submission reads back equal from
// the CSV the collector writes, whatever its values hold.
func FuzzCSVRoundTrip(f *testing.F) {
	f.Add("李明", "为二中协调图书，300 册\n第二行", "=1+1", "包头市", "'@x")
	f.Add("张丽", "\"引号\",逗号", "-3", "内蒙古大学", "''+")
	f.Add("王五", "\r\n", "\t", "赤峰市", "")
	content, err := form.LoadContent(osDirFS("testdata/content"))
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2021, 4, 8, 13, 10, 0, 0, record.Zone)
	f.Fuzz(func(t *testing.T, name, practical, contact, unit, extra string) {
		in := url.Values{
			"unit": {unit}, "period": {"2021-03"}, "contact_name": {contact + "某"}, "contact_phone": {"0472-5112233"}, "consent": {"on"},
			"rows.0.name": {name}, "rows.0.days": {"2"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {"1"}, "rows.0.cadres": {"2"}, "rows.0.branches": {"3"}, "rows.0.coverage": {"80"},
			"rows.0.lectures": {"0"}, "rows.0.league_days": {"0"}, "rows.0.research": {"0"}, "rows.0.cases": {"0"},
			"rows.0.practical": {practical + extra},
		}
		sub, errs := form.Monthly.Validate(in, content.Units, content.Round, now)
		if len(errs) > 0 {
			return
		}
		sub.ID = record.New(now).String()
		b := record.Encode(sub.Form.Header(), sub.Records())
		header, recs, err := record.Decode(b)
		if err != nil {
			t.Fatalf("read back: %v\n%q", err, b)
		}
		back, err := sub.Form.ParseRecords(header, recs)
		if err != nil {
			t.Fatalf("parse back: %v", err)
		}
		if !reflect.DeepEqual(back.Rows, sub.Rows) || back.ID != sub.ID || back.Unit != sub.Unit || back.Late != sub.Late ||
			!back.Received.Equal(sub.Received) || back.Values["contact_name"] != sub.Values["contact_name"] {
			t.Fatalf("read back differs:\n got %+v\nwant %+v", back, sub)
		}
		if strings.Count(string(b), "\uFEFF") != 1+strings.Count(practical+extra+name+contact, "\uFEFF") {
			t.Fatalf("byte-order mark not written once")
		}
	})
}
