// Package stack creates or updates a CloudFormation stack through a change
// set that is shown, and confirmed, before it runs; reads the stack's outputs;
// and deletes it.
package stack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

// API is the part of CloudFormation a deploy uses.
type API interface {
	cloudformation.DescribeStacksAPIClient
	cloudformation.DescribeChangeSetAPIClient
	cloudformation.DescribeStackEventsAPIClient
	DescribeStackResources(ctx context.Context, in *cloudformation.DescribeStackResourcesInput, opts ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error)
	UpdateTerminationProtection(ctx context.Context, in *cloudformation.UpdateTerminationProtectionInput, opts ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error)
	CreateChangeSet(ctx context.Context, in *cloudformation.CreateChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error)
	ExecuteChangeSet(ctx context.Context, in *cloudformation.ExecuteChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error)
	DeleteChangeSet(ctx context.Context, in *cloudformation.DeleteChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error)
	DeleteStack(ctx context.Context, in *cloudformation.DeleteStackInput, opts ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
	DescribeType(ctx context.Context, in *cloudformation.DescribeTypeInput, opts ...func(*cloudformation.Options)) (*cloudformation.DescribeTypeOutput, error)
}

// Stack is one named stack.
type Stack struct {
	API     API
	Name    string
	Out     io.Writer                // progress and the change set
	Confirm func(prompt string) bool // asked before a change set runs; nil runs it
	Now     func() time.Time         // names change sets; nil for time.Now
	Wait    time.Duration            // longest wait for a change set or stack operation (default 1h)
}

// Info is what a deploy needs to know of an existing stack.
type Info struct {
	Exists     bool
	Status     string
	Protected  bool // termination protection on
	Outputs    map[string]string
	Parameters map[string]string // current values (NoEcho ones read as ****)
}

// Describe returns the stack's status, outputs and parameters, or Exists false.
func (s *Stack) Describe(ctx context.Context) (Info, error) {
	out, err := s.API.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(s.Name)})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist") {
			return Info{}, nil
		}
		return Info{}, fmt.Errorf("describe stack %s: %w", s.Name, err)
	}
	if len(out.Stacks) == 0 {
		return Info{}, nil
	}
	st := out.Stacks[0]
	info := Info{Exists: true, Status: string(st.StackStatus), Protected: aws.ToBool(st.EnableTerminationProtection),
		Outputs: map[string]string{}, Parameters: map[string]string{}}
	for _, o := range st.Outputs {
		info.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	for _, p := range st.Parameters {
		info.Parameters[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	return info, nil
}

// Change is a request to create or update the stack.
type Change struct {
	TemplateURL string            // the template, uploaded to S3
	Parameters  map[string]string // values to set
	Keep        []string          // parameters of an existing stack to keep at their current value
	Tags        map[string]string
	// RollbackAlarms are CloudWatch alarm ARNs that roll an update back if
	// they go off while it runs or within MonitorMinutes after it.
	RollbackAlarms []string
	MonitorMinutes int32
}

// ErrDeclined is returned when the change set was not confirmed.
var ErrDeclined = errors.New("change set not confirmed; nothing was changed")

// Apply creates a change set, prints it, asks to confirm, executes it and
// waits for the stack to settle. It reports whether anything changed.
func (s *Stack) Apply(ctx context.Context, c Change) (bool, error) {
	info, err := s.Describe(ctx)
	if err != nil {
		return false, err
	}
	if info.Status == string(types.StackStatusRollbackComplete) {
		return false, fmt.Errorf("stack %s failed to create earlier (ROLLBACK_COMPLETE): read its events, run make destroy, then deploy again", s.Name)
	}
	kind := types.ChangeSetTypeCreate
	if info.Exists && info.Status != string(types.StackStatusReviewInProgress) {
		kind = types.ChangeSetTypeUpdate
	}
	in := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(s.Name),
		ChangeSetName: aws.String(s.changeSetName()),
		ChangeSetType: kind,
		TemplateURL:   aws.String(c.TemplateURL),
		Parameters:    parameters(c, kind == types.ChangeSetTypeUpdate),
		Capabilities:  []types.Capability{types.CapabilityCapabilityNamedIam},
		Tags:          tags(c.Tags),
	}
	if kind == types.ChangeSetTypeCreate {
		// A failed first create leaves nothing behind (no orphan bucket,
		// no ROLLBACK_COMPLETE stack to delete by hand).
		in.OnStackFailure = types.OnStackFailureDelete
	} else if len(c.RollbackAlarms) > 0 {
		in.RollbackConfiguration = rollback(c)
	}
	changed, err := s.run(ctx, in)
	if err != nil || !changed {
		return changed, err
	}
	return true, s.protect(ctx)
}

// run creates the change set, shows it, asks, executes it and waits.
func (s *Stack) run(ctx context.Context, in *cloudformation.CreateChangeSetInput) (bool, error) {
	name, kind := aws.ToString(in.ChangeSetName), in.ChangeSetType
	if _, err := s.API.CreateChangeSet(ctx, in); err != nil {
		return false, fmt.Errorf("create change set %s: %w", name, err)
	}
	cs, empty, err := s.waitChangeSet(ctx, name)
	if err != nil || empty {
		return false, err
	}
	s.print(kind, cs)
	if in.RollbackConfiguration != nil {
		fmt.Fprintf(s.Out, "rolled back if any of these alarms goes off during the update or %d minutes after it:\n", aws.ToInt32(in.RollbackConfiguration.MonitoringTimeInMinutes))
		for _, t := range in.RollbackConfiguration.RollbackTriggers {
			fmt.Fprintf(s.Out, "  %s\n", aws.ToString(t.Arn))
		}
	}
	if s.Confirm != nil && !s.Confirm(fmt.Sprintf("Execute change set %s on stack %s?", name, s.Name)) {
		_, _ = s.API.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(s.Name), ChangeSetName: aws.String(name)})
		return false, ErrDeclined
	}
	started := s.now()
	if _, err := s.API.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		StackName: aws.String(s.Name), ChangeSetName: aws.String(name),
	}); err != nil {
		return false, fmt.Errorf("execute change set %s: %w", name, err)
	}
	fmt.Fprintf(s.Out, "waiting for stack %s …\n", s.Name)
	if err := s.waitStack(ctx, kind); err != nil {
		return true, s.failed(ctx, started, err)
	}
	return true, nil
}

