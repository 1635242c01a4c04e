package infra_test

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/lambda/record"
)

func parse(t *testing.T, data []byte) *cfn.Template {
	t.Helper()
	tpl, err := cfn.Parse(data)
	if err != nil {
		t.Fatalf("template does not parse: %v", err)
	}
	return tpl
}

// check is one property the template must have; it returns every problem.
type check struct {
	name string
	fn   func(*cfn.Template) []string
}

var checks = []check{
	{"every bucket private", bucketsPrivate},
	{"every bucket TLS-only", bucketsTLSOnly},
	{"submissions bucket kept safe", submissionsBucket},
	{"personal data kept as the notice says", retention},
	{"erasure only through the erase role", erasure},
	{"site served through OAC", siteThroughOAC},
	{"distribution HTTPS, compressed, 404 page", distribution},
	{"one origin: the API under /api/", apiBehindCloudFront},
	{"security response headers", responseHeaders},
	{"lambda functions", functions},
	{"lambda roles least privilege", roles},
	{"log groups keep logs for a while", logRetention},
	{"HTTP API, not function URLs", httpAPI},
	{"alarms", alarms},
	{"published versions behind an alias", versions},
	{"names unique per account and region", uniqueNames},
	{"China needs a filed domain", chinaRule},
	{"every ARN and endpoint partition-aware", partitionAware},
	{"every Ref, GetAtt and Sub target exists", targetsExist},
	{"every parameter used", parametersUsed},
	{"every condition defined and used", conditionsUsed},
}

func TestTemplate(t *testing.T) {
	tpl := parse(t, infra.Template)
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range c.fn(tpl) {
				t.Error(p)
			}
		})
	}
}

