package infra_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"dunban/infra/cfn"
)

// outputValue shows an output's value: Fn::Name [args as JSON].
func outputValue(tpl *cfn.Template, name string) string {
	o, _ := tpl.Section("Outputs")[name].(map[string]any)
	v, _ := o["Value"].(map[string]any)
	for k, arg := range v {
		b, _ := json.Marshal(arg)
		return k + " " + string(b)
	}
	return ""
}

// functionSpec is what each Lambda function must be and may do.
type functionSpec struct {
	role, logGroup string
	// allowed maps each action the role may hold to the resources it may act on.
	allowed map[string][]string
}

var functionSpecs = map[string]functionSpec{
	"CollectorFunction": {
		role: "CollectorRole", logGroup: "CollectorLogGroup",
		allowed: map[string][]string{
			"s3:PutObject":         {"!Sub ${SubmissionsBucket.Arn}/submissions/*", "!Sub ${SubmissionsBucket.Arn}/uploads/*"},
			"s3:GetObject":         {"!Sub ${SubmissionsBucket.Arn}/submissions/*", "!Sub ${SubmissionsBucket.Arn}/uploads/*"},
			"s3:ListBucket":        {"!GetAtt SubmissionsBucket.Arn"}, // POST /cadres, under submissions/form=arrangement/ only
			"logs:CreateLogStream": {"!GetAtt CollectorLogGroup.Arn"},
			"logs:PutLogEvents":    {"!GetAtt CollectorLogGroup.Arn"},
		},
	},
	"AdminFunction": {
		role: "AdminRole", logGroup: "AdminLogGroup",
		allowed: map[string][]string{
			"s3:ListBucket":        {"!GetAtt SubmissionsBucket.Arn"},
			"s3:GetObject":         {"!Sub ${SubmissionsBucket.Arn}/submissions/*", "!Sub ${SubmissionsBucket.Arn}/uploads/report/*", "!Sub ${SubmissionsBucket.Arn}/bundles/*"},
			"s3:PutObject":         {"!Sub ${SubmissionsBucket.Arn}/bundles/*", "!Sub ${SubmissionsBucket.Arn}/logs/*"},
			"logs:CreateLogStream": {"!GetAtt AdminLogGroup.Arn"},
			"logs:PutLogEvents":    {"!GetAtt AdminLogGroup.Arn"},
		},
	},
}

func functions(tpl *cfn.Template) (bad []string) {
	fns := tpl.Typed.GetAllLambdaFunctionResources()
	if len(fns) != len(functionSpecs) {
		bad = append(bad, fmt.Sprintf("want %d functions, found %d", len(functionSpecs), len(fns)))
	}
	for _, name := range slices.Sorted(maps.Keys(fns)) {
		f := fns[name]
		spec, ok := functionSpecs[name]
		if !ok {
			bad = append(bad, name+": a function the checks do not know")
			continue
		}
		if deref(f.Runtime) != "provided.al2023" || deref(f.Handler) != "bootstrap" || !slices.Equal(cfn.Strings(toAny(f.Architectures)), []string{"!Ref LambdaArchitecture"}) {
			bad = append(bad, name+": want provided.al2023, handler bootstrap, the LambdaArchitecture parameter")
		}
		if f.Code == nil || f.Code.S3Bucket == nil || f.Code.S3Key == nil {
			bad = append(bad, name+": code must come from the uploaded zip")
		}
		if deref(f.Timeout) > 29 || deref(f.MemorySize) < 128 {
			bad = append(bad, name+": timeout over the HTTP API's limit or memory too small")
		}
		if cfn.Show(f.Role) != "!GetAtt "+spec.role+".Arn" {
			bad = append(bad, name+": must run as "+spec.role)
		}
		if f.Environment == nil || cfn.Show(f.Environment.Variables["BUCKET"]) != "!Ref SubmissionsBucket" {
			bad = append(bad, name+": BUCKET must name the submissions bucket")
		}
		lg, err := tpl.Typed.GetLogsLogGroupWithName(spec.logGroup)
		if err != nil || cfn.Show(deref(lg.LogGroupName)) != "!Sub /aws/lambda/"+strings.TrimPrefix(cfn.Show(deref(f.FunctionName)), "!Sub ") {
			bad = append(bad, name+": its log group "+spec.logGroup+" must be /aws/lambda/<function name>")
		}
		if !slices.Contains(f.AWSCloudFormationDependsOn, spec.logGroup) {
			bad = append(bad, name+": must depend on its log group (else Lambda creates one that never expires)")
		}
	}
	if f, err := tpl.Typed.GetLambdaFunctionWithName("CollectorFunction"); err == nil && f.ReservedConcurrentExecutions == nil {
		bad = append(bad, "collector reserved concurrency not set from its parameter")
	}
	if d := tpl.Defaults()["LambdaArchitecture"]; d != "arm64" {
		bad = append(bad, "LambdaArchitecture must default to arm64 (what the emulator test runs), got "+d)
	}
	return append(bad, allowedOrigin(tpl)...)
}

