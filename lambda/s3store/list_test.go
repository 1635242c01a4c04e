package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"dunban/lambda/s3store"
)

// TestList lists more keys than one page holds, in order, only under the
// prefix, and stops when the callback fails.
func TestList(t *testing.T) {
	eachStore(t, func(t *testing.T, st *s3store.Store) {
		ctx := context.Background()
		const n = 2100
		var wg sync.WaitGroup
		sem := make(chan struct{}, 16)
		for i := range n {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if err := st.Create(ctx, fmt.Sprintf("submissions/form=case/year=2021/month=03/%05d.csv", i), []byte("x"), "text/csv"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		st.Create(ctx, "submissions/form=case/year=2021/month=04/other.csv", []byte("y"), "text/csv")
		var keys []string
		err := st.List(ctx, "submissions/form=case/year=2021/month=03/", func(k string, size int64) error {
			if size != 1 {
				t.Errorf("%s: size %d", k, size)
			}
			keys = append(keys, k)
			return nil
		})
		if err != nil || len(keys) != n || keys[0] > keys[n-1] || strings.Contains(strings.Join(keys, ""), "other") {
			t.Fatalf("listed %d keys (%v)", len(keys), err)
		}
		stop := errors.New("stop")
		if err := st.List(ctx, "submissions/", func(string, int64) error { return stop }); !errors.Is(err, stop) {
			t.Errorf("callback error: %v", err)
		}
	})
}

// TestPutFilePresignGet stores a file and downloads it through a presigned
// URL that names the saved file.
func TestPutFilePresignGet(t *testing.T) {
	eachStore(t, func(t *testing.T, st *s3store.Store) {
		ctx := context.Background()
		body := []byte("PK\x03\x04 a zip")
		disp := `attachment; filename*=utf-8''%E5%8C%85%E5%A4%B4.zip`
		if err := st.PutFile(ctx, "bundles/2021-07-20/x.zip", bytes.NewReader(body), int64(len(body)), "application/zip", disp); err != nil {
			t.Fatal(err)
		}
		url, err := st.PresignGet(ctx, "bundles/2021-07-20/x.zip", time.Hour, disp)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(url, "X-Amz-Expires=900") {
			t.Errorf("TTL not capped at 15 minutes: %s", url)
		}
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !bytes.Equal(got, body) || resp.Header.Get("Content-Disposition") != disp {
			t.Errorf("download: %d %q, disposition %q", resp.StatusCode, got, resp.Header.Get("Content-Disposition"))
		}
	})
}
