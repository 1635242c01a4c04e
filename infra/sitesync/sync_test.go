package sitesync_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/infra/sitesync"
	"dunban/lambda/s3test"
)

func TestHeaders(t *testing.T) {
	cases := []struct{ name, ctype, cache string }{
		{"index.html", "text/html; charset=utf-8", sitesync.Short},
		{"forms/monthly/index.html", "text/html; charset=utf-8", sitesync.Short},
		{"assets/app.3f9a1c2b7d.css", "text/css; charset=utf-8", sitesync.Immutable},
		{"assets/app-3f9a1c2b.js", "text/javascript; charset=utf-8", sitesync.Immutable},
		{"assets/app.js", "text/javascript; charset=utf-8", sitesync.Short},
		{"search/index.json", "application/json; charset=utf-8", sitesync.Short},
		{"feed.xml", "application/xml; charset=utf-8", sitesync.Short},
		{"robots.txt", "text/plain; charset=utf-8", sitesync.Short},
		{"assets/logo.0123456789.SVG", "image/svg+xml; charset=utf-8", sitesync.Immutable},
		{"assets/photo.png", "image/png", sitesync.Short},
		{"files/模板.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sitesync.Short},
		{"cafe.babe", "application/octet-stream", sitesync.Short},
		{"2021-report.html", "text/html; charset=utf-8", sitesync.Short},
	}
	for _, c := range cases {
		if got := sitesync.ContentType(c.name); got != c.ctype {
			t.Errorf("ContentType(%q) = %q, want %q", c.name, got, c.ctype)
		}
		if got := sitesync.CacheControl(c.name); got != c.cache {
			t.Errorf("CacheControl(%q) = %q, want %q", c.name, got, c.cache)
		}
	}
}

func site() fstest.MapFS {
	return fstest.MapFS{
		"index.html":                {Data: []byte("<!doctype html><title>驻校蹲班</title>新")},
		"404.html":                  {Data: []byte("<!doctype html><title>未找到</title>")},
		"forms/monthly/index.html":  {Data: []byte("<!doctype html><title>完成情况</title>")},
		"assets/app.3f9a1c2b7d.css": {Data: []byte("body{margin:0}")},
		"assets/app.0a1b2c3d4e.js":  {Data: []byte("'use strict';")},
		"search/index.json":         {Data: []byte(`{"docs":[]}`)},
		"img/logo.png":              {Data: []byte("\x89PNG\r\n\x1a\n")},
		".dunban-site":              {Data: []byte("generator marker, not served")},
		".git/HEAD":                 {Data: []byte("ref: refs/heads/main")},
	}
}

// recorder passes calls to a real S3 client and records which keys were put.
type recorder struct {
	sitesync.Client
	mu   sync.Mutex
	puts []string
	sent map[string]*s3.PutObjectInput
}

func (r *recorder) PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	r.mu.Lock()
	r.puts = append(r.puts, aws.ToString(in.Key))
	r.sent[aws.ToString(in.Key)] = in
	r.mu.Unlock()
	return r.Client.PutObject(ctx, in, opts...)
}

func put(t *testing.T, c *s3.Client, bucket, key, body string) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body),
	}); err != nil {
		t.Fatal(err)
	}
}

func TestSync(t *testing.T) {
	s3test.Both(t, testSync)
}