// allowedOrigin checks the collector allows exactly the portal's origin, the
// custom domain or else CloudFront's name, known without a second update.
func allowedOrigin(tpl *cfn.Template) (bad []string) {
	for _, c := range []struct{ domain, want string }{
		{"dunban.example.cn", "https://dunban.example.cn"}, {"", "https://d111.cloudfront.net"},
	} {
		env, err := tpl.Environment("CollectorFunction", cfn.Values{"PortalDomain": c.domain,
			"Distribution.DomainName": "d111.cloudfront.net", "SubmissionsBucket": "b"})
		if err != nil {
			return append(bad, err.Error())
		}
		if env["ALLOWED_ORIGIN"] != c.want || env["PORTAL_URL"] != c.want {
			bad = append(bad, fmt.Sprintf("PortalDomain %q: ALLOWED_ORIGIN %q PORTAL_URL %q, want %s", c.domain, env["ALLOWED_ORIGIN"], env["PORTAL_URL"], c.want))
		}
	}
	return bad
}

func roles(tpl *cfn.Template) (bad []string) {
	roles := tpl.Typed.GetAllIAMRoleResources()
	for _, fname := range slices.Sorted(maps.Keys(functionSpecs)) {
		spec := functionSpecs[fname]
		r, ok := roles[spec.role]
		if !ok {
			bad = append(bad, "missing role "+spec.role)
			continue
		}
		if len(r.ManagedPolicyArns) > 0 {
			bad = append(bad, spec.role+": managed policies grant more than it needs")
		}
		trust := cfn.Statements(r.AssumeRolePolicyDocument)
		if len(trust) != 1 || !slices.Equal(trust[0].Actions, []string{"sts:AssumeRole"}) ||
			fmt.Sprint(trust[0].Principal) != "map[Service:lambda.amazonaws.com]" {
			bad = append(bad, spec.role+": only Lambda may assume it")
		}
		for _, p := range r.Policies {
			for _, st := range cfn.Statements(p.PolicyDocument) {
				bad = append(bad, statementProblems(spec.role, spec.allowed, st)...)
			}
		}
	}
	return bad
}

func statementProblems(role string, allowed map[string][]string, st cfn.Statement) (bad []string) {
	if st.Effect != "Allow" {
		return nil
	}
	for _, a := range st.Actions {
		if strings.Contains(a, "*") {
			bad = append(bad, fmt.Sprintf("%s: wildcard action %s", role, a))
			continue
		}
		for _, res := range st.Resources {
			if !slices.Contains(allowed[a], res) {
				bad = append(bad, fmt.Sprintf("%s: %s on %s is more than it needs", role, a, res))
			}
		}
	}
	for _, res := range st.Resources {
		if res == "*" || !cfn.PartitionAware(res) {
			bad = append(bad, fmt.Sprintf("%s: resource %s is a wildcard or not built from the template", role, res))
		}
	}
	if slices.Contains(st.Actions, "s3:ListBucket") {
		like, _ := st.Conditions["StringLike"].(map[string]any)
		want := map[string]string{"CollectorRole": "[submissions/form=arrangement/*]"}[role]
		if want == "" {
			want = "[submissions/ submissions/*]"
		}
		if fmt.Sprint(like["s3:prefix"]) != want {
			bad = append(bad, role+": ListBucket must be limited to "+want)
		}
	}
	return bad
}

func logRetention(tpl *cfn.Template) (bad []string) {
	groups := tpl.Typed.GetAllLogsLogGroupResources()
	if len(groups) < 3 {
		bad = append(bad, "want log groups for both functions and the API access log")
	}
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		g := groups[name]
		// The default LogRetentionDays: 365, the Cybersecurity Law's six months with margin.
		if d := deref(g.RetentionInDays); d < 365 {
			bad = append(bad, fmt.Sprintf("%s: retention %d days (unset or under a year by default)", name, d))
		}
		if g.AWSCloudFormationDeletionPolicy != policies.DeletionPolicy("Retain") || g.AWSCloudFormationUpdateReplacePolicy != policies.UpdateReplacePolicy("Retain") {
			bad = append(bad, name+": logs must outlive the stack (DeletionPolicy and UpdateReplacePolicy Retain)")
		}
	}
	return bad
}

