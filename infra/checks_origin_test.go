package infra_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"dunban/infra/cfn"
)

// apiBehindCloudFront checks the one origin: CloudFront sends /api/* to the
// HTTP API, every method, nothing cached, never the Host header, with the
// portal's security headers.
func apiBehindCloudFront(tpl *cfn.Template) (bad []string) {
	d, err := tpl.Typed.GetCloudFrontDistributionWithName("Distribution")
	if err != nil {
		return []string{err.Error()}
	}
	var origin bool
	for _, o := range d.DistributionConfig.Origins {
		if o.Id == "api" {
			origin = true
			if cfn.Show(o.DomainName) != "!Sub ${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}" || o.CustomOriginConfig == nil ||
				o.CustomOriginConfig.OriginProtocolPolicy != "https-only" || o.S3OriginConfig != nil {
				bad = append(bad, "origin api must be the HTTP API's own address over HTTPS")
			}
		}
	}
	if !origin {
		bad = append(bad, "no origin api")
	}
	behaviours := d.DistributionConfig.CacheBehaviors
	if len(behaviours) != 1 || behaviours[0].PathPattern != "/api/*" || behaviours[0].TargetOriginId != "api" {
		return append(bad, "want one cache behaviour: /api/* to the origin api")
	}
	b := behaviours[0]
	if !slices.Equal(b.AllowedMethods, []string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}) {
		bad = append(bad, fmt.Sprintf("/api/* must allow every method (forms POST), got %v", b.AllowedMethods))
	}
	if b.ViewerProtocolPolicy != "https-only" {
		bad = append(bad, "/api/* must be https-only (a redirect would lose a POST's body)")
	}
	if cfn.Show(deref(b.ResponseHeadersPolicyId)) != "!Ref SiteResponseHeadersPolicy" {
		bad = append(bad, "/api/* must keep the portal's security headers")
	}
	if cfn.Show(deref(b.CachePolicyId)) != "!Ref ApiCachePolicy" || cfn.Show(deref(b.OriginRequestPolicyId)) != "!Ref ApiOriginRequestPolicy" {
		return append(bad, "/api/* must use ApiCachePolicy and ApiOriginRequestPolicy")
	}
	return append(bad, apiPolicies(tpl)...)
}

func apiPolicies(tpl *cfn.Template) (bad []string) {
	cp, err := tpl.Typed.GetCloudFrontCachePolicyWithName("ApiCachePolicy")
	if err != nil {
		return []string{err.Error()}
	}
	c := cp.CachePolicyConfig
	if c.DefaultTTL != 0 || c.MinTTL != 0 || c.MaxTTL > 1 {
		bad = append(bad, fmt.Sprintf("the API must not be cached: TTLs %v/%v/%v", c.MinTTL, c.DefaultTTL, c.MaxTTL))
	}
	if k := c.ParametersInCacheKeyAndForwardedToOrigin; k.QueryStringsConfig.QueryStringBehavior != "all" ||
		!slices.Equal(k.HeadersConfig.Headers, []string{"Authorization"}) {
		bad = append(bad, "the API key must carry every query string and Authorization (the admin page's token)")
	}
	op, err := tpl.Typed.GetCloudFrontOriginRequestPolicyWithName("ApiOriginRequestPolicy")
	if err != nil {
		return append(bad, err.Error())
	}
	h := op.OriginRequestPolicyConfig.HeadersConfig
	if h.HeaderBehavior != "whitelist" || slices.ContainsFunc(h.Headers, func(s string) bool { return strings.EqualFold(s, "Host") }) {
		bad = append(bad, "the API origin must never get the viewer's Host (API Gateway routes by its own name)")
	}
	for _, need := range []string{"Content-Type", "Origin", "User-Agent"} {
		if !slices.Contains(h.Headers, need) {
			bad = append(bad, "the API origin does not get "+need)
		}
	}
	return bad
}

// versions checks each function is published as a version per Release and
// reached only through its alias "live".
func versions(tpl *cfn.Template) (bad []string) {
	for _, fn := range []string{"Collector", "Admin"} {
		v, err := tpl.Typed.GetLambdaVersionWithName(fn + "Version")
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		if cfn.Show(v.FunctionName) != "!Ref "+fn+"Function" || !strings.Contains(cfn.Show(deref(v.Description)), "${Release}") {
			bad = append(bad, fn+"Version must publish "+fn+"Function anew for each Release")
		}
		a, err := tpl.Typed.GetLambdaAliasWithName(fn + "Alias")
		if err != nil || a.Name != "live" || cfn.Show(a.FunctionVersion) != "!GetAtt "+fn+"Version.Version" {
			bad = append(bad, fn+"Alias must be live, on "+fn+"Version")
		}
		in, err := tpl.Typed.GetApiGatewayV2IntegrationWithName(fn + "Integration")
		if err != nil || cfn.Show(deref(in.IntegrationUri)) != "!Ref "+fn+"Alias" {
			bad = append(bad, fn+"Integration must call the alias")
		}
		p, err := tpl.Typed.GetLambdaPermissionWithName(fn + "InvokePermission")
		if err != nil || cfn.Show(p.FunctionName) != "!Ref "+fn+"Alias" {
			bad = append(bad, fn+"InvokePermission must be on the alias")
		}
	}
	return bad
}