func testSync(t *testing.T, srv *s3test.Server) {
	ctx := context.Background()
	fsys := site()
	// The bucket holds an older deploy: a stale page, an unchanged 404 page
	// and an outdated home page. A neighbouring bucket must stay untouched.
	put(t, srv.Client, srv.Bucket, "old/page.html", "gone")
	put(t, srv.Client, srv.Bucket, "old/", "gone")
	put(t, srv.Client, srv.Bucket, "404.html", string(fsys["404.html"].Data))
	put(t, srv.Client, srv.Bucket, "index.html", "<!doctype html>旧")
	js := "assets/app.0a1b2c3d4e.js"
	if _, err := srv.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(js),
		Body: strings.NewReader(string(fsys[js].Data)), ContentType: aws.String(sitesync.ContentType(js)),
		CacheControl: aws.String(sitesync.CacheControl(js))}); err != nil {
		t.Fatal(err)
	}
	neighbour := srv.Bucket + "-other"
	if _, err := srv.Client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(neighbour)}); err != nil {
		t.Fatal(err)
	}
	put(t, srv.Client, neighbour, "submissions/form=monthly/x.csv", "a,b\n")

	rec := &recorder{Client: srv.Client, sent: map[string]*s3.PutObjectInput{}}
	keeps := keepsCacheControl(t, srv)
	var log strings.Builder
	s := &sitesync.Syncer{Client: rec, Bucket: srv.Bucket, Log: &log}
	res, err := s.Sync(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := sitesync.Plan(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range plan {
		want = append(want, f.Key)
		assertObject(t, srv.Client, srv.Bucket, f, fsys, keeps)
		if in := rec.sent[f.Key]; (in == nil && (f.Key != js || !keeps)) || in != nil && (aws.ToString(in.ContentType) != f.ContentType || aws.ToString(in.CacheControl) != f.CacheControl) {
			t.Errorf("%s: not uploaded with Content-Type %q and Cache-Control %q", f.Key, f.ContentType, f.CacheControl)
		}
	}
	if slices.ContainsFunc(want, func(k string) bool { return strings.HasPrefix(k, ".") }) {
		t.Errorf("hidden files are uploaded: %v", want)
	}
	if got := listKeys(t, srv.Client, srv.Bucket); !slices.Equal(got, want) {
		t.Errorf("bucket holds %v\nwant exactly %v", got, want)
	}
	if slices.Contains(res.Unchanged, "404.html") {
		t.Error("kept the old 404.html, which had the right body but the wrong headers")
	}
	if keeps && (!slices.Equal(res.Unchanged, []string{js}) || slices.Contains(rec.puts, js)) {
		t.Errorf("unchanged %s was uploaded again (puts %v, unchanged %v)", js, rec.puts, res.Unchanged)
	}
	if !slices.Equal(res.Deleted, []string{"old/", "old/page.html"}) {
		t.Errorf("deleted %v, want the two stale keys", res.Deleted)
	}
	if !slices.ContainsFunc(plan, func(f sitesync.File) bool { return f.Key == "forms/monthly/" }) {
		t.Error("no alias key forms/monthly/ for the pretty URL")
	}
	if got := listKeys(t, srv.Client, neighbour); !slices.Equal(got, []string{"submissions/form=monthly/x.csv"}) {
		t.Errorf("neighbouring bucket changed: %v", got)
	}
	// A second run finds nothing to do (where the server keeps Cache-Control).
	rec.puts = nil
	res, err = s.Sync(ctx, fsys)
	if err != nil || len(res.Deleted) != 0 || (keeps && len(rec.puts) != 0) {
		t.Errorf("second sync: err %v, puts %v, deleted %v; want nothing", err, rec.puts, res.Deleted)
	}
}

// keepsCacheControl reports whether the server stores Cache-Control
// (MinIO and S3 do; gofakes3 drops it, so there the requests are checked).
func keepsCacheControl(t *testing.T, srv *s3test.Server) bool {
	t.Helper()
	ctx := context.Background()
	key := "probe-cache-control"
	if _, err := srv.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(key),
		Body: strings.NewReader("x"), CacheControl: aws.String("max-age=1")}); err != nil {
		t.Fatal(err)
	}
	out, err := srv.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.CacheControl) == "" {
		t.Log("this S3 server does not store Cache-Control: checking the upload requests for it instead")
		return false
	}
	return true
}

