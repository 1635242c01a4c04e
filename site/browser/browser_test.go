package browser

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestNewRendersLocalPage(t *testing.T) {
	t.Parallel()
	ctx := New(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="zh-CN"><title>测试</title><h1 id="h">驻校蹲班</h1>`))
	}))
	defer srv.Close()
	var h1 string
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL), chromedp.Text("#h", &h1)); err != nil {
		t.Fatal(err)
	}
	if h1 != "驻校蹲班" {
		t.Errorf("h1 = %q, want 驻校蹲班", h1)
	}
	png, err := Screenshot(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("screenshot is not a PNG")
	}
}
