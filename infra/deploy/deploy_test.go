package deploy_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"dunban/infra"
	"dunban/infra/deploy"
	"dunban/infra/stack"
	"dunban/lambda/s3test"
)

// fakeRunner stands in for the Go toolchain: a build writes a bootstrap, the
// site build writes a tiny portal and records the API it was given.
type fakeRunner struct {
	mu   sync.Mutex
	cmds []deploy.Command
	api  string
	base string
}

func (r *fakeRunner) Run(_ context.Context, c deploy.Command) error {
	r.mu.Lock()
	r.cmds = append(r.cmds, c)
	r.mu.Unlock()
	arg := func(flag string) string {
		i := slices.Index(c.Args, flag)
		return c.Args[i+1]
	}
	if c.Args[1] == "build" {
		return os.WriteFile(arg("-o"), []byte("\x7fELF fake bootstrap for "+c.Args[len(c.Args)-1]), 0o755)
	}
	r.api, r.base = arg("-api"), arg("-base")
	out := arg("-out")
	for name, body := range map[string]string{
		"index.html":                  "<!doctype html><title>驻校蹲班</title>",
		"404.html":                    "<!doctype html><title>未找到</title>",
		"forms/monthly/index.html":    `<form action="` + r.api + `/submit/monthly" method="post"></form>`,
		"assets/style.0123456789.css": "body{}",
	} {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func content(t *testing.T) string {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "rounds"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "units.csv"), []byte("name,kind,parent\n呼和浩特市团委,盟市,呼和浩特市\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "rounds", "2021.json"), []byte(`{"year":2021}`), 0o644))
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDryRunPrintsEverythingAndCallsNoAWS(t *testing.T) {
	var out strings.Builder
	run := &fakeRunner{}
	d := &deploy.Deployer{
		Config: deploy.Config{Stack: "dunban", Region: "cn-northwest-1", Content: content(t), Build: t.TempDir(), DryRun: true,
			Params: map[string]string{"AlarmEmail": "ops@example.cn", "Admins": `[{"name":"secret"}]`,
				"PortalDomain": "dunban.example.cn", "IamCertificateId": "ASCAEXAMPLE"}},
		Template: infra.Template, Runner: run, Out: &out,
	}
	if err := d.Deploy(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"1. build info", "partition aws-cn", "WARNING: no admin list",
		"would check that IAM holds server certificate ASCAEXAMPLE under /cloudfront/",
		"AWS China plan:", "https://dunban.example.cn (ICP-filed; CNAME dunban.example.cn → <distribution>.cloudfront.cn",
		"https://dunban.example.cn/api/ → CloudFront → https://<api-id>.execute-api.cn-northwest-1.amazonaws.com.cn/api", "ICP filing (备案)",
		"2. build and zip", "GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -buildvcs=false",
		"3. check that CloudFormation in cn-northwest-1 offers", "AWS::CloudFront::OriginAccessControl",
		"4. upload the zips", "s3://dunban-artifacts-<account-id>-cn-northwest-1/lambda/collector-",
		"5. create or update stack", `AlarmEmail                     = "ops@example.cn"`, `"****"`, "template default", "CollectorCodeKey",
		"https://dunban-artifacts-<account-id>-cn-northwest-1.s3.cn-northwest-1.amazonaws.com.cn/templates/",
		"OnStackFailure DELETE", "RollbackAlarmArns", "termination protection on", "scope, details",
		"6. build the portal for https://dunban.example.cn", "forms posting to /api there",
		"7. upload the portal", "forms/monthly/ ", "Content-Type: text/html; charset=utf-8  Cache-Control: public, max-age=300",
		"assets/style.0123456789.css", "immutable",
		"8. invalidate CloudFront",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run output lacks %q", want)
		}
	}
	if strings.Contains(text, "secret") {
		t.Error("dry run printed the NoEcho Admins value")
	}
	if run.api != "/api" {
		t.Errorf("site built against %q, want /api", run.api)
	}
	if t.Failed() {
		t.Log(text)
	}
}

func TestUnknownParameterRefused(t *testing.T) {
	d := &deploy.Deployer{
		Config:   deploy.Config{Stack: "dunban", Region: "eu-west-1", Content: content(t), Build: t.TempDir(), DryRun: true, Params: map[string]string{"MemorySise": "1"}},
		Template: infra.Template, Runner: &fakeRunner{}, Out: &strings.Builder{},
	}
	if err := d.Deploy(context.Background()); err == nil || !strings.Contains(err.Error(), "MemorySise") {
		t.Fatalf("misspelt parameter: err %v", err)
	}
}

// fakeCFN keeps one stack in memory and applies change sets to it.
type fakeCFN struct {
	outputs    map[string]string
	exists     bool
	status     cfntypes.StackStatus
	params     map[string]string
	changeSets []*cloudformation.CreateChangeSetInput
	deleted    bool
	missing    []string // resource types the region lacks
	protected  bool     // termination protection
	physical   map[string]string
}

func (f *fakeCFN) DescribeStackEvents(context.Context, *cloudformation.DescribeStackEventsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error) {
	return &cloudformation.DescribeStackEventsOutput{}, nil
}

func (f *fakeCFN) UpdateTerminationProtection(_ context.Context, in *cloudformation.UpdateTerminationProtectionInput, _ ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error) {
	f.protected = aws.ToBool(in.EnableTerminationProtection)
	return &cloudformation.UpdateTerminationProtectionOutput{}, nil
}

func (f *fakeCFN) DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error) {
	var out cloudformation.DescribeStackResourcesOutput
	for k, v := range f.physical {
		out.StackResources = append(out.StackResources, cfntypes.StackResource{LogicalResourceId: aws.String(k), PhysicalResourceId: aws.String(v)})
	}
	return &out, nil
}

func (f *fakeCFN) DescribeType(_ context.Context, in *cloudformation.DescribeTypeInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeTypeOutput, error) {
	if slices.Contains(f.missing, aws.ToString(in.TypeName)) {
		return nil, &cfntypes.TypeNotFoundException{Message: aws.String("not found")}
	}
	return &cloudformation.DescribeTypeOutput{TypeName: in.TypeName}, nil
}

func (f *fakeCFN) DescribeStacks(_ context.Context, in *cloudformation.DescribeStacksInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	if !f.exists {
		return nil, &smithy.GenericAPIError{Code: "ValidationError", Message: "Stack with id " + aws.ToString(in.StackName) + " does not exist"}
	}
	st := cfntypes.Stack{StackName: in.StackName, StackStatus: f.status, EnableTerminationProtection: aws.Bool(f.protected)}
	for k, v := range f.outputs {
		st.Outputs = append(st.Outputs, cfntypes.Output{OutputKey: aws.String(k), OutputValue: aws.String(v)})
	}
	for k, v := range f.params {
		st.Parameters = append(st.Parameters, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	return &cloudformation.DescribeStacksOutput{Stacks: []cfntypes.Stack{st}}, nil
}

func (f *fakeCFN) CreateChangeSet(_ context.Context, in *cloudformation.CreateChangeSetInput, _ ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error) {
	f.changeSets = append(f.changeSets, in)
	if in.ChangeSetType == cfntypes.ChangeSetTypeCreate || in.ChangeSetType == cfntypes.ChangeSetTypeImport {
		f.exists, f.status = true, cfntypes.StackStatusReviewInProgress
	}
	return &cloudformation.CreateChangeSetOutput{}, nil
}

func (f *fakeCFN) DescribeChangeSet(_ context.Context, in *cloudformation.DescribeChangeSetInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error) {
	return &cloudformation.DescribeChangeSetOutput{ChangeSetName: in.ChangeSetName, Status: cfntypes.ChangeSetStatusCreateComplete,
		Changes: []cfntypes.Change{{ResourceChange: &cfntypes.ResourceChange{Action: cfntypes.ChangeActionAdd,
			LogicalResourceId: aws.String("CollectorFunction"), ResourceType: aws.String("AWS::Lambda::Function")}}}}, nil
}

func (f *fakeCFN) ExecuteChangeSet(context.Context, *cloudformation.ExecuteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error) {
	in := f.changeSets[len(f.changeSets)-1]
	next := map[string]string{}
	for _, p := range in.Parameters {
		k := aws.ToString(p.ParameterKey)
		if aws.ToBool(p.UsePreviousValue) {
			next[k] = f.params[k]
		} else {
			next[k] = aws.ToString(p.ParameterValue)
		}
	}
	f.params, f.status = next, cfntypes.StackStatusUpdateComplete
	switch in.ChangeSetType {
	case cfntypes.ChangeSetTypeCreate:
		f.status = cfntypes.StackStatusCreateComplete
	case cfntypes.ChangeSetTypeImport:
		f.status = cfntypes.StackStatusImportComplete
	}
	return &cloudformation.ExecuteChangeSetOutput{}, nil
}

func (f *fakeCFN) DeleteChangeSet(context.Context, *cloudformation.DeleteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error) {
	return &cloudformation.DeleteChangeSetOutput{}, nil
}

func (f *fakeCFN) DeleteStack(_ context.Context, in *cloudformation.DeleteStackInput, _ ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error) {
	if f.protected {
		return nil, &smithy.GenericAPIError{Code: "ValidationError", Message: "Stack [" + aws.ToString(in.StackName) + "] cannot be deleted while TerminationProtection is enabled"}
	}
	f.exists, f.deleted, f.changeSets = false, true, nil
	return &cloudformation.DeleteStackOutput{}, nil
}

type fakeCloudFront struct{ paths [][]string }

func (f *fakeCloudFront) CreateInvalidation(_ context.Context, in *cloudfront.CreateInvalidationInput, _ ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error) {
	f.paths = append(f.paths, in.InvalidationBatch.Paths.Items)
	return &cloudfront.CreateInvalidationOutput{Invalidation: &cftypes.Invalidation{Id: aws.String("I1")}}, nil
}

func setup(t *testing.T) (*deploy.Deployer, *fakeCFN, *fakeCloudFront, *s3test.Server, string) {
	srv := s3test.New(t)
	subs := srv.Bucket + "-subs"
	// The code bucket exists already: gofakes3 has no PutPublicAccessBlock.
	for _, b := range []string{subs, srv.Bucket + "-code"} {
		_, err := srv.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)})
		must(t, err)
	}
	cfn := &fakeCFN{outputs: map[string]string{
		"PortalURL": "https://dunban.example.cn", "ApiEndpoint": "https://abc123.execute-api.cn-northwest-1.amazonaws.com.cn/api",
		"SiteBucketName": srv.Bucket, "DistributionId": "E2EXAMPLE", "SubmissionsBucketName": subs,
		"RollbackAlarmArns": "arn:aws-cn:cloudwatch:cn-northwest-1:123456789012:alarm:api5xx,arn:aws-cn:cloudwatch:cn-northwest-1:123456789012:alarm:collector",
	}, physical: map[string]string{"SubmissionsBucket": subs, "SubmissionsBucketPolicy": "dunban-SubmissionsBucketPolicy-1X",
		"CollectorLogGroup": "/aws/lambda/dunban-collector", "AdminLogGroup": "/aws/lambda/dunban-admin", "ApiAccessLogGroup": "/aws/apigateway/dunban-api",
		"SiteBucket": srv.Bucket}}
	cf := &fakeCloudFront{}
	var out strings.Builder
	d := &deploy.Deployer{
		Config: deploy.Config{Stack: "dunban", Region: "cn-northwest-1", Account: "123456789012", CodeBucket: srv.Bucket + "-code",
			Content: content(t), Build: t.TempDir(), AdminsFile: adminsFile(t),
			Params: map[string]string{"PortalDomain": "dunban.example.cn", "IamCertificateId": "ASCAEXAMPLE"}},
		Template: infra.Template, Runner: &fakeRunner{}, Out: &out,
		Stack:      &stack.Stack{API: cfn, Name: "dunban", Out: &out, Now: func() time.Time { return time.Unix(1700000000, 0) }},
		S3:         &bucketConfig{Client: srv.Client},
		CloudFront: cf,
		IAM:        iamServer(t, "/cloudfront/dunban/", "ASCAEXAMPLE", time.Now().AddDate(1, 0, 0)),
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(out.String())
		}
	})
	return d, cfn, cf, srv, subs
}