// uniqueNames checks that every name the template sets is unique per
// account and region: CloudFront's are account-wide, so they carry the
// region; the rest carry the stack name.
func uniqueNames(tpl *cfn.Template) (bad []string) {
	vals := cfn.Values{"AWS::StackName": "dunban-test", "AWS::Region": "cn-northwest-1", "GlueDatabaseName": ""}
	names := map[string]string{}
	for name, res := range tpl.Section("Resources") {
		r, _ := res.(map[string]any)
		props, _ := r["Properties"].(map[string]any)
		t, _ := r["Type"].(string)
		var v any
		switch t {
		case "AWS::CloudFront::CachePolicy":
			v = props["CachePolicyConfig"].(map[string]any)["Name"]
		case "AWS::CloudFront::OriginRequestPolicy":
			v = props["OriginRequestPolicyConfig"].(map[string]any)["Name"]
		case "AWS::CloudFront::ResponseHeadersPolicy":
			v = props["ResponseHeadersPolicyConfig"].(map[string]any)["Name"]
		case "AWS::CloudFront::OriginAccessControl":
			v = props["OriginAccessControlConfig"].(map[string]any)["Name"]
		case "AWS::Glue::Database":
			v = props["DatabaseInput"].(map[string]any)["Name"]
		case "AWS::Lambda::Function", "AWS::Athena::WorkGroup", "AWS::ApiGatewayV2::Api":
			v = props[map[string]string{"AWS::Lambda::Function": "FunctionName"}[t]]
			if v == nil {
				v = props["Name"]
			}
		default:
			continue
		}
		s, err := tpl.Value(v, vals)
		if err != nil {
			bad = append(bad, name+": "+err.Error())
			continue
		}
		names[name] = s
		global := strings.HasPrefix(t, "AWS::CloudFront::")
		switch {
		case t == "AWS::Glue::Database" && s != "dunban_test":
			bad = append(bad, name+": the database must derive from the stack name (dunban_test), got "+s)
		case global && !strings.Contains(s, "cn-northwest-1"):
			bad = append(bad, fmt.Sprintf("%s: CloudFront names are account-wide; %q lacks the region", name, s))
		case t != "AWS::Glue::Database" && !strings.Contains(s, "dunban-test"):
			bad = append(bad, fmt.Sprintf("%s: %q lacks the stack name", name, s))
		}
	}
	seen := map[string]string{}
	for _, n := range slices.Sorted(maps.Keys(names)) {
		if other, dup := seen[names[n]]; dup && !strings.HasPrefix(n, "Site") == strings.HasPrefix(other, "Site") {
			bad = append(bad, fmt.Sprintf("%s and %s share the name %s", n, other, names[n]))
		}
		seen[names[n]] = n
	}
	return bad
}

// chinaRule checks the template itself refuses a China stack without an
// ICP-filed domain and its IAM certificate, or with under six months of logs,
// and lets a global one through.
func chinaRule(tpl *cfn.Template) (bad []string) {
	for _, c := range []struct {
		region, domain, cert, retention string
		want                            int // broken assertions
	}{
		{"cn-northwest-1", "", "", "", 2},
		{"cn-north-1", "dunban.example.cn", "", "", 2}, // also the general certificate rule
		{"cn-northwest-1", "dunban.example.cn", "ASCAEXAMPLE", "", 0},
		{"cn-northwest-1", "dunban.example.cn", "ASCAEXAMPLE", "30", 1},
		{"ap-east-1", "", "", "90", 0},
	} {
		vals := cfn.Values{"AWS::Region": c.region, "PortalDomain": c.domain, "IamCertificateId": c.cert}
		if c.retention != "" {
			vals["LogRetentionDays"] = c.retention
		}
		broken, err := tpl.BrokenRules(vals)
		if err != nil {
			return append(bad, err.Error())
		}
		if len(broken) != c.want {
			bad = append(bad, fmt.Sprintf("%s domain %q cert %q retention %q: rules refuse %d times, want %d: %v",
				c.region, c.domain, c.cert, c.retention, len(broken), c.want, broken))
		}
	}
	return bad
}
