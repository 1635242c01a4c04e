package apigw_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"dunban/lambda/apigw"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// seen is what the handler under test observed of its request.
type seen struct {
	Method, Path, RawQuery, Host, Remote, Body, Cookie, ContentType, Origin string
}

func invoke(t *testing.T, h http.Handler, file string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	payload, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out, err := lambda.NewHandler(apigw.Handler(h)).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("invoke %s: %v", file, err)
	}
	var res events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("decode response: %v\n%s", err, out)
	}
	return res
}

func recordingHandler(got *seen) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*got = seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Host, r.RemoteAddr, string(b),
			r.Header.Get("Cookie"), r.Header.Get("Content-Type"), r.Header.Get("Origin")}
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		http.SetCookie(w, &http.Cookie{Name: "t", Value: "2"})
		w.Header().Add("Vary", "Origin")
		w.Header().Add("Vary", "Accept")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusSeeOther)
		io.WriteString(w, "已收到")
	})
}

func TestRequestFromEvents(t *testing.T) {
	tests := []struct {
		file string
		want seen
	}{
		{"testdata/post-base64.json", seen{
			Method: "POST", Path: "/submit/monthly", RawQuery: "lang=zh&x=%E4%B8%AD",
			Host: "abc123.execute-api.cn-north-1.amazonaws.com.cn", Remote: "203.0.113.9",
			Body: "name=%E5%BC%A0%E4%B8%89", Cookie: "a=1; b=2",
			ContentType: "application/x-www-form-urlencoded", Origin: "https://dunban.example.cn"}},
		{"testdata/get-stage.json", seen{
			Method: "GET", Path: "/receipt/case/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
			Host: "api.dunban.example.cn", Remote: "198.51.100.7"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var got seen
			res := invoke(t, recordingHandler(&got), tt.file)
			if got != tt.want {
				t.Errorf("request seen by handler:\n got %+v\nwant %+v", got, tt.want)
			}
			if res.StatusCode != http.StatusSeeOther || res.Body != "已收到" || res.IsBase64Encoded {
				t.Errorf("response = %d %q base64=%v", res.StatusCode, res.Body, res.IsBase64Encoded)
			}
			if strings.Join(res.Cookies, ";") != "s=1;t=2" {
				t.Errorf("cookies = %q", res.Cookies)
			}
			if res.Headers["Vary"] != "Origin, Accept" {
				t.Errorf("Vary = %q", res.Headers["Vary"])
			}
		})
	}
}

func TestBinaryResponseIsBase64(t *testing.T) {
	bin := []byte{0x50, 0x4b, 0x03, 0x04, 0x00, 0xff}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/zip")
		w.Write(bin)
	})
	res := invoke(t, h, "testdata/get-stage.json")
	if !res.IsBase64Encoded {
		t.Fatal("binary body not marked base64")
	}
	got, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil || string(got) != string(bin) {
		t.Errorf("body = %v, %v", got, err)
	}
	if res.StatusCode != 200 {
		t.Errorf("status = %d", res.StatusCode)
	}
}

func TestIsTextByContentType(t *testing.T) {
	tests := map[string]bool{
		"":                         true,
		"text/html; charset=utf-8": true,
		"application/json":         true,
		"text/csv; charset=gbk":    false,
		"application/pdf":          false,
		"application/problem+json": true,
		"application/octet-stream": false,
		"not a / valid ; type=":    false,
	}
	for ct, want := range tests {
		w := apigw.NewResponseWriter()
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(200)
		if got := !w.Response().IsBase64Encoded; got != want {
			t.Errorf("%q: text = %v, want %v", ct, got, want)
		}
	}
}

func TestBadBase64Fails(t *testing.T) {
	ev := events.APIGatewayV2HTTPRequest{RawPath: "/x", Body: "%%%", IsBase64Encoded: true}
	if _, err := apigw.Serve(context.Background(), http.NotFoundHandler(), ev); err == nil {
		t.Fatal("want error for invalid base64 body")
	}
}

func TestEventInContext(t *testing.T) {
	ev := events.APIGatewayV2HTTPRequest{RawPath: "/x"}
	ev.RequestContext.RequestID = "rid-1"
	var got string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, _ := apigw.Event(r.Context())
		got = e.RequestContext.RequestID
	})
	if _, err := apigw.Serve(context.Background(), h, ev); err != nil {
		t.Fatal(err)
	}
	if got != "rid-1" {
		t.Errorf("request id = %q", got)
	}
}