func rollback(c Change) *types.RollbackConfiguration {
	minutes := c.MonitorMinutes
	if minutes == 0 {
		minutes = 10
	}
	rc := &types.RollbackConfiguration{MonitoringTimeInMinutes: aws.Int32(minutes)}
	for _, arn := range c.RollbackAlarms {
		rc.RollbackTriggers = append(rc.RollbackTriggers, types.RollbackTrigger{Arn: aws.String(arn), Type: aws.String("AWS::CloudWatch::Alarm")})
	}
	return rc
}

// protect turns termination protection on, so that only make destroy (which
// asks first and turns it off) deletes the stack.
func (s *Stack) protect(ctx context.Context) error {
	info, err := s.Describe(ctx)
	if err != nil || !info.Exists || info.Protected {
		return err
	}
	return s.Protect(ctx, true)
}

// Protect turns termination protection on or off.
func (s *Stack) Protect(ctx context.Context, on bool) error {
	if _, err := s.API.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
		StackName: aws.String(s.Name), EnableTerminationProtection: aws.Bool(on),
	}); err != nil {
		return fmt.Errorf("termination protection of %s: %w", s.Name, err)
	}
	state := map[bool]string{true: "on", false: "off"}[on]
	fmt.Fprintf(s.Out, "termination protection of stack %s: %s\n", s.Name, state)
	return nil
}

func (s *Stack) changeSetName() string {
	return fmt.Sprintf("dunban-%s", s.now().UTC().Format("20060102-150405"))
}

