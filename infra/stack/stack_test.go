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
	failWith      string          // the reason the next execution fails with
	protected     bool
	events        []types.StackEvent // newest first, as CloudFormation lists them
}

func (f *fakeAPI) DescribeStackEvents(_ context.Context, in *cloudformation.DescribeStackEventsInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error) {
	// Two pages, as a long history comes.
	if in.NextToken == nil && len(f.events) > 1 {
		return &cloudformation.DescribeStackEventsOutput{StackEvents: f.events[:1], NextToken: aws.String("2")}, nil
	}
	if in.NextToken != nil {
		return &cloudformation.DescribeStackEventsOutput{StackEvents: f.events[1:]}, nil
	}
	return &cloudformation.DescribeStackEventsOutput{StackEvents: f.events}, nil
}

func (f *fakeAPI) UpdateTerminationProtection(_ context.Context, in *cloudformation.UpdateTerminationProtectionInput, _ ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error) {
	f.protected = aws.ToBool(in.EnableTerminationProtection)
	return &cloudformation.UpdateTerminationProtectionOutput{}, nil
}

func (f *fakeAPI) DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error) {
	return &cloudformation.DescribeStackResourcesOutput{}, nil
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
	return &cloudformation.DescribeStacksOutput{Stacks: []types.Stack{{StackName: aws.String("dunban"), StackStatus: f.status, Parameters: f.params,
		EnableTerminationProtection: aws.Bool(f.protected)}}}, nil
}

