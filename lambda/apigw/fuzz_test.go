package apigw_test

import (
	"context"
	"encoding/base64"
	"io"
	"testing"

	"dunban/lambda/apigw"

	"github.com/aws/aws-lambda-go/events"
)

// FuzzRequest checks that no event makes the adapter panic and that a body
// arrives as it was sent, base64 or not.
func FuzzRequest(f *testing.F) {
	f.Add("/submit/monthly", "a=1&b=%E4%B8%AD", "unit=x", true, "$default")
	f.Add("/prod/receipt/x/y", "", "", false, "prod")
	f.Add("//evil", "%zz", "\xff", false, "")
	f.Add("", "", "", true, "prod")
	f.Fuzz(func(t *testing.T, path, query, body string, b64 bool, stage string) {
		ev := events.APIGatewayV2HTTPRequest{RawPath: path, RawQueryString: query, Body: body, IsBase64Encoded: b64}
		ev.RequestContext.Stage = stage
		if b64 {
			ev.Body = base64.StdEncoding.EncodeToString([]byte(body))
		}
		r, err := apigw.Request(context.Background(), ev)
		if err != nil {
			return
		}
		got, _ := io.ReadAll(r.Body)
		if string(got) != body {
			t.Fatalf("body %q arrived as %q", body, got)
		}
		if r.URL.Path == "" || r.URL.Path[0] != '/' {
			t.Fatalf("path %q from %q", r.URL.Path, path)
		}
	})
}