func assertObject(t *testing.T, c *s3.Client, bucket string, f sitesync.File, fsys fstest.MapFS, keepsCacheControl bool) {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(f.Key)})
	if err != nil {
		t.Errorf("get %s: %v", f.Key, err)
		return
	}
	defer out.Body.Close()
	body, _ := io.ReadAll(out.Body)
	if string(body) != string(fsys[f.Source].Data) {
		t.Errorf("%s: body %q, want %q", f.Key, body, fsys[f.Source].Data)
	}
	if got := aws.ToString(out.ContentType); got != f.ContentType {
		t.Errorf("%s: Content-Type %q, want %q", f.Key, got, f.ContentType)
	}
	if got := aws.ToString(out.CacheControl); keepsCacheControl && got != f.CacheControl {
		t.Errorf("%s: Cache-Control %q, want %q", f.Key, got, f.CacheControl)
	}
}

func listKeys(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func TestDescribe(t *testing.T) {
	plan, err := sitesync.Plan(site())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := sitesync.Describe(&b, plan); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"forms/monthly/ ", "Content-Type: text/html; charset=utf-8  Cache-Control: public, max-age=300",
		"assets/app.3f9a1c2b7d.css", "Cache-Control: public, max-age=31536000, immutable",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry-run listing lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != len(plan) {
		t.Errorf("%d lines for %d files", n, len(plan))
	}
}

// TestAssetsFirstPagesLastOldAssetsKept checks a deploy never serves a page
// before what it names (assets are put first, pages last) and that pages
// cached before it still find their assets: the previous build's
// fingerprinted assets are deleted one deploy later, everything else at once.
func TestAssetsFirstPagesLastOldAssetsKept(t *testing.T) {
	srv := s3test.New(t)
	rec := &recorder{Client: srv.Client, sent: map[string]*s3.PutObjectInput{}}
	s := &sitesync.Syncer{Client: rec, Bucket: srv.Bucket, KeepPrevious: true, Parallel: 4}
	ctx := context.Background()
	if _, err := s.Sync(ctx, site()); err != nil {
		t.Fatal(err)
	}
	firstHTML := slices.IndexFunc(rec.puts, func(k string) bool { return strings.HasSuffix(k, ".html") || strings.HasSuffix(k, "/") })
	lastAsset := -1
	for i, k := range rec.puts {
		if sitesync.CacheControl(k) == sitesync.Immutable {
			lastAsset = i
		}
	}
	if firstHTML < 0 || lastAsset > firstHTML || rec.puts[len(rec.puts)-1] != sitesync.Manifest {
		t.Errorf("upload order %v: want assets, other files, pages, then the manifest", rec.puts)
	}

	next := site()
	delete(next, "assets/app.3f9a1c2b7d.css")
	delete(next, "img/logo.png")
	next["assets/app.9f8e7d6c5b.css"] = &fstest.MapFile{Data: []byte("body{margin:1px}")}
	res, err := s.Sync(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Kept, []string{"assets/app.3f9a1c2b7d.css"}) || !slices.Equal(res.Deleted, []string{"img/logo.png"}) {
		t.Errorf("second deploy kept %v deleted %v: want the old stylesheet kept, the unfingerprinted image deleted", res.Kept, res.Deleted)
	}
	res, err = s.Sync(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Kept) != 0 || !slices.Equal(res.Deleted, []string{"assets/app.3f9a1c2b7d.css"}) {
		t.Errorf("third deploy kept %v deleted %v: the old stylesheet goes one deploy later", res.Kept, res.Deleted)
	}
	// Emptied for a destroy (no KeepPrevious): nothing stays, manifest included.
	if _, err := (&sitesync.Syncer{Client: srv.Client, Bucket: srv.Bucket}).Sync(ctx, fstest.MapFS{}); err != nil {
		t.Fatal(err)
	}
	if keys := listKeys(t, srv.Client, srv.Bucket); len(keys) != 0 {
		t.Errorf("emptied bucket still holds %v", keys)
	}
}