func (f *fakeAPI) DescribeChangeSet(_ context.Context, in *cloudformation.DescribeChangeSetInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error) {
	return &cloudformation.DescribeChangeSetOutput{
		ChangeSetName: in.ChangeSetName, Status: f.changeSet, StatusReason: aws.String(f.reason),
		Changes: []types.Change{
			{ResourceChange: &types.ResourceChange{Action: types.ChangeActionModify, LogicalResourceId: aws.String("Distribution"),
				ResourceType: aws.String("AWS::CloudFront::Distribution"), Replacement: types.ReplacementFalse}},
			{ResourceChange: &types.ResourceChange{Action: types.ChangeActionModify, LogicalResourceId: aws.String("SiteBucket"),
				ResourceType: aws.String("AWS::S3::Bucket"), Replacement: types.ReplacementTrue}},
			{ResourceChange: &types.ResourceChange{Action: types.ChangeActionModify, LogicalResourceId: aws.String("CollectorFunction"),
				ResourceType: aws.String("AWS::Lambda::Function"), Replacement: types.ReplacementFalse,
				Scope: []types.ResourceAttribute{types.ResourceAttributeProperties},
				Details: []types.ResourceChangeDetail{{
					Target:       &types.ResourceTargetDefinition{Attribute: types.ResourceAttributeProperties, Name: aws.String("Environment"), RequiresRecreation: types.RequiresRecreationNever},
					ChangeSource: types.ChangeSourceParameterReference, CausingEntity: aws.String("Release"), Evaluation: types.EvaluationTypeStatic,
				}}}},
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
	if f.failWith != "" {
		f.status = types.StackStatusUpdateRollbackComplete
		at := func(s int) *time.Time { t := time.Date(2026, 11, 25, 9, 0, s, 0, time.UTC); return &t }
		f.events = []types.StackEvent{ // newest first
			{LogicalResourceId: aws.String("dunban"), ResourceType: aws.String("AWS::CloudFormation::Stack"), ResourceStatus: types.ResourceStatusUpdateRollbackComplete, Timestamp: at(50)},
			{LogicalResourceId: aws.String("ApiCachePolicy"), ResourceType: aws.String("AWS::CloudFront::CachePolicy"), ResourceStatus: types.ResourceStatusUpdateFailed,
				ResourceStatusReason: aws.String("Resource update cancelled"), Timestamp: at(20)},
			{LogicalResourceId: aws.String("CollectorFunction"), ResourceType: aws.String("AWS::Lambda::Function"), ResourceStatus: types.ResourceStatusUpdateFailed,
				ResourceStatusReason: aws.String(f.failWith), Timestamp: at(10)},
			{LogicalResourceId: aws.String("OldFunction"), ResourceType: aws.String("AWS::Lambda::Function"), ResourceStatus: types.ResourceStatusCreateFailed,
				ResourceStatusReason: aws.String("a failure of an earlier deploy"), Timestamp: aws.Time(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))},
		}
	}
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
			confirm: true, wantChanged: true, wantExec: true, wantOut: "REPLACES"},
		{name: "scope and details shown", api: &fakeAPI{status: types.StackStatusCreateComplete, changeSet: types.ChangeSetStatusCreateComplete},
			confirm: true, wantChanged: true, wantExec: true,
			wantOut: "Modify  CollectorFunction              AWS::Lambda::Function                -           Properties             Properties.Environment (recreation Never; from ParameterReference Release)"},
		{name: "failure names the failed resources and why", api: &fakeAPI{status: types.StackStatusCreateComplete, changeSet: types.ChangeSetStatusCreateComplete,
			failWith: "Resource handler returned message: \"Uploaded file must be a non-empty zip\""},
			confirm: true, wantChanged: true, wantExec: true, wantErr: "CollectorFunction (AWS::Lambda::Function) UPDATE_FAILED: Resource handler returned message",
			wantOut: "09:00:10  CollectorFunction (AWS::Lambda::Function) UPDATE_FAILED: Resource handler returned message: \"Uploaded file must be a non-empty zip\"\n  09:00:20  ApiCachePolicy"},
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
		if len(api.created.Capabilities) != 1 || api.created.Capabilities[0] != types.CapabilityCapabilityNamedIam {
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

// TestFailureOmitsEarlierEvents checks the failure report lists only this
// operation's failures (not a failure from an earlier deploy).
func TestFailureOmitsEarlierEvents(t *testing.T) {
	api := &fakeAPI{status: types.StackStatusCreateComplete, changeSet: types.ChangeSetStatusCreateComplete, failWith: "boom"}
	var out strings.Builder
	_, err := newStack(api, &out, nil).Apply(context.Background(), change)
	if err == nil || strings.Contains(out.String(), "OldFunction") || !strings.Contains(out.String(), "boom") {
		t.Fatalf("err %v\n%s", err, out.String())
	}
}

// TestCreateAndUpdateSettings checks what each kind of change set asks
// CloudFormation for: a create deletes everything if it fails; an update is
// rolled back on the given alarms; both leave termination protection on.
func TestCreateAndUpdateSettings(t *testing.T) {
	api := &fakeAPI{changeSet: types.ChangeSetStatusCreateComplete}
	if _, err := newStack(api, &strings.Builder{}, nil).Apply(context.Background(), change); err != nil {
		t.Fatal(err)
	}
	if api.created.OnStackFailure != types.OnStackFailureDelete || api.created.RollbackConfiguration != nil || !api.protected {
		t.Errorf("create: OnStackFailure %q, rollback %v, protected %v", api.created.OnStackFailure, api.created.RollbackConfiguration, api.protected)
	}
	api = &fakeAPI{status: types.StackStatusUpdateComplete, changeSet: types.ChangeSetStatusCreateComplete}
	c := change
	c.RollbackAlarms = []string{"arn:aws-cn:cloudwatch:cn-north-1:1:alarm:a", "arn:aws-cn:cloudwatch:cn-north-1:1:alarm:b"}
	var out strings.Builder
	if _, err := newStack(api, &out, nil).Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	rc := api.created.RollbackConfiguration
	if api.created.OnStackFailure != "" || rc == nil || len(rc.RollbackTriggers) != 2 || aws.ToInt32(rc.MonitoringTimeInMinutes) != 10 ||
		aws.ToString(rc.RollbackTriggers[1].Type) != "AWS::CloudWatch::Alarm" || !api.protected {
		t.Errorf("update: %+v protected %v", api.created, api.protected)
	}
	if !strings.Contains(out.String(), "alarm:b") {
		t.Errorf("the rollback alarms are not shown:\n%s", out.String())
	}
}
