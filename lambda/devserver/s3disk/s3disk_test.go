package s3disk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"

	"dunban/lambda/devserver/s3disk"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

// bucket is the bucket every test uses.
const bucket = "dunban"

// open serves a store under root through gofakes3 and returns its client.
func open(t *testing.T, root string) *s3store.Store {
	t.Helper()
	b, err := s3disk.New(root)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(b).Server())
	t.Cleanup(ts.Close)
	st := s3store.New(s3store.NewClient(s3store.Endpoint{URL: ts.URL, AccessKey: "k", SecretKey: "s"}), bucket)
	if err := st.CreateBucket(t.Context()); err != nil && !strings.Contains(err.Error(), "BucketAlready") {
		t.Fatal(err)
	}
	return st
}

func TestCreateGetList(t *testing.T) {
	root := t.TempDir()
	st := open(t, root)
	ctx := context.Background()
	var want []string
	for i := range 7 {
		key := fmt.Sprintf("submissions/form=case/year=2021/month=01/%02d.csv", i)
		want = append(want, key)
		if err := st.Create(ctx, key, []byte("a,b\n1,2\n"), record.ContentType); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Create(ctx, want[0], []byte("other"), record.ContentType); !errors.Is(err, record.ErrExists) {
		t.Errorf("second create: %v, want ErrExists", err)
	}
	if b, err := st.Get(ctx, want[0]); err != nil || string(b) != "a,b\n1,2\n" {
		t.Errorf("get: %q %v", b, err)
	}
	if _, err := st.Get(ctx, "submissions/none.csv"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("get of a missing key: %v", err)
	}
	// The object is a plain file a person can open.
	if b, _ := os.ReadFile(filepath.Join(root, "buckets", bucket, filepath.FromSlash(want[3]))); string(b) != "a,b\n1,2\n" {
		t.Errorf("file on disk: %q", b)
	}
	var got []string
	paged := s3.NewListObjectsV2Paginator(st.Client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String("submissions/form=case/"), MaxKeys: aws.Int32(3)})
	for paged.HasMorePages() {
		page, err := paged.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			got = append(got, aws.ToString(o.Key))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
	head, err := st.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(want[0])})
	if err != nil || aws.ToString(head.ContentType) != record.ContentType {
		t.Errorf("content type %q %v", aws.ToString(head.ContentType), err)
	}
}

// What a crash can leave — a temporary file, a side file without its data
// or describing other data — is never an object, and a retry succeeds.
func TestCrashLeftovers(t *testing.T) {
	root := t.TempDir()
	open(t, root)
	ctx := context.Background()
	dir := filepath.Join(root, "buckets", bucket, "submissions")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, ".tmp-0123456789abcdef"), []byte("half"), 0o644)
	meta := filepath.Join(root, "meta", bucket, "submissions")
	os.MkdirAll(meta, 0o755)
	os.WriteFile(filepath.Join(meta, "x.csv.json"), []byte(`{"md5":"00","size":4,"metadata":{"Content-Type":"image/png"}}`), 0o644)

	st := open(t, root) // a restart sweeps temporary files
	if _, err := os.Stat(filepath.Join(dir, ".tmp-0123456789abcdef")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left after a restart: %v", err)
	}
	if _, err := st.Get(ctx, "submissions/x.csv"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("a side file without data is an object: %v", err)
	}
	if err := st.Create(ctx, "submissions/x.csv", []byte("data"), record.ContentType); err != nil {
		t.Fatalf("retry after the crash: %v", err)
	}
	os.WriteFile(filepath.Join(meta, "x.csv.json"), []byte(`{"md5":"00","size":4,"metadata":{"Content-Type":"image/png"}}`), 0o644)
	head, err := st.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("submissions/x.csv")})
	if err != nil || aws.ToString(head.ContentType) == "image/png" {
		t.Errorf("metadata of other data believed: %q %v", aws.ToString(head.ContentType), err)
	}
	if err := st.List(ctx, "submissions/", func(key string, _ int64) error {
		if key != "submissions/x.csv" {
			t.Errorf("listed %s", key)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