func TestDeployThenDestroy(t *testing.T) {
	ctx := context.Background()
	d, cfn, cf, srv, subs := setup(t)
	must(t, d.Deploy(ctx))

	// One change set on a first deploy: the portal's origin is known inside
	// the template, so no second update follows.
	if len(cfn.changeSets) != 1 || cfn.changeSets[0].ChangeSetType != cfntypes.ChangeSetTypeCreate {
		t.Fatalf("want one CREATE change set, got %d", len(cfn.changeSets))
	}
	if run := d.Runner.(*fakeRunner); run.api != "/api" {
		t.Errorf("portal built with -api %q, want /api (one origin)", run.api)
	}
	if !strings.HasPrefix(cfn.params["CollectorCodeKey"], "lambda/collector-") || !strings.HasPrefix(cfn.params["AdminCodeKey"], "lambda/admin-") {
		t.Errorf("code keys %q %q", cfn.params["CollectorCodeKey"], cfn.params["AdminCodeKey"])
	}
	code := listKeys(t, srv.Client, d.Config.CodeBucket)
	for _, k := range []string{cfn.params["CollectorCodeKey"], cfn.params["AdminCodeKey"]} {
		if !slices.Contains(code, k) {
			t.Errorf("code bucket lacks %s: %v", k, code)
		}
	}
	assertAdminZip(t, srv, d.Config.CodeBucket, cfn.params["AdminCodeKey"])
	if url := aws.ToString(cfn.changeSets[0].TemplateURL); !strings.Contains(url, ".s3.cn-northwest-1.amazonaws.com.cn/templates/") {
		t.Errorf("template URL %s", url)
	}
	site := listKeys(t, srv.Client, srv.Bucket)
	if !slices.Equal(site, []string{".deploy/manifest.json", "404.html", "assets/style.0123456789.css", "forms/monthly/", "forms/monthly/index.html", "index.html"}) {
		t.Errorf("site bucket holds %v", site)
	}
	if d.Runner.(*fakeRunner).base != "https://dunban.example.cn" {
		t.Errorf("portal built with -base %q, want the PortalURL output", d.Runner.(*fakeRunner).base)
	}
	if len(cf.paths) != 1 || !slices.Equal(cf.paths[0], []string{"/*"}) {
		t.Errorf("invalidations %v", cf.paths)
	}

	// A second deploy updates once and keeps the learnt origin.
	cfn.changeSets = nil
	must(t, d.Deploy(ctx))
	if len(cfn.changeSets) != 1 || cfn.changeSets[0].ChangeSetType != cfntypes.ChangeSetTypeUpdate {
		t.Errorf("second deploy: %d change sets, want one UPDATE", len(cfn.changeSets))
	}

	// Destroy empties the site bucket, deletes the stack, keeps submissions.
	_, err := srv.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(subs), Key: aws.String("submissions/form=monthly/year=2021/month=03/x.csv"), Body: strings.NewReader("a\n")})
	must(t, err)
	must(t, d.Destroy(ctx, nil))
	if !cfn.deleted {
		t.Error("stack not deleted")
	}
	if got := listKeys(t, srv.Client, srv.Bucket); len(got) != 0 {
		t.Errorf("site bucket still holds %v", got)
	}
	if got := listKeys(t, srv.Client, subs); len(got) != 1 {
		t.Errorf("submissions bucket changed: %v", got)
	}
}

