package collect

import (
	"net/http/httptest"
	"testing"
)

// TestSelfURL checks the address S3 sends a no-JS report upload back to:
// behind CloudFront (which passes the API's own Host) it is on the portal.
func TestSelfURL(t *testing.T) {
	for _, c := range []struct{ portal, host, uri, want string }{
		{"https://dunban.example.cn", "abc.execute-api.cn-northwest-1.amazonaws.com.cn", "/api/receipt/report/x?a=1", "https://dunban.example.cn/api/receipt/report/x"},
		{"https://d111.cloudfront.net/", "abc.execute-api.ap-east-1.amazonaws.com", "/api/receipt/report/x", "https://d111.cloudfront.net/api/receipt/report/x"},
		{"", "127.0.0.1:8080", "/api/receipt/report/x", "http://127.0.0.1:8080/api/receipt/report/x"},
	} {
		r := httptest.NewRequest("GET", c.uri, nil)
		r.Host = c.host
		if got := (&Handler{Portal: c.portal}).selfURL(r); got != c.want {
			t.Errorf("portal %q host %q: %s, want %s", c.portal, c.host, got, c.want)
		}
	}
}
