package stack_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"

	"dunban/infra/stack"
)

// fakeAPI answers as CloudFormation does for one stack in a given state.
// It only stands in for the service in fault cases no loopback server offers.
type fakeAPI struct {
	status        types.StackStatus // "" when the stack does not exist
	params        []types.Parameter
	changeSet     types.ChangeSetStatus
	reason        string
	created       *cloudformation.CreateChangeSetInput
	executed      bool
	changeSetGone bool
	missing       map[string]bool // resource types the region lacks
}

func (f *fakeAPI) DescribeType(_ context.Context, in *cloudformation.DescribeTypeInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeTypeOutput, error) {
	if f.missing[aws.ToString(in.TypeName)] {
		return nil, &types.TypeNotFoundException{Message: aws.String("The type does not exist")}
	}
	return &cloudformation.DescribeTypeOutput{TypeName: in.TypeName}, nil
}

func (f *fakeAPI) DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	if f.status == "" {
		return nil, &smithy.GenericAPIError{Code: "ValidationError", Message: "Stack with id dunban does not exist"}
	}
	return &cloudformation.DescribeStacksOutput{Stacks: []types.Stack{{StackName: aws.String("dunban"), StackStatus: f.status, Parameters: f.params}}}, nil
}

func (f *fakeAPI) DescribeChangeSet(_ context.Context, in *cloudformation.DescribeChangeSetInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error) {
	return &cloudformation.DescribeChangeSetOutput{
		ChangeSetName: in.ChangeSetName, Status: f.changeSet, StatusReason: aws.String(f.reason),
		Changes: []types.Change{
			{ResourceChange: &types.ResourceChange{Action: types.ChangeActionModify, LogicalResourceId: aws.String("Distribution"),
				ResourceType: aws.String("AWS::CloudFront::Distribution"), Replacement: types.ReplacementFalse}},
			{ResourceChange: &types.ResourceChange{Action: types.ChangeActionModify, LogicalResourceId: aws.String("SiteBucket"),
				ResourceType: aws.String("AWS::S3::Bucket"), Replacement: types.ReplacementTrue}},
		},
	}, nil
}

func (f *fakeAPI) CreateChangeSet(_ context.Context, in *cloudformation.CreateChangeSetInput, _ ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error) {
	f.created = in
	return &cloudformation.CreateChangeSetOutput{}, nil
}

func (f *fakeAPI) ExecuteChangeSet(context.Context, *cloudformation.ExecuteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error) {
	f.executed = true
	f.status = types.StackStatusUpdateComplete
	return &cloudformation.ExecuteChangeSetOutput{}, nil
}

func (f *fakeAPI) DeleteChangeSet(context.Context, *cloudformation.DeleteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error) {
	f.changeSetGone = true
	return &cloudformation.DeleteChangeSetOutput{}, nil
}

func (f *fakeAPI) DeleteStack(context.Context, *cloudformation.DeleteStackInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error) {
	f.status = ""
	return &cloudformation.DeleteStackOutput{}, nil
}

func newStack(api *fakeAPI, out *strings.Builder, confirm func(string) bool) *stack.Stack {
	return &stack.Stack{API: api, Name: "dunban", Out: out, Confirm: confirm, Wait: 5 * time.Second,
		Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }}
}

var change = stack.Change{TemplateURL: "https://b.s3.cn-north-1.amazonaws.com.cn/t.yaml",
	Parameters: map[string]string{"CodeBucket": "b"}, Keep: []string{"Admins", "CodeBucket"}}