// TestChecksCatch breaks the template in one place at a time and expects the
// named check (or the strict parse) to notice: the checks can fail.
func TestChecksCatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		check      string // name of the check expected to fail; "" for the parse
		old, new   string
		occurrence int
	}{
		{"", "        OriginAccessControlOriginType: s3", "        OriginAccessControlOriginTyp: s3", 1},
		{"", "      Runtime: provided.al2023", "      Runtime: provided.al2023\n      Memory: 128", 1},
		{"every bucket private", "        RestrictPublicBuckets: true", "        RestrictPublicBuckets: false", 1},
		{"every bucket private", "      OwnershipControls:", "      AccessControl: PublicRead\n      OwnershipControls:", 1},
		{"every bucket TLS-only", `aws:SecureTransport: "false"`, `aws:SecureTransport: "true"`, 2},
		{"submissions bucket kept safe", "            ExpirationInDays: 1", "            ExpirationInDays: 30", 1},
		{"submissions bucket kept safe", "            Prefix: uploads/pending/\n            ExpirationInDays: 2", "            Prefix: uploads/pending/\n            ExpirationInDays: 30", 1},
		{"submissions bucket kept safe", "            Prefix: uploads/pending/\n", "            Prefix: uploads/\n", 1},
		{"personal data kept as the notice says", "    Default: 1096\n", "    Default: 731\n", 1},
		{"personal data kept as the notice says", "            Prefix: uploads/\n            ExpirationInDays: !Ref RetentionDays", "            Prefix: uploads/\n            ExpirationInDays: 3653", 1},
		{"erasure only through the erase role", "role/${AWS::StackName}-${AWS::Region}-erase\"", "role/${AWS::StackName}-erase\"", 1},
		{"erasure only through the erase role", "          - Sid: EraseOnlyVersions\n            Effect: Deny", "          - Sid: EraseOnlyVersions\n            Effect: Allow", 1},
		{"erasure only through the erase role", "                aws:MultiFactorAuthPresent: \"true\"", "                aws:MultiFactorAuthPresent: \"false\"", 1},
		{"erasure only through the erase role", "                  - s3:DeleteObjectVersion\n                Resource:\n                  - !Sub \"${SubmissionsBucket.Arn}/submissions/*\"", "                  - s3:DeleteObjectVersion\n                Resource:\n                  - !Sub \"${SubmissionsBucket.Arn}/*\"", 1},
		{"submissions bucket kept safe", "    DeletionPolicy: RetainExceptOnCreate\n", "    DeletionPolicy: Delete\n", 1},
		{"submissions bucket kept safe", "    # Kept with the bucket: a destroy must not strip it of its protections.\n    DeletionPolicy: Retain\n", "", 1},
		{"submissions bucket kept safe", `                  s3:if-none-match: "true"`, `                  s3:if-none-match: "false"`, 1},
		{"submissions bucket kept safe", "            - IsChina\n            - !Ref AWS::NoValue\n", "            - IsChina\n            - Sid: X\n              Effect: Allow\n              Principal: {AWS: !Ref AWS::AccountId}\n              Action: s3:GetObject\n              Resource: !Sub \"${SubmissionsBucket.Arn}/x\"\n", 1},
		{"submissions bucket kept safe", "                - https://*.cloudfront.net", "                - \"*\"", 1},
		{"site served through OAC", "            OriginAccessControlId: !GetAtt SiteOriginAccessControl.Id\n", "", 1},
		{"distribution HTTPS, compressed, 404 page", "redirect-to-https", "allow-all", 1},
		{"distribution HTTPS, compressed, 404 page", "          Compress: true", "          Compress: false", 1},
		{"distribution HTTPS, compressed, 404 page", "        CustomErrorResponses:\n", "        CustomErrorResponses:\n          - ErrorCode: 403\n            ResponseCode: 404\n            ResponsePagePath: /404.html\n", 1},
		{"site served through OAC", "            Action: [s3:GetObject, s3:ListBucket]", "            Action: [s3:GetObject]", 1},
		{"one origin: the API under /api/", "          - PathPattern: /api/*", "          - PathPattern: /v1/*", 1},
		{"one origin: the API under /api/", "            ViewerProtocolPolicy: https-only\n            AllowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]", "            ViewerProtocolPolicy: https-only\n            AllowedMethods: [GET, HEAD]", 1},
		{"one origin: the API under /api/", "Headers: [Accept, Accept-Language, Content-Type, Origin,", "Headers: [Host, Accept, Accept-Language, Content-Type, Origin,", 1},
		{"one origin: the API under /api/", "        DefaultTTL: 0\n        MaxTTL: 1", "        DefaultTTL: 300\n        MaxTTL: 1", 1},
		{"one origin: the API under /api/", "            ResponseHeadersPolicyId: !Ref SiteResponseHeadersPolicy\n        CustomErrorResponses", "        CustomErrorResponses", 1},
		{"HTTP API, not function URLs", "      StageName: api", "      StageName: $default", 1},
		{"security response headers", "              default-src 'self';", "              default-src 'self' https://cdn.example.com;", 1},
		{"security response headers", "              connect-src 'self' https", "              connect-src 'self' ${HttpApi.ApiEndpoint} https", 1},
		{"security response headers", "            FrameOption: DENY", "            FrameOption: SAMEORIGIN", 1},
		{"lambda functions", "Architectures: [!Ref LambdaArchitecture]", "Architectures: [x86_64]", 1},
		{"lambda functions", "    Default: arm64\n", "    Default: x86_64\n", 1},
		{"lambda functions", `          ALLOWED_ORIGIN: !If [HasPortalDomain, !Sub "https://${PortalDomain}", !Sub "https://${Distribution.DomainName}"]`, `          ALLOWED_ORIGIN: "*"`, 1},
		{"lambda roles least privilege", "                  - s3:PutObject\n                  - s3:GetObject", "                  - s3:*", 1},
		{"lambda roles least privilege", `                  - !Sub "${SubmissionsBucket.Arn}/uploads/*"`, `                  - "*"`, 1},
		{"lambda roles least privilege", "                  - s3:GetObject\n                Resource:\n                  - !Sub \"${SubmissionsBucket.Arn}/submissions/*\"",
			"                  - s3:GetObject\n                  - s3:DeleteObject\n                Resource:\n                  - !Sub \"${SubmissionsBucket.Arn}/submissions/*\"", 1},
		{"log groups keep logs for a while", "      RetentionInDays: !Ref LogRetentionDays\n", "", 1},
		{"log groups keep logs for a while", "    Type: AWS::Logs::LogGroup\n    DeletionPolicy: Retain\n", "    Type: AWS::Logs::LogGroup\n    DeletionPolicy: Delete\n", 1},
		{"log groups keep logs for a while", "    Default: 365\n", "    Default: 30\n", 1},
		{"HTTP API, not function URLs", "      DisableExecuteApiEndpoint: false\n", "      DisableExecuteApiEndpoint: false\n      CorsConfiguration:\n        AllowOrigins: [\"*\"]\n", 1},
		{"HTTP API, not function URLs", `"ip":"$context.identity.sourceIp",`, "", 1},
		{"HTTP API, not function URLs", "      RouteKey: POST /admin/bundle", "      RouteKey: OPTIONS /admin/bundle", 1},
		{"HTTP API, not function URLs", "          ThrottlingBurstLimit: 3\n          ThrottlingRateLimit: 1\n", "          ThrottlingBurstLimit: 3\n          ThrottlingRateLimit: 100\n", 1},
		{"HTTP API, not function URLs", "        POST /admin/bundle:\n", "        POST /admin/overview:\n", 1},
		{"every ARN and endpoint partition-aware", "arn:${AWS::Partition}:cloudfront::", "arn:aws:cloudfront::", 1},
		{"every ARN and endpoint partition-aware", ".s3.${AWS::Region}.${AWS::URLSuffix}", ".s3.${AWS::Region}.amazonaws.com", 1},
		{"every Ref, GetAtt and Sub target exists", "Bucket: !Ref SiteBucket", "Bucket: !Ref SiteBuckett", 1},
		{"every parameter used", "          CLOSED_FORMS: !Ref ClosedForms\n", "          CLOSED_FORMS: \"\"\n", 1},
		{"alarms", "      MetricName: Throttles", "      MetricName: Invocations", 1},
		{"alarms", "!Join [\",\", [!GetAtt Api5xxAlarm.Arn, !GetAtt CollectorErrorsAlarm.Arn]]", "!GetAtt Api5xxAlarm.Arn", 1},
		{"published versions behind an alias", "      IntegrationUri: !Ref CollectorAlias", "      IntegrationUri: !GetAtt CollectorFunction.Arn", 1},
		{"published versions behind an alias", "      FunctionName: !Ref AdminAlias", "      FunctionName: !Ref AdminFunction", 1},
		{"published versions behind an alias", `      Description: !Sub "dunban collector ${Release}"`, "      Description: dunban collector", 1},
		{"names unique per account and region", `        Name: !Sub "${AWS::StackName}-${AWS::Region}-api"`, `        Name: !Sub "${AWS::StackName}-api"`, 2},
		{"names unique per account and region", `!Join ["_", !Split ["-", !Ref AWS::StackName]]`, "dunban", 1},
		{"China needs a filed domain", "      - Assert: !Not [!Equals [!Ref IamCertificateId, \"\"]]\n", "      - Assert: !Not [!Equals [!Ref PortalDomain, \"x\"]]\n", 1},
		{"China needs a filed domain", "      Fn::Contains: [[cn-north-1, cn-northwest-1], !Ref AWS::Region]", "      Fn::Contains: [[cn-north-1], !Ref AWS::Region]", 1},
		{"China needs a filed domain", `["180", "365", "400",`, `["30", "180", "365", "400",`, 1},
	}
	for _, c := range cases {
		name := c.check
		if name == "" {
			name = "strict parse"
		}
		label := c.new
		if label == "" {
			label = "drop " + c.old
		}
		t.Run(name+"/"+firstWords(label), func(t *testing.T) {
			data := replaceNth(t, infra.Template, c.old, c.new, c.occurrence)
			if c.check == "" {
				if _, err := cfn.Parse(data); err == nil {
					t.Fatal("strict parse accepted a template with an unknown property")
				}
				return
			}
			tpl := parse(t, data)
			for _, ch := range checks {
				if ch.name == c.check {
					if len(ch.fn(tpl)) == 0 {
						t.Fatalf("check %q did not notice %q → %q", c.check, c.old, c.new)
					}
					return
				}
			}
			t.Fatalf("no check named %q", c.check)
		})
	}
}