func parameters(c Change, update bool) []types.Parameter {
	var out []types.Parameter
	for _, k := range slices.Sorted(maps.Keys(c.Parameters)) {
		out = append(out, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(c.Parameters[k])})
	}
	if update {
		for _, k := range c.Keep {
			if _, set := c.Parameters[k]; !set {
				out = append(out, types.Parameter{ParameterKey: aws.String(k), UsePreviousValue: aws.Bool(true)})
			}
		}
	}
	return out
}

func tags(m map[string]string) []types.Tag {
	var out []types.Tag
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// waitChangeSet waits for the change set; a change set without changes is
// deleted and reported empty.
func (s *Stack) waitChangeSet(ctx context.Context, name string) (*cloudformation.DescribeChangeSetOutput, bool, error) {
	in := &cloudformation.DescribeChangeSetInput{StackName: aws.String(s.Name), ChangeSetName: aws.String(name)}
	w := cloudformation.NewChangeSetCreateCompleteWaiter(s.API, func(o *cloudformation.ChangeSetCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Second, 10*time.Second
	})
	cs, werr := w.WaitForOutput(ctx, in, s.wait())
	if werr != nil {
		out, err := s.API.DescribeChangeSet(ctx, in)
		if err != nil {
			return nil, false, fmt.Errorf("change set %s: %w", name, werr)
		}
		reason := aws.ToString(out.StatusReason)
		if out.Status == types.ChangeSetStatusFailed && (strings.Contains(reason, "didn't contain changes") || strings.Contains(reason, "No updates")) {
			fmt.Fprintf(s.Out, "stack %s is up to date: no changes\n", s.Name)
			_, _ = s.API.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(s.Name), ChangeSetName: aws.String(name)})
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("change set %s %s: %s", name, out.Status, reason)
	}
	return cs, false, nil
}

func (s *Stack) waitStack(ctx context.Context, kind types.ChangeSetType) error {
	in := &cloudformation.DescribeStacksInput{StackName: aws.String(s.Name)}
	var err error
	switch kind {
	case types.ChangeSetTypeCreate:
		err = cloudformation.NewStackCreateCompleteWaiter(s.API, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
		}).Wait(ctx, in, s.wait())
	case types.ChangeSetTypeImport:
		err = cloudformation.NewStackImportCompleteWaiter(s.API, func(o *cloudformation.StackImportCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
		}).Wait(ctx, in, s.wait())
	default:
		err = cloudformation.NewStackUpdateCompleteWaiter(s.API, func(o *cloudformation.StackUpdateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
		}).Wait(ctx, in, s.wait())
	}
	if err != nil {
		info, _ := s.Describe(ctx)
		return fmt.Errorf("stack %s did not complete (%s): %w", s.Name, info.Status, err)
	}
	return nil
}

// MissingTypes returns the resource types the region's CloudFormation does
// not offer (a type missing in the China regions, say), so a template that
// cannot deploy there is refused before anything changes.
func (s *Stack) MissingTypes(ctx context.Context, resourceTypes []string) ([]string, error) {
	var missing []string
	for _, t := range resourceTypes {
		_, err := s.API.DescribeType(ctx, &cloudformation.DescribeTypeInput{Type: types.RegistryTypeResource, TypeName: aws.String(t)})
		var nf *types.TypeNotFoundException
		switch {
		case errors.As(err, &nf):
			missing = append(missing, t)
		case err != nil:
			return nil, fmt.Errorf("look up resource type %s: %w", t, err)
		}
	}
	return missing, nil
}

// Delete deletes the stack and waits until it is gone.
func (s *Stack) Delete(ctx context.Context) error {
	if _, err := s.API.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(s.Name)}); err != nil {
		return fmt.Errorf("delete stack %s: %w", s.Name, err)
	}
	fmt.Fprintf(s.Out, "waiting for stack %s to be deleted …\n", s.Name)
	err := cloudformation.NewStackDeleteCompleteWaiter(s.API, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
	}).Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(s.Name)}, s.wait())
	if err != nil {
		return fmt.Errorf("delete stack %s: %w", s.Name, err)
	}
	return nil
}

func (s *Stack) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Stack) wait() time.Duration {
	if s.Wait > 0 {
		return s.Wait
	}
	return time.Hour
}
