package s3post

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// policy is a decoded POST policy document.
type policy struct {
	Expiration string `json:"expiration"`
	Conditions []any  `json:"conditions"`
}

// sizeRange is a content-length-range condition; max < 0 means none.
type sizeRange struct{ min, max int64 }

// verify checks the fields' signature and returns the policy they carry.
// fields have lower-case names.
func verify(fields map[string]string, secret func(string) (string, bool)) (policy, *s3Error) {
	var p policy
	enc := fields["policy"]
	if enc == "" {
		return p, denied("Bucket POST must contain a field named 'policy'.")
	}
	if fields["x-amz-algorithm"] != "AWS4-HMAC-SHA256" {
		return p, &s3Error{400, "InvalidRequest", "Only AWS4-HMAC-SHA256 signed POSTs are accepted."}
	}
	// x-amz-credential: <access key>/<yyyymmdd>/<region>/s3/aws4_request
	scope := strings.Split(fields["x-amz-credential"], "/")
	if len(scope) != 5 || scope[3] != "s3" || scope[4] != "aws4_request" {
		return p, &s3Error{400, "AuthorizationQueryParametersError", "Invalid x-amz-credential."}
	}
	key, ok := secret(scope[0])
	if !ok {
		return p, &s3Error{403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."}
	}
	want := signature(key, scope[1], scope[2], enc)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(fields["x-amz-signature"]))) != 1 {
		return p, &s3Error{403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."}
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || json.Unmarshal(raw, &p) != nil {
		return p, &s3Error{400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON."}
	}
	return p, nil
}

// signature is the hex HMAC-SHA256 of the encoded policy under the SigV4
// signing key of the credential's day and region.
func signature(secret, day, region, enc string) string {
	k := mac([]byte("AWS4"+secret), day)
	for _, part := range []string{region, "s3", "aws4_request"} {
		k = mac(k, part)
	}
	return hex.EncodeToString(mac(k, enc))
}

func mac(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// check holds the form's fields against the policy: not expired, every
// condition met, every field (but the exempt ones) named by a condition.
// It returns the size range the file must fall in.
func (p policy) check(fields map[string]string, bucket string, now time.Time) (sizeRange, *s3Error) {
	size := sizeRange{0, -1}
	exp, err := time.Parse(time.RFC3339, p.Expiration)
	if err != nil {
		return size, &s3Error{400, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value."}
	}
	if !now.Before(exp) {
		return size, denied("Invalid according to Policy: Policy expired.")
	}
	covered := map[string]bool{}
	for _, c := range p.Conditions {
		name, e := condition(c, fields, bucket, &size)
		if e != nil {
			return size, e
		}
		covered[name] = true
	}
	for name := range fields {
		if exempt(name) || covered[name] {
			continue
		}
		return size, denied(fmt.Sprintf("Invalid according to Policy: Extra input fields: %s", name))
	}
	return size, nil
}

// exempt names the fields a policy need not mention.
func exempt(name string) bool {
	return name == "policy" || name == "x-amz-signature" || name == "file" || strings.HasPrefix(name, "x-ignore-")
}

// condition checks one condition and returns the field it covers.
func condition(c any, fields map[string]string, bucket string, size *sizeRange) (string, *s3Error) {
	value := func(name string) string {
		if name == "bucket" {
			return bucket
		}
		return fields[name]
	}
	bad := func() (string, *s3Error) {
		b, _ := json.Marshal(c)
		return "", denied("Invalid according to Policy: Policy Condition failed: " + string(b))
	}
	switch c := c.(type) {
	case map[string]any:
		if len(c) != 1 {
			return bad()
		}
		for k, v := range c {
			s, ok := v.(string)
			name := strings.ToLower(k)
			if !ok || value(name) != s {
				return bad()
			}
			return name, nil
		}
	case []any:
		if len(c) != 3 {
			return bad()
		}
		op, _ := c[0].(string)
		if strings.EqualFold(op, "content-length-range") {
			lo, ok1 := c[1].(float64)
			hi, ok2 := c[2].(float64)
			if !ok1 || !ok2 || lo < 0 || hi < lo {
				return bad()
			}
			*size = sizeRange{int64(lo), int64(hi)}
			return "", nil
		}
		ref, _ := c[1].(string)
		want, ok := c[2].(string)
		name := strings.ToLower(strings.TrimPrefix(ref, "$"))
		if !ok || !strings.HasPrefix(ref, "$") {
			return bad()
		}
		switch strings.ToLower(op) {
		case "eq":
			if value(name) != want {
				return bad()
			}
		case "starts-with":
			if !strings.HasPrefix(value(name), want) {
				return bad()
			}
		default:
			return bad()
		}
		return name, nil
	}
	return bad()
}