// wantRoutes mirrors the routes table the teams keep: every route of the API.
// No OPTIONS routes: every call is same-origin, so no CORS preflight.
var wantRoutes = map[string]string{
	"POST /submit/{id}":       "CollectorIntegration",
	"GET /receipt/{id}/{sid}": "CollectorIntegration",
	"POST /upload/{id}":       "CollectorIntegration",
	"POST /cadres":            "CollectorIntegration",
	"GET /admin/overview":     "AdminIntegration",
	"POST /admin/bundle":      "AdminIntegration",
}

func httpAPI(tpl *cfn.Template) (bad []string) {
	if n := len(tpl.Typed.GetAllLambdaUrlResources()); n > 0 {
		bad = append(bad, "function URLs are not offered in aws-cn")
	}
	api, err := tpl.Typed.GetApiGatewayV2ApiWithName("HttpApi")
	if err != nil {
		return append(bad, err.Error())
	}
	if deref(api.ProtocolType) != "HTTP" {
		bad = append(bad, "the API must be an HTTP API")
	}
	if api.CorsConfiguration != nil {
		bad = append(bad, "the API needs no CORS: the portal calls it on its own origin under /api/")
	}
	routes := map[string]string{}
	for _, r := range tpl.Typed.GetAllApiGatewayV2RouteResources() {
		routes[r.RouteKey] = strings.TrimSuffix(strings.TrimPrefix(cfn.Show(deref(r.Target)), "!Sub integrations/${"), "}")
	}
	if fmt.Sprint(routes) != fmt.Sprint(wantRoutes) {
		bad = append(bad, fmt.Sprintf("routes %v, want %v", routes, wantRoutes))
	}
	for name, in := range tpl.Typed.GetAllApiGatewayV2IntegrationResources() {
		if in.IntegrationType != "AWS_PROXY" || deref(in.PayloadFormatVersion) != "2.0" {
			bad = append(bad, name+": want a Lambda proxy integration with payload 2.0")
		}
	}
	stage, err := tpl.Typed.GetApiGatewayV2StageWithName("ApiStage")
	if err != nil {
		return append(bad, err.Error())
	}
	if s := stage.DefaultRouteSettings; s == nil || s.ThrottlingBurstLimit == nil || s.ThrottlingRateLimit == nil {
		bad = append(bad, "stage throttling not set")
	}
	bad = append(bad, bundleThrottle(tpl)...)
	if stage.StageName != "api" {
		bad = append(bad, "the stage must be named api, the path CloudFront forwards: "+stage.StageName)
	}
	if l := stage.AccessLogSettings; l == nil {
		bad = append(bad, "stage has no access log")
	} else {
		for _, v := range []string{"$context.identity.sourceIp", "$context.identity.userAgent", "$context.status", "$context.routeKey"} {
			if !strings.Contains(deref(l.Format), v) {
				bad = append(bad, "the access log does not record "+v)
			}
		}
	}
	return bad
}

