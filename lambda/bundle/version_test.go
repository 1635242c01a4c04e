package bundle_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// earlierMonthly is a monthly report version published before the current
// one: 访谈普通学生数 was worded 访谈学生人数, there was a 备注 column and no 办实事情况.
func earlierMonthly() form.Version {
	var cols []form.Column
	for _, c := range form.Monthly.Columns() {
		switch c.Key {
		case "students":
			c.Header = "访谈学生人数"
		case "practical":
			continue
		}
		cols = append(cols, c)
	}
	return form.Version{ID: "2020.9", Columns: append(cols, form.Column{Key: "remark", Header: "备注", Kind: form.Text, Row: true})}
}

// withEarlier publishes v as an earlier version of the monthly report for the test.
func withEarlier(t *testing.T, v form.Version) {
	saved := form.Monthly.Earlier
	form.Monthly.Earlier = append(slices.Clone(saved), v)
	t.Cleanup(func() { form.Monthly.Earlier = saved })
}

// storeVersion writes a one-row monthly report of 包头市 for 2021-04 by
// cadre 周十 under version v, values by column key.
func storeVersion(t *testing.T, st *s3store.Store, n int, v form.Version, vals map[string]string) string {
	t.Helper()
	base := map[string]string{form.MetaID: bundletest.ID(n), form.MetaReceived: "2021-05-05T09:00:00+08:00", form.MetaVersion: v.ID,
		form.MetaPeriod: "2021-04", form.MetaRegion: "包头市", form.MetaUnit: "包头市", form.MetaLate: "否", form.MetaRow: "1",
		"contact_name": "王芳", "contact_phone": "13800000000", "consent": "是", "name": "周十", "students": "33", "cadres": "21",
		"branches": "3", "coverage": "90", "lectures": "2", "league_days": "1", "research": "1", "cases": "1", "remark": "旧版备注"}
	for k, val := range vals {
		base[k] = val
	}
	var header, row []string
	for _, c := range v.Columns {
		header, row = append(header, c.Header), append(row, base[c.Key])
	}
	id, _ := record.Parse(bundletest.ID(n))
	key, _ := record.SubmissionKey("monthly", "2021-04", id)
	if err := st.Create(context.Background(), key, record.Encode(header, [][]string{row}), record.ContentType); err != nil {
		t.Fatal(err)
	}
	return key
}

// TestEarlierVersionCounts: an object written under an earlier version with
// an older label wording counts its figures under the field's current
// column; one of an unknown version, or lacking a column of its version,
// is left out and reported, never read as 0.
func TestEarlierVersionCounts(t *testing.T) {
	old := earlierMonthly()
	withEarlier(t, old)
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		reg, rd := bundletest.Registry(t), bundletest.Round(t)
		st := s3store.New(srv.Client, srv.Bucket)
		storeVersion(t, st, 50, old, nil)
		unknown := storeVersion(t, st, 51, form.Version{ID: "1999.1", Columns: old.Columns}, map[string]string{"name": "吴十一"})
		short := form.Monthly.Current()
		short.Columns = slices.DeleteFunc(slices.Clone(short.Columns), func(c form.Column) bool { return c.Key == "students" })
		lacking := storeVersion(t, st, 52, short, map[string]string{form.MetaVersion: form.Monthly.Version, "name": "郑十二"})

		req := request(bundle.ScopeAll)
		req.Forms = []string{"monthly"}
		m, files := build(t, builder(st, reg, rd), req)
		monthly := readCSV(t, "monthly", files[bundle.FileName(form.Monthly)])
		if got := column(t, monthly, "姓名"); !slices.Equal(got, []string{"周十"}) {
			t.Fatalf("monthly rows %q, want only 周十", got)
		}
		if got := column(t, monthly, "访谈普通学生数"); got[0] != "33" {
			t.Errorf("students under the current label = %q, want 33", got)
		}
		if slices.Contains(monthly[0], "访谈学生人数") || !slices.Contains(monthly[0], "备注") || column(t, monthly, "备注")[0] != "旧版备注" {
			t.Errorf("merged header %q: want the current columns and the earlier 备注, not the old wording", monthly[0])
		}
		summary := readCSV(t, bundle.SummaryName, files[bundle.SummaryName])
		if i := slices.Index(column(t, summary, "姓名"), "周十"); i < 0 || column(t, summary, "访谈普通学生≥40")[i] != "33" {
			t.Errorf("summary does not count the earlier version's figures: %q", summary)
		}
		reasons := map[string]string{}
		for _, p := range m.Problems {
			reasons[p.Key] = p.Reason
		}
		if m.Unreadable != 2 || !strings.Contains(reasons[unknown], "1999.1") || !strings.Contains(reasons[lacking], "访谈普通学生数") {
			t.Errorf("unreadable %d, problems %+v", m.Unreadable, m.Problems)
		}
	})
}

// vanishing is a Source whose listing deletes one object from the real
// store just before handing its key on: a NotFound between list and get.
type vanishing struct {
	*s3store.Store
	key string
}

func (v vanishing) List(ctx context.Context, prefix string, fn func(string, int64) error) error {
	return v.Store.List(ctx, prefix, func(key string, size int64) error {
		if key == v.key {
			if _, err := v.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(v.Bucket), Key: aws.String(key)}); err != nil {
				return err
			}
		}
		return fn(key, size)
	})
}

// TestTruncatedAndVanishedObjects: a truncated object and one deleted
// between list and get each leave the export complete, with a warning in
// manifest.json and 说明.txt.
func TestTruncatedAndVanishedObjects(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		reg, rd := bundletest.Registry(t), bundletest.Round(t)
		st := s3store.New(srv.Client, srv.Bucket)
		bundletest.Fixture(t, st, reg)
		want, _ := build(t, builder(st, reg, rd), request(bundle.ScopeAll))

		cut := bundletest.Monthly(60, "包头市", "2021-04", bundletest.At(2021, 5, 2, 9),
			bundletest.MonthlyRow("甲", 1, 1, 1, "1", 0, 0, 0, 0), bundletest.MonthlyRow("乙", 1, 1, 1, "1", 0, 0, 0, 0))
		body := cut.CSV(reg)
		if err := st.Create(context.Background(), cut.Key(), body[:len(body)-40], record.ContentType); err != nil {
			t.Fatal(err)
		}
		gone := bundletest.Monthly(61, "鄂尔多斯市", "2021-04", bundletest.At(2021, 5, 2, 9), bundletest.MonthlyRow("丙", 1, 1, 1, "1", 0, 0, 0, 0))
		bundletest.Put(t, st, reg, gone)

		b := builder(st, reg, rd)
		b.Source = vanishing{st, gone.Key()}
		m, files := build(t, b, request(bundle.ScopeAll))
		if m.Submissions != want.Submissions || m.Unreadable != 2 {
			t.Errorf("submissions %d (want %d as without the two), unreadable %d", m.Submissions, want.Submissions, m.Unreadable)
		}
		readme := string(files[bundle.ReadmeName])
		for _, key := range []string{cut.Key(), gone.Key()} {
			if !strings.Contains(readme, key) {
				t.Errorf("说明.txt does not name %s:\n%s", key, readme)
			}
		}
		if !strings.Contains(readme, "已不存在") || !strings.Contains(readme, "无法读取") {
			t.Errorf("说明.txt does not say why:\n%s", readme)
		}
	})
}
