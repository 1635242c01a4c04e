package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

// eachStore runs fn against a Store on each S3 server s3test.Both offers.
func eachStore(t *testing.T, fn func(t *testing.T, st *s3store.Store)) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		fn(t, s3store.New(srv.Client, srv.Bucket))
	})
}

func TestCreateOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, st *s3store.Store) {
		ctx := context.Background()
		key := "submissions/form=case/year=2021/month=03/a.csv"
		if err := st.Create(ctx, key, []byte("一,二\n"), "text/csv; charset=utf-8"); err != nil {
			t.Fatal(err)
		}
		if err := st.Create(ctx, key, []byte("changed\n"), "text/csv"); !errors.Is(err, s3store.ErrExists) {
			t.Fatalf("second create: got %v, want ErrExists", err)
		}
		got, err := st.Get(ctx, key)
		if err != nil || string(got) != "一,二\n" {
			t.Fatalf("get = %q, %v; the first write must stay", got, err)
		}
		info, err := st.Stat(ctx, key)
		if err != nil || info.Size != int64(len("一,二\n")) || !strings.HasPrefix(info.ContentType, "text/csv") {
			t.Errorf("stat = %+v, %v", info, err)
		}
		if _, err := st.Get(ctx, "nope"); !errors.Is(err, s3store.ErrNotFound) {
			t.Errorf("get missing: %v", err)
		}
		if _, err := st.Stat(ctx, "nope"); !errors.Is(err, s3store.ErrNotFound) {
			t.Errorf("stat missing: %v", err)
		}
	})
}

func TestConcurrentCreateHasOneWinner(t *testing.T) {
	eachStore(t, func(t *testing.T, st *s3store.Store) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, exists := 0, 0
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.Create(context.Background(), "race.csv", []byte{byte('a' + i)}, "text/csv")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, s3store.ErrExists):
					exists++
				default:
					t.Errorf("create: %v", err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || exists != 15 {
			t.Errorf("wins=%d exists=%d, want 1 and 15", wins, exists)
		}
	})
}

// postFile sends a browser-style multipart upload as the portal's script does.
func postFile(t *testing.T, up s3store.Upload, contentType string, body []byte) int {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range up.Fields {
		if k == "Content-Type" {
			v = contentType
		}
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "报告.pdf")
	fw.Write(body)
	mw.Close()
	res, err := http.Post(up.URL, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestPresignUpload(t *testing.T) {
	eachStore(t, func(t *testing.T, st *s3store.Store) {
		ctx := context.Background()
		key := "uploads/report/2021/06/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.pdf"
		pol := s3store.UploadPolicy{ContentType: "application/pdf", MaxBytes: 64, TTL: 10 * time.Minute}
		up, err := st.PresignUpload(ctx, key, pol, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if up.Fields["key"] != key || up.Fields["policy"] == "" || up.Fields["X-Amz-Signature"] == "" {
			t.Fatalf("fields = %v", up.Fields)
		}
		pdf := []byte("%PDF-1.7 small report")
		if code := postFile(t, up, "application/pdf", pdf); code/100 != 2 {
			t.Fatalf("upload status %d", code)
		}
		got, err := st.Get(ctx, key)
		if err != nil || !bytes.Equal(got, pdf) {
			t.Fatalf("uploaded object = %q, %v", got, err)
		}
		if !strings.HasSuffix(t.Name(), "minio") {
			return // gofakes3 does not enforce POST policies; MinIO does, as S3.
		}
		key2 := strings.Replace(key, ".pdf", "-2.pdf", 1)
		up2, _ := st.PresignUpload(ctx, key2, pol, time.Now())
		if code := postFile(t, up2, "application/pdf", bytes.Repeat([]byte("x"), 65)); code/100 == 2 {
			t.Errorf("oversized upload accepted")
		}
		if code := postFile(t, up2, "text/html", pdf); code/100 == 2 {
			t.Errorf("upload with another content type accepted")
		}
	})
}
