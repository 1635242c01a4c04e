package infra_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"dunban/infra"
)

// TestKeptResources checks what outlives the stack: the submissions bucket,
// its policy and the three log groups, each importable again.
func TestKeptResources(t *testing.T) {
	kept, err := infra.KeptResources(infra.Template)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(kept)
	want := "[{AdminLogGroup AWS::Logs::LogGroup LogGroupName  /aws/lambda/${AWS::StackName}-admin} " +
		"{ApiAccessLogGroup AWS::Logs::LogGroup LogGroupName  /aws/apigateway/${AWS::StackName}-api} " +
		"{CollectorLogGroup AWS::Logs::LogGroup LogGroupName  /aws/lambda/${AWS::StackName}-collector} " +
		"{SubmissionsBucket AWS::S3::Bucket BucketName  } {SubmissionsBucketPolicy AWS::S3::BucketPolicy Bucket SubmissionsBucket }]"
	if got != want {
		t.Errorf("kept resources\n got %s\nwant %s", got, want)
	}
}

// TestImportTemplate checks the template a stack is re-created from by
// importing the kept resources: exactly those resources, no outputs, and
// every reference in it resolves.
func TestImportTemplate(t *testing.T) {
	kept, err := infra.KeptResources(infra.Template)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range kept {
		ids = append(ids, k.LogicalID)
	}
	data, err := infra.ImportTemplate(infra.Template, ids)
	if err != nil {
		t.Fatal(err)
	}
	tpl := parse(t, data)
	if got := slices.Sorted(maps.Keys(tpl.Section("Resources"))); !slices.Equal(got, ids) {
		t.Errorf("resources %v, want %v", got, ids)
	}
	if len(tpl.Section("Outputs")) != 0 || len(tpl.Section("Rules")) == 0 {
		t.Error("an import template has no outputs (CloudFormation refuses them) and keeps the rules")
	}
	for _, p := range targetsExist(tpl) {
		t.Error(p)
	}
	if _, err := infra.ImportTemplate(infra.Template, []string{"NoSuchResource"}); err == nil {
		t.Error("a missing resource was not refused")
	}
}
