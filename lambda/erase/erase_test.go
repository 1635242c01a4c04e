package erase_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/erase"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// people stores one person's data in every form, and a namesake in another
// unit whose data must stay.
func people(t *testing.T, st *s3store.Store, reg *form.Registry) {
	at := bundletest.At
	row := bundletest.MonthlyRow
	monthly := bundletest.Monthly(10, "包头市", "2021-03", at(2021, 4, 5, 9), row("张三", 1, 1, 2, "80", 0, 0, 0, 0), row("李四", 2, 2, 2, "80", 0, 0, 0, 0))
	monthly.Values["contact_name"] = "张三"
	tasklist := bundletest.Sub{Form: form.TaskList, ID: bundletest.ID(20), Received: at(2021, 3, 20, 9), Unit: "包头市", Period: "2021",
		Values: map[string]string{"name": "张三", "post": "团委干部", "phone": "13800000001", "consent": "是"},
		Rows: []map[string]string{{"school": "一中", "school_type": "高级中学", "branch": "高二（3）班团支部"},
			{"school": "一中", "school_type": "高级中学", "branch": "高二（4）班团支部"}}}
	bundletest.Put(t, st, reg,
		bundletest.Arrangement(1, "包头市", at(2021, 3, 5, 9), bundletest.ArrangementRow("盟市", "张三", "13800000001"),
			bundletest.ArrangementRow("盟市", "李四", "13800000002")),
		monthly, tasklist,
		bundletest.Case(30, "包头市青山区", "张三", "支部共建", at(2021, 4, 1, 9)),
		bundletest.Report(40, "包头市", "2021-H1", "调研报告", "张三、李四", at(2021, 6, 20, 9)),
		bundletest.Monthly(11, "鄂尔多斯市", "2021-03", at(2021, 4, 6, 9), row("张三", 3, 3, 2, "80", 0, 0, 0, 0)),
	)
	ctx := context.Background()
	for _, k := range []string{"submissions/case-markdown/year=2021/month=04/" + bundletest.ID(30) + ".md",
		"uploads/report/year=2021/month=06/" + bundletest.ID(40) + ".docx"} {
		if err := st.Create(ctx, k, []byte("张三写的"), "text/plain"); err != nil {
			t.Fatal(err)
		}
	}
	// An older version of the arrangement, as a bucket with versioning keeps.
	k := bundletest.Arrangement(1, "包头市", at(2021, 3, 5, 9)).Key()
	cur, _ := st.Get(ctx, k)
	put(t, st, k, []byte("张三 old version"))
	put(t, st, k, cur)
}

func put(t *testing.T, st *s3store.Store, key string, body []byte) {
	t.Helper()
	if _, err := st.Client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(st.Bucket), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
}

func keys(t *testing.T, st *s3store.Store, prefix string) []string {
	var out []string
	if err := st.List(context.Background(), prefix, func(k string, _ int64) error { out = append(out, k); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// versions lists every version and delete marker in the bucket, by key.
func versions(t *testing.T, st *s3store.Store) map[string]int {
	out, err := st.Client.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(st.Bucket)})
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, v := range out.Versions {
		n[aws.ToString(v.Key)]++
	}
	for _, m := range out.DeleteMarkers {
		n[aws.ToString(m.Key)]++
	}
	return n
}

func TestEraseOnePerson(t *testing.T) {
	srv := s3test.New(t)
	ctx := context.Background()
	if _, err := srv.Client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(srv.Bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	st := s3store.New(srv.Client, srv.Bucket)
	reg := bundletest.Registry(t)
	people(t, st, reg)
	get := func(k string) ([]byte, error) { return st.Get(ctx, k) }
	p := erase.Person{Name: "张三", Unit: "包头市"}
	if err := p.Check(reg); err != nil {
		t.Fatal(err)
	}
	if err := (erase.Person{Name: " ", Unit: "包头"}).Check(reg); err == nil || !strings.Contains(err.Error(), "姓名") || !strings.Contains(err.Error(), "包头") {
		t.Errorf("bad person accepted or unclear: %v", err)
	}
	steps, err := erase.Plan(p, reg, keys(t, st, "submissions/"), get)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range steps {
		what := "rewrite"
		if s.Delete {
			what = "delete"
		}
		got[s.Form] = what + strings.Repeat("+", len(s.Also))
	}
	want := map[string]string{"arrangement": "rewrite", "monthly": "rewrite", "tasklist": "delete", "case": "delete+", "report": "delete+"}
	if len(got) != len(want) || len(steps) != len(want) {
		t.Fatalf("plan = %v, want %v (the 鄂尔多斯市 namesake untouched)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("plan for %s = %s, want %s", k, got[k], v)
		}
	}
	if err := erase.Apply(ctx, st, steps); err != nil {
		t.Fatal(err)
	}
	left := versions(t, st)
	for _, s := range steps {
		for _, k := range append([]string{s.Key}, s.Also...) {
			body, err := st.Get(ctx, k)
			if s.Delete || k != s.Key {
				if left[k] != 0 || err == nil {
					t.Errorf("%s: %d versions left after erasing", k, left[k])
				}
				continue
			}
			if left[k] != 1 || err != nil || bytes.Contains(body, []byte("张三")) || !bytes.Contains(body, []byte("李四")) {
				t.Errorf("%s written back: %d versions, err %v, body %s", k, left[k], err, body)
			}
		}
	}
	ordos := bundletest.Monthly(11, "鄂尔多斯市", "2021-03", bundletest.At(2021, 4, 6, 9)).Key()
	if body, err := st.Get(ctx, ordos); err != nil || !bytes.Contains(body, []byte("张三")) {
		t.Errorf("the 鄂尔多斯市 namesake was touched: %v", err)
	}
	// Written back, the submissions still parse as their form.
	for _, k := range keys(t, st, "submissions/form=monthly/") {
		body, _ := st.Get(ctx, k)
		if !bytes.HasPrefix(body, []byte("\uFEFF")) || !slices.Contains(strings.Split(strings.SplitN(string(body), "\n", 2)[0], ","), "填表人") {
			t.Errorf("%s lost its BOM or header", k)
		}
	}
	if steps, _ := erase.Plan(p, reg, keys(t, st, "submissions/"), get); len(steps) != 0 {
		t.Errorf("a second plan still finds %d steps", len(steps))
	}
}
