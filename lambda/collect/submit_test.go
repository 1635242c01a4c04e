package collect_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dunban/lambda/record"
	"dunban/lambda/s3test"
)

func TestSubmitJSONStoresOneCSV(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		res := invoke(t, h, readEvent(t, "monthly-json.json"))
		a := decodeAnswer(t, res)
		if res.StatusCode != http.StatusOK || !a.OK {
			t.Fatalf("status %d, answer %+v", res.StatusCode, a)
		}
		const id = "0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d"
		if a.ID != id || a.Receipt != "M20210408-4A5B6C7D" || a.Duplicate || a.Late {
			t.Errorf("answer = %+v", a)
		}
		// Filed by its period, 2021-03, not by the id's April.
		want := "submissions/form=monthly/year=2021/month=03/" + id + ".csv"
		if got := keys(t, srv); len(got) != 1 || got[0] != want {
			t.Fatalf("objects = %v, want [%s]", got, want)
		}
		b, err := storeFor(srv).Get(context.Background(), want)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "\uFEFF提交编号,接收时间,表单版本,报送期,所属地区,填报单位,是否逾期,行号,") {
			t.Errorf("CSV does not start with the BOM and metadata header:\n%s", b)
		}
		header, records, err := record.Decode(b)
		if err != nil || len(records) != 2 || len(header) != len(records[0]) {
			t.Fatalf("read back: %v, %d records", err, len(records))
		}
		if records[1][0] != id || records[1][1] != "2021-04-08T13:10:00.000+08:00" || records[1][3] != "2021-03" ||
			records[1][4] != "包头市" || records[1][6] != "否" || records[1][7] != "2" {
			t.Errorf("metadata of row 2 = %q", records[1][:8])
		}
		if !strings.Contains(string(b), "'=1+1 组织") || records[1][len(records[1])-1] != "=1+1 组织“学党史”主题团日" {
			t.Errorf("formula cell not guarded in the file or not restored on reading")
		}
	})
}

func TestRetriedIDIsOneSubmission(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		first := decodeAnswer(t, invoke(t, h, readEvent(t, "monthly-json.json")))
		// The same body again a day later (the answer was lost): the first receipt.
		h.Now = func() time.Time { return clock.Add(24 * time.Hour) }
		res := invoke(t, h, readEvent(t, "monthly-json.json"))
		again := decodeAnswer(t, res)
		if res.StatusCode != 200 || !again.OK || !again.Duplicate || again.Receipt != first.Receipt || again.Received != first.Received {
			t.Errorf("retry answer = %d %+v, first = %+v", res.StatusCode, again, first)
		}
		if got := keys(t, srv); len(got) != 1 {
			t.Errorf("objects after retry = %v", got)
		}
	})
}

// TestChangedContentSameIDIsRefused: the person edited a value after a send
// whose answer was lost, and the draft kept its id: 409 with what to do,
// and the stored submission is left as it was.
func TestChangedContentSameIDIsRefused(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		invoke(t, h, readEvent(t, "monthly-json.json"))
		before := keys(t, srv)
		stored, _ := storeFor(srv).Get(context.Background(), before[0])
		h.Now = func() time.Time { return clock.Add(24 * time.Hour) }
		ev := readEvent(t, "monthly-json.json")
		ev.Body = strings.Replace(ev.Body, `"rows.0.students": "12"`, `"rows.0.students": "13"`, 1)
		res := invoke(t, h, ev)
		a := decodeAnswer(t, res)
		if res.StatusCode != http.StatusConflict || a.OK || !strings.Contains(a.Message, "此编号已用于另一份内容") || !strings.Contains(a.Message, "请重新提交") {
			t.Errorf("changed retry answer = %d %+v", res.StatusCode, a)
		}
		after, _ := storeFor(srv).Get(context.Background(), before[0])
		if got := keys(t, srv); len(got) != 1 || string(after) != string(stored) {
			t.Errorf("objects after the refused post = %v (stored one changed: %v)", got, string(after) != string(stored))
		}
		// The page's next send, with a new id, is stored.
		ev.Body = strings.Replace(ev.Body, "0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d", "0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7e", 1)
		if res := invoke(t, h, ev); res.StatusCode != 200 || len(keys(t, srv)) != 2 {
			t.Errorf("resend with a new id: %d, objects %v", res.StatusCode, keys(t, srv))
		}
	})
}

func TestPlainFormPostTwiceIsOneSubmission(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		res1 := invoke(t, h, readEvent(t, "monthly-form.json"))
		h.Now = func() time.Time { return clock.Add(40 * 24 * time.Hour) } // a month later: still the same key
		res2 := invoke(t, h, readEvent(t, "monthly-form.json"))
		loc := res1.Headers["Location"]
		if res1.StatusCode != http.StatusSeeOther || res2.StatusCode != http.StatusSeeOther || loc == "" || res2.Headers["Location"] != loc {
			t.Fatalf("answers %d %q, %d %q", res1.StatusCode, loc, res2.StatusCode, res2.Headers["Location"])
		}
		if !strings.HasPrefix(loc, "../receipt/monthly/") {
			t.Errorf("Location = %q", loc)
		}
		got := keys(t, srv)
		if len(got) != 1 || !strings.HasPrefix(got[0], "submissions/form=monthly/year=2021/month=03/") {
			t.Fatalf("objects = %v, want one in the period's month 2021-03", got)
		}
		// The receipt page the browser is sent to.
		ev := readEvent(t, "receipt-get.json")
		ev.RawPath = "/receipt/monthly/" + strings.TrimPrefix(loc, "../receipt/monthly/")
		page := invoke(t, h, ev)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "提交成功") || !strings.Contains(page.Body, "M20210408-") ||
			!strings.Contains(page.Body, "2021年3月") || !strings.HasPrefix(page.Headers["Content-Type"], "text/html") {
			t.Errorf("receipt page %d:\n%s", page.StatusCode, page.Body)
		}
	})
}

func TestCaseStoresMarkdownOutsidePartitions(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		h := newHandler(t, storeFor(srv))
		res := invoke(t, h, readEvent(t, "case-json.json"))
		if res.StatusCode != 200 {
			t.Fatalf("status %d: %s", res.StatusCode, res.Body)
		}
		const id = "0178afe0-4c00-7d4e-8f01-23456789abcd"
		want := []string{
			"submissions/case-markdown/year=2021/month=01/" + id + ".md", // the case's period is the year 2021
			"submissions/form=case/year=2021/month=01/" + id + ".csv",
		}
		if got := keys(t, srv); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("objects = %v, want %v", got, want)
		}
		md, _ := storeFor(srv).Get(context.Background(), want[0])
		for _, s := range []string{"---\n", `title: "一个班级团支部的蜕变"`, "date: 2021-04-08\n", `unit: "包头市"`,
			`school_type: "高级中学"`, `tags: ["团支部建设","主题团日","结对帮扶"]`, "draft: false\n", `\# 第一步`, `\<script\>`} {
			if !strings.Contains(string(md), s) {
				t.Errorf("markdown lacks %q:\n%s", s, md)
			}
		}
	})
}