func TestApply(t *testing.T) {
	cases := []struct {
		name        string
		api         *fakeAPI
		confirm     bool
		wantChanged bool
		wantErr     string
		wantExec    bool
		wantOut     string
	}{
		{name: "update shown then executed", api: &fakeAPI{status: types.StackStatusCreateComplete, changeSet: types.ChangeSetStatusCreateComplete},
			confirm: true, wantChanged: true, wantExec: true, wantOut: "REPLACES the resource"},
		{name: "declined", api: &fakeAPI{status: types.StackStatusCreateComplete, changeSet: types.ChangeSetStatusCreateComplete},
			confirm: false, wantErr: "not confirmed", wantOut: "SiteBucket"},
		{name: "nothing to change", api: &fakeAPI{status: types.StackStatusUpdateComplete, changeSet: types.ChangeSetStatusFailed,
			reason: "The submitted information didn't contain changes. Submit different information to create a change set."},
			confirm: true, wantOut: "up to date"},
		{name: "change set fails", api: &fakeAPI{status: types.StackStatusUpdateComplete, changeSet: types.ChangeSetStatusFailed, reason: "Parameter X invalid"},
			confirm: true, wantErr: "Parameter X invalid"},
		{name: "failed create must be destroyed first", api: &fakeAPI{status: types.StackStatusRollbackComplete},
			confirm: true, wantErr: "make destroy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			changed, err := newStack(c.api, &out, func(string) bool { return c.confirm }).Apply(context.Background(), change)
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err %v, want %q", err, c.wantErr)
			}
			if changed != c.wantChanged || c.api.executed != c.wantExec {
				t.Errorf("changed %v executed %v, want %v %v", changed, c.api.executed, c.wantChanged, c.wantExec)
			}
			if !strings.Contains(out.String(), c.wantOut) {
				t.Errorf("output lacks %q:\n%s", c.wantOut, out.String())
			}
			if c.name == "declined" && (!c.api.changeSetGone || !errors.Is(err, stack.ErrDeclined)) {
				t.Error("a declined change set must be deleted and reported as ErrDeclined")
			}
		})
	}
}

func TestApplyParameters(t *testing.T) {
	t.Run("create sets values only", func(t *testing.T) {
		api := &fakeAPI{changeSet: types.ChangeSetStatusCreateComplete}
		if _, err := newStack(api, &strings.Builder{}, nil).Apply(context.Background(), change); err != nil {
			t.Fatal(err)
		}
		if api.created.ChangeSetType != types.ChangeSetTypeCreate || len(api.created.Parameters) != 1 {
			t.Errorf("create: type %s, parameters %d", api.created.ChangeSetType, len(api.created.Parameters))
		}
	})
	t.Run("update keeps the rest", func(t *testing.T) {
		api := &fakeAPI{status: types.StackStatusUpdateComplete, changeSet: types.ChangeSetStatusCreateComplete}
		if _, err := newStack(api, &strings.Builder{}, nil).Apply(context.Background(), change); err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, p := range api.created.Parameters {
			if aws.ToBool(p.UsePreviousValue) {
				kept = append(kept, aws.ToString(p.ParameterKey))
			}
		}
		if api.created.ChangeSetType != types.ChangeSetTypeUpdate || strings.Join(kept, ",") != "Admins" {
			t.Errorf("update: type %s, kept %v (a parameter set now is not also kept)", api.created.ChangeSetType, kept)
		}
		if len(api.created.Capabilities) != 1 || api.created.Capabilities[0] != types.CapabilityCapabilityIam {
			t.Errorf("capabilities %v", api.created.Capabilities)
		}
	})
}

func TestDescribeMissingStack(t *testing.T) {
	info, err := newStack(&fakeAPI{}, &strings.Builder{}, nil).Describe(context.Background())
	if err != nil || info.Exists {
		t.Fatalf("missing stack: %+v, %v", info, err)
	}
}

func TestMissingTypes(t *testing.T) {
	api := &fakeAPI{missing: map[string]bool{"AWS::CloudFront::OriginAccessControl": true, "AWS::Athena::WorkGroup": true}}
	missing, err := newStack(api, &strings.Builder{}, nil).MissingTypes(context.Background(),
		[]string{"AWS::Athena::WorkGroup", "AWS::CloudFront::OriginAccessControl", "AWS::S3::Bucket"})
	if err != nil || strings.Join(missing, ",") != "AWS::Athena::WorkGroup,AWS::CloudFront::OriginAccessControl" {
		t.Fatalf("missing %v, err %v", missing, err)
	}
	if missing, err := newStack(&fakeAPI{}, &strings.Builder{}, nil).MissingTypes(context.Background(), []string{"AWS::S3::Bucket"}); err != nil || len(missing) != 0 {
		t.Fatalf("missing %v, err %v", missing, err)
	}
}