func TestDestroyNotConfirmed(t *testing.T) {
	d, cfn, _, _, _ := setup(t)
	cfn.exists, cfn.status = true, cfntypes.StackStatusCreateComplete
	if err := d.Destroy(context.Background(), func(string) bool { return false }); err == nil || cfn.deleted {
		t.Fatalf("destroy went ahead without confirmation (err %v)", err)
	}
}

func listKeys(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	must(t, err)
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func TestDryRunDestroyCallsNoAWS(t *testing.T) {
	var out strings.Builder
	d := &deploy.Deployer{Config: deploy.Config{Stack: "dunban", Region: "cn-north-1", DryRun: true}, Template: infra.Template, Out: &out}
	if err := d.Destroy(context.Background(), func(string) bool { t.Error("a dry run asked to confirm"); return false }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. read stack dunban", "2. empty the site bucket", "3. delete the stack", "submissions bucket (DeletionPolicy RetainExceptOnCreate)", "kept", "termination protection off", "kept/dunban.json"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run lacks %q:\n%s", want, out.String())
		}
	}
}

func TestDeployStopsWhenTheRegionLacksAType(t *testing.T) {
	d, cfn, cf, _, _ := setup(t)
	cfn.missing = []string{"AWS::Athena::WorkGroup", "AWS::CloudFront::OriginAccessControl"}
	err := d.Deploy(context.Background())
	if err == nil || !strings.Contains(err.Error(), "AWS::Athena::WorkGroup, AWS::CloudFront::OriginAccessControl") {
		t.Fatalf("err %v", err)
	}
	if len(cfn.changeSets) != 0 || len(cf.paths) != 0 {
		t.Errorf("went on: %d change sets, %d invalidations", len(cfn.changeSets), len(cf.paths))
	}
}