// replaceNth replaces the first n occurrences of old (all of them when the
// template holds exactly n).
func replaceNth(t *testing.T, data []byte, old, new string, n int) []byte {
	t.Helper()
	if got := bytes.Count(data, []byte(old)); got < n {
		t.Fatalf("template holds %q %d times, want at least %d", old, got, n)
	}
	return bytes.Replace(data, []byte(old), []byte(new), n)
}

func firstWords(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 30 {
		s = s[:30]
	}
	return s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// ------------------------------------------------------------- buckets

func bucketsPrivate(tpl *cfn.Template) (bad []string) {
	buckets := tpl.Typed.GetAllS3BucketResources()
	if len(buckets) != 2 {
		bad = append(bad, fmt.Sprintf("want the site and submissions buckets, found %d", len(buckets)))
	}
	for _, name := range slices.Sorted(maps.Keys(buckets)) {
		b := buckets[name]
		p := b.PublicAccessBlockConfiguration
		if p == nil || !deref(p.BlockPublicAcls) || !deref(p.BlockPublicPolicy) || !deref(p.IgnorePublicAcls) || !deref(p.RestrictPublicBuckets) {
			bad = append(bad, name+": Block Public Access not fully on")
		}
		if b.AccessControl != nil {
			bad = append(bad, name+": has a canned ACL "+*b.AccessControl)
		}
		if b.WebsiteConfiguration != nil {
			bad = append(bad, name+": has a public website endpoint")
		}
		if b.OwnershipControls == nil || len(b.OwnershipControls.Rules) != 1 || deref(b.OwnershipControls.Rules[0].ObjectOwnership) != "BucketOwnerEnforced" {
			bad = append(bad, name+": ACLs not disabled (BucketOwnerEnforced)")
		}
		if b.BucketEncryption == nil || len(b.BucketEncryption.ServerSideEncryptionConfiguration) == 0 {
			bad = append(bad, name+": no default encryption")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(tpl.Typed.GetAllS3BucketPolicyResources())) {
		for _, st := range cfn.Statements(tpl.Typed.GetAllS3BucketPolicyResources()[name].PolicyDocument) {
			if st.Effect == "Allow" && st.Principal == "*" {
				bad = append(bad, name+": allows everyone ("+st.Sid+")")
			}
		}
	}
	return bad
}

// policyOf returns the statements of the bucket policy attached to bucket.
func policyOf(tpl *cfn.Template, bucket string) []cfn.Statement {
	for _, p := range tpl.Typed.GetAllS3BucketPolicyResources() {
		if cfn.Show(p.Bucket) == "!Ref "+bucket {
			return cfn.Statements(p.PolicyDocument)
		}
	}
	return nil
}

func bucketsTLSOnly(tpl *cfn.Template) (bad []string) {
	for _, name := range slices.Sorted(maps.Keys(tpl.Typed.GetAllS3BucketResources())) {
		if !slices.ContainsFunc(policyOf(tpl, name), func(st cfn.Statement) bool {
			b, _ := st.Conditions["Bool"].(map[string]any)
			return st.Effect == "Deny" && st.Principal == "*" && slices.Contains(st.Actions, "s3:*") &&
				b["aws:SecureTransport"] == "false" && len(st.Resources) == 2
		}) {
			bad = append(bad, name+": no policy statement denying requests without TLS on the bucket and its objects")
		}
	}
	return bad
}

func submissionsBucket(tpl *cfn.Template) (bad []string) {
	b, err := tpl.Typed.GetS3BucketWithName("SubmissionsBucket")
	if err != nil {
		return []string{err.Error()}
	}
	if b.VersioningConfiguration == nil || b.VersioningConfiguration.Status != "Enabled" {
		bad = append(bad, "versioning not enabled")
	}
	if b.AWSCloudFormationDeletionPolicy != policies.DeletionPolicy("RetainExceptOnCreate") || b.AWSCloudFormationUpdateReplacePolicy != policies.UpdateReplacePolicy("Retain") {
		bad = append(bad, "the bucket must outlive the stack, except a failed first create (DeletionPolicy RetainExceptOnCreate, UpdateReplacePolicy Retain)")
	}
	bad = append(bad, keptPolicy(tpl)...)
	if !slices.ContainsFunc(policyOf(tpl, "SubmissionsBucket"), func(st cfn.Statement) bool {
		return st.Effect == "Deny" && st.Principal == "*" && slices.Contains(st.Actions, "s3:DeleteObject") &&
			slices.Contains(st.Actions, "s3:DeleteObjectVersion") && len(st.Conditions) == 0 &&
			slices.Equal(st.Resources, []string{"!Sub ${SubmissionsBucket.Arn}/logs/*"})
	}) {
		bad = append(bad, "no policy statement denying every delete under logs/")
	}
	var bundles, pending, multipart bool
	if lc := b.LifecycleConfiguration; lc != nil {
		for _, r := range lc.Rules {
			if r.Status == "Enabled" && deref(r.Prefix) == "bundles/" && deref(r.ExpirationInDays) == 1 {
				bundles = true
			}
			// Unadopted report files go after the collector's two days, and
			// the rule reaches nothing a report adopted.
			if r.Status == "Enabled" && deref(r.Prefix) == record.PendingPrefix && deref(r.ExpirationInDays) == record.PendingDays &&
				r.NoncurrentVersionExpiration != nil && r.NoncurrentVersionExpiration.NoncurrentDays <= record.PendingDays {
				pending = true
			}
			if r.Status == "Enabled" && r.AbortIncompleteMultipartUpload != nil && r.AbortIncompleteMultipartUpload.DaysAfterInitiation <= 7 && deref(r.Prefix) == "" {
				multipart = true
			}
		}
	}
	if !bundles {
		bad = append(bad, "no lifecycle rule expiring bundles/ after a day")
	}
	if !pending {
		bad = append(bad, fmt.Sprintf("no lifecycle rule expiring unadopted uploads under %s after %d days", record.PendingPrefix, record.PendingDays))
	}
	if !multipart {
		bad = append(bad, "no lifecycle rule aborting incomplete multipart uploads")
	}
	if c := b.CorsConfiguration; c == nil || len(c.CorsRules) != 1 || !slices.Equal(c.CorsRules[0].AllowedMethods, []string{"POST"}) {
		bad = append(bad, "want exactly one CORS rule, POST only (the report upload)")
	}
	return append(bad, uploadOrigins(tpl)...)
}

// uploadOrigins checks the report upload's CORS origin in both partitions:
// the portal's domain when set, else CloudFront's names (global only).
func uploadOrigins(tpl *cfn.Template) (bad []string) {
	res, _ := tpl.Section("Resources")["SubmissionsBucket"].(map[string]any)
	props, _ := res["Properties"].(map[string]any)
	cors, _ := props["CorsConfiguration"].(map[string]any)
	rules, _ := cors["CorsRules"].([]any)
	if len(rules) != 1 {
		return []string{"no CORS rule"}
	}
	origins, _ := rules[0].(map[string]any)["AllowedOrigins"].([]any)
	for _, c := range []struct {
		domain, want string
	}{{"dunban.example.cn", "https://dunban.example.cn"}, {"", "https://*.cloudfront.net"}} {
		var got []string
		for _, o := range origins {
			s, err := tpl.Value(o, cfn.Values{"PortalDomain": c.domain, "AWS::URLSuffix": "amazonaws.com"})
			if err != nil {
				return append(bad, err.Error())
			}
			got = append(got, s)
		}
		if !slices.Equal(got, []string{c.want}) {
			bad = append(bad, fmt.Sprintf("with PortalDomain %q the upload CORS allows %v, want %s", c.domain, got, c.want))
		}
	}
	return bad
}

// keptPolicy checks the submissions bucket's policy: kept with the bucket,
// and (in the aws partition) refusing any write to submissions/ that could
// replace an object.
func keptPolicy(tpl *cfn.Template) (bad []string) {
	p, err := tpl.Typed.GetS3BucketPolicyWithName("SubmissionsBucketPolicy")
	if err != nil {
		return []string{err.Error()}
	}
	if p.AWSCloudFormationDeletionPolicy != policies.DeletionPolicy("Retain") || p.AWSCloudFormationUpdateReplacePolicy != policies.UpdateReplacePolicy("Retain") {
		bad = append(bad, "the submissions bucket policy must be kept with the bucket (DeletionPolicy and UpdateReplacePolicy Retain)")
	}
	if !slices.ContainsFunc(cfn.Statements(p.PolicyDocument), func(st cfn.Statement) bool {
		null, _ := st.Conditions["Null"].(map[string]any)
		return st.Effect == "Deny" && st.Principal == "*" && slices.Equal(st.Actions, []string{"s3:PutObject"}) &&
			slices.Equal(st.Resources, []string{"!Sub ${SubmissionsBucket.Arn}/submissions/*"}) && null["s3:if-none-match"] == "true"
	}) {
		bad = append(bad, "no policy statement denying s3:PutObject under submissions/ without If-None-Match")
	}
	// Where the partition lacks the condition key, the statement is left out
	// (a Null test on an unknown key would deny every write).
	res, _ := tpl.Section("Resources")["SubmissionsBucketPolicy"].(map[string]any)
	doc, _ := res["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)
	var guarded bool
	for _, st := range doc["Statement"].([]any) {
		if m, ok := st.(map[string]any); ok {
			if args, ok := m["Fn::If"].([]any); ok && len(args) == 3 && args[0] == "IsChina" &&
				fmt.Sprint(args[1]) == "map[Ref:AWS::NoValue]" {
				guarded = true
			}
		}
	}
	if !guarded {
		bad = append(bad, "the If-None-Match statement must be left out in aws-cn (Fn::If IsChina → AWS::NoValue)")
	}
	return bad
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// ------------------------------------------------------------ CloudFront

func siteThroughOAC(tpl *cfn.Template) (bad []string) {
	oacs := tpl.Typed.GetAllCloudFrontOriginAccessControlResources()
	if len(oacs) != 1 {
		return []string{fmt.Sprintf("want one origin access control, found %d", len(oacs))}
	}
	for name, oac := range oacs {
		c := oac.OriginAccessControlConfig
		if c.OriginAccessControlOriginType != "s3" || c.SigningBehavior != "always" || c.SigningProtocol != "sigv4" {
			bad = append(bad, name+": must sign every request to S3 with sigv4")
		}
	}
	d, err := tpl.Typed.GetCloudFrontDistributionWithName("Distribution")
	if err != nil {
		return append(bad, err.Error())
	}
	for _, o := range d.DistributionConfig.Origins {
		if o.Id != "site" {
			continue
		}
		if cfn.Show(deref(o.OriginAccessControlId)) != "!GetAtt SiteOriginAccessControl.Id" {
			bad = append(bad, "origin "+o.Id+" does not use the origin access control")
		}
		if o.CustomOriginConfig != nil || o.S3OriginConfig == nil || deref(o.S3OriginConfig.OriginAccessIdentity) != "" {
			bad = append(bad, "origin "+o.Id+" must be the S3 REST origin without a legacy OAI")
		}
	}
	if !slices.ContainsFunc(policyOf(tpl, "SiteBucket"), func(st cfn.Statement) bool {
		p, _ := st.Principal.(map[string]any)
		eq, _ := st.Conditions["StringEquals"].(map[string]any)
		src, _ := eq["AWS:SourceArn"].(string)
		return st.Effect == "Allow" && p["Service"] == "cloudfront.amazonaws.com" &&
			slices.Equal(st.Actions, []string{"s3:GetObject", "s3:ListBucket"}) &&
			strings.HasSuffix(cfn.Show(src), ":distribution/${Distribution}")
	}) {
		bad = append(bad, "site bucket policy must let only this distribution read objects")
	}
	return bad
}

func distribution(tpl *cfn.Template) (bad []string) {
	d, err := tpl.Typed.GetCloudFrontDistributionWithName("Distribution")
	if err != nil {
		return []string{err.Error()}
	}
	c := d.DistributionConfig
	if deref(c.DefaultRootObject) != "index.html" {
		bad = append(bad, "default root object is not index.html")
	}
	b := c.DefaultCacheBehavior
	if b.ViewerProtocolPolicy != "redirect-to-https" && b.ViewerProtocolPolicy != "https-only" {
		bad = append(bad, "viewers may use plain HTTP: "+b.ViewerProtocolPolicy)
	}
	for _, cb := range c.CacheBehaviors {
		if cb.ViewerProtocolPolicy == "allow-all" {
			bad = append(bad, "a cache behaviour allows plain HTTP")
		}
	}
	if !deref(b.Compress) {
		bad = append(bad, "compression is off")
	}
	if cfn.Show(deref(b.ResponseHeadersPolicyId)) != "!Ref SiteResponseHeadersPolicy" {
		bad = append(bad, "the response headers policy is not attached")
	}
	var has404 bool
	for _, e := range c.CustomErrorResponses {
		has404 = has404 || (e.ErrorCode == 404 && deref(e.ResponsePagePath) == "/404.html" && deref(e.ResponseCode) == 404)
		if e.ErrorCode != 404 {
			bad = append(bad, fmt.Sprintf("error pages are distribution-wide: mapping %d would hide the API's own answers", e.ErrorCode))
		}
	}
	if !has404 {
		bad = append(bad, "missing pages do not get /404.html with status 404")
	}
	if vc := c.ViewerCertificate; vc != nil && vc.AcmCertificateArn != nil && deref(vc.MinimumProtocolVersion) < "TLSv1.2" {
		bad = append(bad, "custom certificate allows TLS below 1.2")
	}
	return bad
}

// cspSources are the only sources a directive may list: our own origin
// (which serves the API under /api/) and the submissions bucket's regional
// origin (the report upload).
var cspSources = map[string]bool{
	"'self'": true, "'none'": true,
	"https://${SubmissionsBucket}.s3.${AWS::Region}.${AWS::URLSuffix}": true,
}

func responseHeaders(tpl *cfn.Template) (bad []string) {
	p, err := tpl.Typed.GetCloudFrontResponseHeadersPolicyWithName("SiteResponseHeadersPolicy")
	if err != nil {
		return []string{err.Error()}
	}
	s := p.ResponseHeadersPolicyConfig.SecurityHeadersConfig
	if s == nil || s.ContentSecurityPolicy == nil || s.StrictTransportSecurity == nil || s.ContentTypeOptions == nil ||
		s.ReferrerPolicy == nil || s.FrameOptions == nil {
		return []string{"want CSP, HSTS, nosniff, Referrer-Policy and frame options"}
	}
	if s.StrictTransportSecurity.AccessControlMaxAgeSec < 31536000 {
		bad = append(bad, "HSTS max-age under a year")
	}
	if s.FrameOptions.FrameOption != "DENY" {
		bad = append(bad, "frames not denied")
	}
	if r := s.ReferrerPolicy.ReferrerPolicy; r != "strict-origin-when-cross-origin" && r != "no-referrer" && r != "same-origin" {
		bad = append(bad, "weak referrer policy "+r)
	}
	return append(bad, cspProblems(cfn.Show(s.ContentSecurityPolicy.ContentSecurityPolicy))...)
}

func cspProblems(csp string) (bad []string) {
	csp = strings.TrimPrefix(csp, "!Sub ")
	directives := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			directives[f[0]] = f[1:]
		}
	}
	for _, need := range []string{"default-src", "form-action", "frame-ancestors", "base-uri", "object-src", "connect-src"} {
		if _, ok := directives[need]; !ok {
			bad = append(bad, "CSP lacks "+need)
		}
	}
	if !slices.Equal(directives["default-src"], []string{"'self'"}) {
		bad = append(bad, fmt.Sprintf("CSP default-src must be 'self' only, got %v", directives["default-src"]))
	}
	if !slices.Equal(directives["frame-ancestors"], []string{"'none'"}) {
		bad = append(bad, "CSP frame-ancestors must be 'none'")
	}
	for _, name := range []string{"connect-src", "form-action"} {
		if !slices.Contains(directives[name], "'self'") {
			bad = append(bad, "CSP "+name+" does not allow our own origin (the API is /api/ on it)")
		}
	}
	for name, sources := range directives {
		for _, src := range sources {
			if !cspSources[src] && !(name == "img-src" && src == "data:") {
				bad = append(bad, fmt.Sprintf("CSP %s allows %s", name, src))
			}
		}
	}
	return bad
}