func alarms(tpl *cfn.Template) (bad []string) {
	want := map[string]bool{
		"AWS/Lambda Errors !Ref CollectorFunction": false, "AWS/Lambda Throttles !Ref CollectorFunction": false,
		"AWS/Lambda Errors !Ref AdminFunction": false, "AWS/Lambda Throttles !Ref AdminFunction": false,
		"AWS/ApiGateway 5xx !Ref HttpApi": false,
	}
	for name, a := range tpl.Typed.GetAllCloudWatchAlarmResources() {
		if !slices.Equal(cfn.Strings(toAny(a.AlarmActions)), []string{"!Ref AlarmTopic"}) {
			bad = append(bad, name+": does not notify the alarm topic")
		}
		for _, d := range a.Dimensions {
			key := deref(a.Namespace) + " " + deref(a.MetricName) + " " + cfn.Show(d.Value)
			if _, ok := want[key]; ok {
				want[key] = true
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !want[k] {
			bad = append(bad, "no alarm on "+k)
		}
	}
	if out := outputValue(tpl, "RollbackAlarmArns"); out != `Fn::Join [",",[{"Fn::GetAtt":"Api5xxAlarm.Arn"},{"Fn::GetAtt":"CollectorErrorsAlarm.Arn"}]]` {
		bad = append(bad, "the RollbackAlarmArns output (the deploy's rollback triggers) must list the API 5xx and collector error alarms: "+out)
	}
	subs := tpl.Typed.GetAllSNSSubscriptionResources()
	if len(subs) != 1 {
		return append(bad, "want one e-mail subscription to the alarm topic")
	}
	for _, s := range subs {
		if s.Protocol != "email" || cfn.Show(deref(s.Endpoint)) != "!Ref AlarmEmail" {
			bad = append(bad, "the subscription must mail AlarmEmail")
		}
	}
	return bad
}

// ------------------------------------------------------- raw template

var (
	literalARN    = regexp.MustCompile(`arn:aws(-cn|-us-gov)?:`)
	literalSuffix = regexp.MustCompile(`amazonaws\.com(\.cn)?`)
	servicePrinc  = regexp.MustCompile(`^[a-z0-9-]+\.amazonaws\.com$`)
)

func partitionAware(tpl *cfn.Template) (bad []string) {
	tpl.Strings(func(path, s string) {
		if literalARN.MatchString(s) || (strings.Contains(s, "arn:") && !strings.Contains(s, "arn:${AWS::Partition}:")) {
			if !strings.HasPrefix(path, "Parameters.") {
				bad = append(bad, fmt.Sprintf("%s: ARN not built with ${AWS::Partition}: %s", path, s))
			}
		}
		if literalSuffix.MatchString(s) && !(servicePrinc.MatchString(s) && strings.Contains(path, "Principal")) {
			bad = append(bad, fmt.Sprintf("%s: endpoint not built with ${AWS::URLSuffix}: %s", path, s))
		}
	})
	return bad
}

func targetsExist(tpl *cfn.Template) (bad []string) {
	params, resources, conditions := tpl.Section("Parameters"), tpl.Section("Resources"), tpl.Section("Conditions")
	for _, r := range tpl.References() {
		var ok bool
		switch {
		case r.Kind == "Condition":
			_, ok = conditions[r.Target]
		case strings.HasPrefix(r.Target, "AWS::"):
			ok = slices.Contains([]string{"AWS::Partition", "AWS::URLSuffix", "AWS::Region", "AWS::AccountId",
				"AWS::StackName", "AWS::StackId", "AWS::NoValue"}, r.Target) && r.Attr == ""
		case r.Kind == "GetAtt" || r.Attr != "":
			_, ok = resources[r.Target]
		default:
			_, isParam := params[r.Target]
			_, isRes := resources[r.Target]
			ok = isParam || isRes
		}
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: %s %s points at nothing", r.Path, r.Kind, r.Target))
		}
	}
	return bad
}

func parametersUsed(tpl *cfn.Template) (bad []string) {
	used := map[string]bool{}
	for _, r := range tpl.References() {
		used[r.Target] = true
	}
	for _, p := range slices.Sorted(maps.Keys(tpl.Section("Parameters"))) {
		if !used[p] {
			bad = append(bad, "parameter "+p+" is never used")
		}
	}
	return bad
}

func conditionsUsed(tpl *cfn.Template) (bad []string) {
	used := map[string]bool{}
	for _, r := range tpl.References() {
		if r.Kind == "Condition" {
			used[r.Target] = true
		}
	}
	for _, c := range slices.Sorted(maps.Keys(tpl.Section("Conditions"))) {
		if !used[c] {
			bad = append(bad, "condition "+c+" is never used")
		}
	}
	return bad
}

// bundleThrottle checks POST /admin/bundle has its own low throttle: a few a
// second at most, far below the stage's.
func bundleThrottle(tpl *cfn.Template) []string {
	res, _ := tpl.Section("Resources")["ApiStage"].(map[string]any)
	props, _ := res["Properties"].(map[string]any)
	routes, _ := props["RouteSettings"].(map[string]any)
	s, _ := routes["POST /admin/bundle"].(map[string]any)
	burst, _ := strconv.ParseFloat(fmt.Sprint(s["ThrottlingBurstLimit"]), 64)
	rate, _ := strconv.ParseFloat(fmt.Sprint(s["ThrottlingRateLimit"]), 64)
	if burst < 1 || burst > 10 || rate < 1 || rate > 2 {
		return []string{fmt.Sprintf("POST /admin/bundle needs its own low throttle (burst ≤ 10, rate ≤ 2/s), got %v", s)}
	}
	if !slices.Contains(cfn.Strings(res["DependsOn"]), "AdminBundleRoute") {
		return []string{"ApiStage must depend on AdminBundleRoute, which its route settings name"}
	}
	return nil
}
