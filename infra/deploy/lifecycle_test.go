package deploy_test

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/infra/deploy"
	"dunban/infra/stack"
)

// TestStackLifecycle follows a stack through the years: created (deleted
// again if that fails), protected, updated with rollback alarms and the
// same release for the same inputs, destroyed with a record of what it kept,
// and created again by importing that.
func TestStackLifecycle(t *testing.T) {
	ctx := context.Background()
	d, cfn, _, srv, subs := setup(t)
	must(t, d.Deploy(ctx))
	create := cfn.changeSets[0]
	if create.ChangeSetType != cfntypes.ChangeSetTypeCreate || create.OnStackFailure != cfntypes.OnStackFailureDelete {
		t.Errorf("first change set %s, OnStackFailure %q, want CREATE with DELETE", create.ChangeSetType, create.OnStackFailure)
	}
	if len(create.Tags) != 1 || aws.ToString(create.Tags[0].Key) != "project" {
		t.Errorf("stack tags %v: want only project (a per-commit tag would touch every resource)", create.Tags)
	}
	if !cfn.protected {
		t.Error("termination protection is off after the deploy")
	}
	release := cfn.params["Release"]
	assertCodeBucket(t, d.S3.(*bucketConfig), d.Config.CodeBucket)

	cfn.changeSets = nil
	must(t, d.Deploy(ctx))
	update := cfn.changeSets[0]
	rc := update.RollbackConfiguration
	if update.ChangeSetType != cfntypes.ChangeSetTypeUpdate || rc == nil || len(rc.RollbackTriggers) != 2 ||
		!strings.HasSuffix(aws.ToString(rc.RollbackTriggers[0].Arn), ":alarm:api5xx") {
		t.Errorf("update: %s, rollback %+v", update.ChangeSetType, rc)
	}
	if cfn.params["Release"] != release {
		t.Errorf("the same code, template and parameters gave release %s, then %s", release, cfn.params["Release"])
	}
	d.Config.Params["ClosedForms"] = "case"
	must(t, d.Deploy(ctx))
	if cfn.params["Release"] == release {
		t.Error("a changed parameter kept the release (no new function versions)")
	}

	must(t, d.Destroy(ctx, nil))
	if !cfn.deleted || cfn.protected {
		t.Fatalf("deleted %v, protected %v", cfn.deleted, cfn.protected)
	}
	record := readJSON[[]stack.Resource](t, srv.Client, d.Config.CodeBucket, "kept/dunban.json")
	if len(record) != 5 || record[3].Identifier["BucketName"] != subs || record[4].Identifier["Bucket"] != subs ||
		record[1].Identifier["LogGroupName"] != "/aws/apigateway/dunban-api" {
		t.Errorf("record of kept resources: %+v", record)
	}

	// Deployed again: the kept resources are imported, then the rest added.
	cfn.deleted = false
	must(t, d.Deploy(ctx))
	if len(cfn.changeSets) != 2 || cfn.changeSets[0].ChangeSetType != cfntypes.ChangeSetTypeImport || cfn.changeSets[1].ChangeSetType != cfntypes.ChangeSetTypeUpdate {
		t.Fatalf("after a destroy: %d change sets, want IMPORT then UPDATE", len(cfn.changeSets))
	}
	imp := cfn.changeSets[0]
	var imported []string
	for _, r := range imp.ResourcesToImport {
		imported = append(imported, aws.ToString(r.LogicalResourceId)+"="+strings.Join(slices.Collect(mapValues(r.ResourceIdentifier)), ""))
	}
	if strings.Join(imported, " ") != "AdminLogGroup=/aws/lambda/dunban-admin ApiAccessLogGroup=/aws/apigateway/dunban-api "+
		"CollectorLogGroup=/aws/lambda/dunban-collector SubmissionsBucket="+subs+" SubmissionsBucketPolicy="+subs {
		t.Errorf("imported %v", imported)
	}
	assertImportTemplate(t, srv.Client, d.Config.CodeBucket, aws.ToString(imp.TemplateURL), 5)
	if keys := listKeys(t, srv.Client, d.Config.CodeBucket); slices.Contains(keys, "kept/dunban.json") {
		t.Error("the record was not removed after the import")
	}
}