func TestDeployFallsBackToOriginAccessIdentity(t *testing.T) {
	d, cfn, _, srv, _ := setup(t)
	cfn.missing = []string{"AWS::CloudFront::OriginAccessControl"}
	must(t, d.Deploy(context.Background()))
	if len(cfn.changeSets) == 0 {
		t.Fatal("no change set")
	}
	u := aws.ToString(cfn.changeSets[0].TemplateURL)
	key := u[strings.Index(u, "/templates/")+1:]
	out, err := srv.Client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(d.Config.CodeBucket), Key: aws.String(key)})
	must(t, err)
	defer out.Body.Close()
	body, _ := io.ReadAll(out.Body)
	if !strings.Contains(string(body), "AWS::CloudFront::CloudFrontOriginAccessIdentity") || strings.Contains(string(body), "AWS::CloudFront::OriginAccessControl") {
		t.Error("the uploaded template does not use an origin access identity instead of OAC")
	}
}

const testHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func adminsFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "admins.json")
	must(t, os.WriteFile(p, []byte(`[{"name":"自治区团委","scope":"全区","sha256":"`+testHash+`"}]`), 0o644))
	return p
}

// assertAdminZip checks the uploaded admin zip carries the admin list.
func assertAdminZip(t *testing.T, srv *s3test.Server, bucket, key string) {
	t.Helper()
	out, err := srv.Client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	must(t, err)
	defer out.Body.Close()
	data, _ := io.ReadAll(out.Body)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	for _, f := range zr.File {
		if f.Name == "admins.json" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if !strings.Contains(string(b), testHash) {
				t.Errorf("admins.json in the admin zip: %s", b)
			}
			return
		}
	}
	t.Error("the admin zip has no admins.json")
}

func TestBadAdminListStopsTheDeploy(t *testing.T) {
	d, cfn, _, _, _ := setup(t)
	p := filepath.Join(t.TempDir(), "admins.json")
	must(t, os.WriteFile(p, []byte(`[{"name":"x","scope":"全区","sha256":"the-token-itself"}]`), 0o644))
	d.Config.AdminsFile = p
	if err := d.Deploy(context.Background()); err == nil || !strings.Contains(err.Error(), "never the token") || len(cfn.changeSets) != 0 {
		t.Fatalf("err %v, %d change sets", err, len(cfn.changeSets))
	}
}
