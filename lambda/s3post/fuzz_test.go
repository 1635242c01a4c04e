package s3post

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// FuzzPolicy feeds arbitrary policy documents and a key through the
// signature and policy checks: they never panic, and a policy whose key
// condition names another key is never accepted.
func FuzzPolicy(f *testing.F) {
	f.Add(`{"expiration":"2030-01-01T00:00:00Z","conditions":[{"bucket":"b"},["content-length-range",1,64],["eq","$key","k"]]}`, "k")
	f.Add(`{"expiration":"2030-01-01T00:00:00Z","conditions":[["starts-with","$key",""]]}`, "x")
	f.Add(`{"conditions":[[1,2,3],{"a":1},null]}`, "")
	f.Fuzz(func(t *testing.T, doc, key string) {
		enc := base64.StdEncoding.EncodeToString([]byte(doc))
		fields := map[string]string{"policy": enc, "key": key, "x-amz-algorithm": "AWS4-HMAC-SHA256",
			"x-amz-credential": "k/20300101/us-east-1/s3/aws4_request", "x-amz-date": "20300101T000000Z",
			"x-amz-signature": signature("s", "20300101", "us-east-1", enc)}
		p, e := verify(fields, func(id string) (string, bool) { return "s", id == "k" })
		if e != nil {
			return
		}
		_, e = p.check(fields, "b", time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC))
		if e != nil {
			return
		}
		var pol struct{ Conditions []any }
		json.Unmarshal([]byte(doc), &pol)
		for _, c := range pol.Conditions {
			if m, ok := c.(map[string]any); ok && len(m) == 1 {
				if v, ok := m["key"].(string); ok && v != key {
					t.Fatalf("accepted key %q under a policy naming %q", key, v)
				}
			}
		}
	})
}