// TestExistingSubmissionsBucket adopts a bucket named by hand, with the log
// groups an earlier stack of the same name kept (here two of three are still
// there; the third is created by the stack as usual).
func TestExistingSubmissionsBucket(t *testing.T) {
	d, cfn, _, srv, _ := setup(t)
	d.Config.ExistingSubmissions = "dunban-submissionsbucket-kept"
	d.Logs = logsServer(t, "/aws/lambda/dunban-collector", "/aws/lambda/dunban-collector-old", "/aws/apigateway/dunban-api", "/aws/lambda/other-admin")
	must(t, d.Deploy(context.Background()))
	if len(cfn.changeSets) != 2 {
		t.Fatalf("change sets %d", len(cfn.changeSets))
	}
	var imported []string
	for _, r := range cfn.changeSets[0].ResourcesToImport {
		for _, v := range r.ResourceIdentifier {
			imported = append(imported, aws.ToString(r.LogicalResourceId)+"="+v)
		}
	}
	want := "SubmissionsBucket=dunban-submissionsbucket-kept SubmissionsBucketPolicy=dunban-submissionsbucket-kept " +
		"ApiAccessLogGroup=/aws/apigateway/dunban-api CollectorLogGroup=/aws/lambda/dunban-collector"
	if strings.Join(imported, " ") != want {
		t.Errorf("imported %v\nwant %s", imported, want)
	}
	assertImportTemplate(t, srv.Client, d.Config.CodeBucket, aws.ToString(cfn.changeSets[0].TemplateURL), 4)
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

func readJSON[T any](t *testing.T, c *s3.Client, bucket, key string) T {
	t.Helper()
	var v T
	must(t, json.Unmarshal(readObject(t, c, bucket, key), &v))
	return v
}

func readObject(t *testing.T, c *s3.Client, bucket, key string) []byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	must(t, err)
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	must(t, err)
	return b
}

// assertImportTemplate checks the uploaded import template holds n
// resources and no outputs, as CloudFormation requires.
func assertImportTemplate(t *testing.T, c *s3.Client, bucket, url string, n int) {
	t.Helper()
	key := url[strings.Index(url, "/templates/")+1:]
	tpl, err := cfn.Parse(readObject(t, c, bucket, key))
	must(t, err)
	if len(tpl.Section("Resources")) != n || len(tpl.Section("Outputs")) != 0 {
		t.Errorf("import template: %d resources, %d outputs", len(tpl.Section("Resources")), len(tpl.Section("Outputs")))
	}
}

// assertCodeBucket checks the code bucket was made TLS-only, with a lifecycle.
func assertCodeBucket(t *testing.T, b *bucketConfig, bucket string) {
	t.Helper()
	if len(b.policies) == 0 || len(b.lifecycles) == 0 {
		t.Fatal("the code bucket got no policy or lifecycle")
	}
	p := b.policies[0]
	for _, want := range []string{`"aws:SecureTransport":"false"`, `"Effect":"Deny"`, "arn:aws-cn:s3:::" + bucket + "/*"} {
		if !strings.Contains(p, want) {
			t.Errorf("code bucket policy lacks %s: %s", want, p)
		}
	}
	var rules []string
	for _, r := range b.lifecycles[0].LifecycleConfiguration.Rules {
		rules = append(rules, aws.ToString(r.ID))
	}
	if strings.Join(rules, ",") != "expire-templates,expire-unused-zips,abort-incomplete-uploads" {
		t.Errorf("lifecycle rules %v", rules)
	}
}

// TestChinaPreflight checks a China deploy stops before anything is built
// without an ICP-filed domain or without its certificate under /cloudfront/.
func TestChinaPreflight(t *testing.T) {
	t.Run("dry run without a domain", func(t *testing.T) {
		run := &fakeRunner{}
		d := &deploy.Deployer{Config: deploy.Config{Stack: "dunban", Region: "cn-northwest-1", Content: content(t), Build: t.TempDir(), DryRun: true},
			Template: infra.Template, Runner: run, Out: &strings.Builder{}}
		err := d.Deploy(context.Background())
		if err == nil || !strings.Contains(err.Error(), "PortalDomain") || !strings.Contains(err.Error(), "ICP") ||
			!strings.Contains(err.Error(), "--path /cloudfront/") || len(run.cmds) != 0 {
			t.Fatalf("err %v, %d commands run", err, len(run.cmds))
		}
	})
	t.Run("certificate outside /cloudfront/", func(t *testing.T) {
		d, cfn, _, _, _ := setup(t)
		d.IAM = iamServer(t, "/", "ASCAEXAMPLE", time.Now().AddDate(1, 0, 0))
		err := d.Deploy(context.Background())
		if err == nil || !strings.Contains(err.Error(), "no server certificate ASCAEXAMPLE under the path /cloudfront/") ||
			len(cfn.changeSets) != 0 || len(d.Runner.(*fakeRunner).cmds) != 0 {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("expired certificate", func(t *testing.T) {
		d, _, _, _, _ := setup(t)
		d.IAM = iamServer(t, "/cloudfront/", "ASCAEXAMPLE", time.Now().AddDate(0, 0, -1))
		if err := d.Deploy(context.Background()); err == nil || !strings.Contains(err.Error(), "expired") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("global dry run needs no domain", func(t *testing.T) {
		var out strings.Builder
		d := &deploy.Deployer{Config: deploy.Config{Stack: "dunban", Region: "ap-east-1", Content: content(t), Build: t.TempDir(), DryRun: true},
			Template: infra.Template, Runner: &fakeRunner{}, Out: &out}
		must(t, d.Deploy(context.Background()))
		if !strings.Contains(out.String(), "build the portal for https://<distribution>.cloudfront.net") || strings.Contains(out.String(), "AWS China plan") {
			t.Errorf("global dry run:\n%s", out.String())
		}
	})
}
