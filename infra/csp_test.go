package infra_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/lambda/s3store"
)

// TestCSPAllowsThePresignedUploadOrigin checks, in each partition, that the
// portal's CSP lets the report form post to the very origin the collector's
// presigned POST points at (same client construction as the collector's main)
// and to its own origin, which serves the API under /api/, and to nothing
// else: not the API's own execute-api address.
func TestCSPAllowsThePresignedUploadOrigin(t *testing.T) {
	tpl := parse(t, infra.Template)
	p, err := tpl.Typed.GetCloudFrontResponseHeadersPolicyWithName("SiteResponseHeadersPolicy")
	if err != nil {
		t.Fatal(err)
	}
	in, ok := cfn.Decode(p.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)
	if !ok || in.Name != "Fn::Sub" {
		t.Fatal("the CSP is not an Fn::Sub")
	}
	const bucket = "dunban-submissionsbucket-1a2b3c4d5e6f"
	for _, c := range []struct{ region, suffix string }{
		{"cn-northwest-1", "amazonaws.com.cn"}, {"cn-north-1", "amazonaws.com.cn"}, {"ap-east-1", "amazonaws.com"}, {"us-east-1", "amazonaws.com"},
	} {
		t.Run(c.region, func(t *testing.T) {
			api := "https://abc123.execute-api." + c.region + "." + c.suffix
			csp, err := cfn.Eval(map[string]any{"Fn::Sub": in.Arg}, cfn.Values{
				"HttpApi.ApiEndpoint": api, "SubmissionsBucket": bucket, "AWS::Region": c.region, "AWS::URLSuffix": c.suffix,
			})
			if err != nil {
				t.Fatal(err)
			}
			client := s3store.New(s3store.NewClient(s3store.Endpoint{Region: c.region, AccessKey: "AKID", SecretKey: "secret"}), bucket)
			up, err := client.PresignUpload(context.Background(), "uploads/x.pdf",
				s3store.UploadPolicy{ContentType: "application/pdf", MaxBytes: 1 << 20, TTL: time.Minute}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(up.URL)
			if err != nil {
				t.Fatal(err)
			}
			origin := u.Scheme + "://" + u.Host
			t.Logf("presigned POST to %s", origin)
			for _, directive := range []string{"form-action", "connect-src"} {
				if got := sources(csp, directive); !slices.Equal(got, []string{"'self'", origin}) {
					t.Errorf("CSP %s allows %v, want 'self' (the API is /api/ there) and the upload origin %s, never %s:\n%s", directive, got, origin, api, csp)
				}
			}
		})
	}
}

func sources(csp, directive string) []string {
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == directive {
			return f[1:]
		}
	}
	return nil
}
