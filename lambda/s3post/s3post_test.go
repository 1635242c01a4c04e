package s3post_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"dunban/lambda/s3post"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

const pdf = "application/pdf"

// field is one form field, in the order the browser sends it.
type field struct{ name, value string }

// post sends a browser upload: the fields, then the file (unless nil).
func post(t *testing.T, target string, fields []field, file []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f.name, f.value)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "报告.pdf")
		fw.Write(file)
	}
	mw.Close()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Post(target, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res
}

// signed returns the fields of a fresh presigned POST, key first.
func signed(t *testing.T, st *s3store.Store, key string, p s3store.UploadPolicy) (string, []field) {
	t.Helper()
	up, err := st.PresignUpload(context.Background(), key, p, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fields := []field{{"key", up.Fields["key"]}}
	for k, v := range up.Fields {
		if k != "key" {
			fields = append(fields, field{k, v})
		}
	}
	return up.URL, fields
}

func set(fields []field, name, value string) []field {
	out := append([]field(nil), fields...)
	for i := range out {
		if strings.EqualFold(out[i].name, name) {
			out[i].value = value
			return out
		}
	}
	return append(out, field{name, value})
}

// TestUploadOutsidePolicyRefused posts uploads that break the signed policy
// in one way each: every one is refused and nothing is stored; the one
// within it is stored with its content type. MinIO, when configured, must
// give the same answers (but for create-once, which S3 POSTs lack).
func TestUploadOutsidePolicyRefused(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		st := s3store.New(srv.Client, srv.Bucket)
		minio := strings.HasSuffix(t.Name(), "/minio")
		pol := s3store.UploadPolicy{ContentType: pdf, MaxBytes: 64, TTL: time.Minute}
		ok := []byte("%PDF-1.4 small")
		cases := []struct {
			name   string
			edit   func(fields []field) []field
			file   []byte
			status int
		}{
			{"another key", func(f []field) []field { return set(f, "key", "uploads/report/other.pdf") }, ok, 403},
			{"another content type", func(f []field) []field { return set(f, "Content-Type", "text/html") }, ok, 403},
			{"too large", nil, bytes.Repeat([]byte("x"), 65), 400},
			{"empty", nil, []byte{}, 400},
			{"no file", nil, nil, 400},
			{"a field the policy does not name", func(f []field) []field { return set(f, "x-amz-meta-owner", "x") }, ok, 403},
			{"policy altered", func(f []field) []field { return set(f, "policy", alter(t, f)) }, ok, 403},
			{"signature altered", func(f []field) []field { return set(f, "X-Amz-Signature", strings.Repeat("0", 64)) }, ok, 403},
			{"unknown access key", func(f []field) []field {
				return set(f, "X-Amz-Credential", strings.Replace(get(f, "X-Amz-Credential"), srv.AccessKey, "nobody", 1))
			}, ok, 403},
		}
		for _, c := range cases {
			key := "uploads/pending/" + strings.ReplaceAll(c.name, " ", "-") + ".pdf"
			target, fields := signed(t, st, key, pol)
			if c.edit != nil {
				fields = c.edit(fields)
			}
			// The embedded store answers as S3 documents; MinIO's exact
			// codes may differ, but it must refuse.
			res := post(t, target, fields, c.file)
			if res.StatusCode != c.status && !(minio && res.StatusCode/100 == 4) {
				b, _ := io.ReadAll(res.Body)
				t.Errorf("%s: %d, want %d: %s", c.name, res.StatusCode, c.status, b)
			}
			if _, err := st.Stat(context.Background(), key); !errors.Is(err, s3store.ErrNotFound) {
				t.Errorf("%s: stored anyway (%v)", c.name, err)
			}
		}
		key := "uploads/pending/ok.pdf"
		target, fields := signed(t, st, key, pol)
		if res := post(t, target, fields, ok); res.StatusCode != 204 {
			t.Fatalf("within the policy: %d", res.StatusCode)
		}
		if info, err := st.Stat(context.Background(), key); err != nil || info.Size != int64(len(ok)) || info.ContentType != pdf {
			t.Errorf("stored %+v, %v", info, err)
		}
	})
}

func get(fields []field, name string) string {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

// alter widens the signed policy's size range without signing it again.
func alter(t *testing.T, fields []field) string {
	raw, err := base64.StdEncoding.DecodeString(get(fields, "policy"))
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(bytes.Replace(raw, []byte(",64]"), []byte(",6400]"), 1))
}

// TestRedirectAndCreateOnce: a plain HTML form upload is sent on to
// success_action_redirect with bucket, key and ETag; a second upload to the
// same key is refused and the first file kept; another redirect than the
// signed one is refused; an expired policy is refused.
func TestRedirectAndCreateOnce(t *testing.T) {
	backend := s3mem.New()
	checker := s3post.New(gofakes3.New(backend).Server(), backend, "k", "s")
	ts := httptest.NewServer(checker)
	t.Cleanup(ts.Close)
	srv := s3test.NewClient(ts.URL, "k", "s")
	st := s3store.New(srv, "bucket")
	if err := st.CreateBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	back := "https://portal.example.cn/api/receipt/report/abc"
	pol := s3store.UploadPolicy{ContentType: pdf, MaxBytes: 64, TTL: time.Hour, Redirect: back}
	key := "uploads/pending/x/1.pdf"
	target, fields := signed(t, st, key, pol)

	if res := post(t, target, set(fields, "success_action_redirect", "https://evil.example/"), []byte("%PDF")); res.StatusCode != 403 {
		t.Errorf("another redirect: %d", res.StatusCode)
	}
	res := post(t, target, fields, []byte("%PDF first"))
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != 303 || loc == nil || !strings.HasPrefix(loc.String(), back+"?") ||
		loc.Query().Get("key") != key || loc.Query().Get("bucket") != "bucket" || loc.Query().Get("etag") != res.Header.Get("ETag") {
		t.Fatalf("redirect: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := post(t, target, fields, []byte("%PDF second")); res.StatusCode != 412 {
		t.Errorf("second upload to the same key: %d", res.StatusCode)
	}
	if b, err := st.Get(context.Background(), key); err != nil || string(b) != "%PDF first" {
		t.Errorf("kept %q, %v", b, err)
	}

	checker.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	target, fields = signed(t, st, "uploads/pending/x/2.pdf", pol)
	if res := post(t, target, fields, []byte("%PDF")); res.StatusCode != 403 || !strings.Contains(readAll(res), "expired") {
		t.Errorf("expired policy: %d", res.StatusCode)
	}
	// Anything but a browser upload goes on to the server.
	if b, err := st.Get(context.Background(), key); err != nil || len(b) == 0 {
		t.Errorf("get through the checker: %v", err)
	}
}

func readAll(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
