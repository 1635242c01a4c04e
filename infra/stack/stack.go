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
	info := Info{Exists: true, Status: string(st.StackStatus), Outputs: map[string]string{}, Parameters: map[string]string{}}
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
	name := fmt.Sprintf("dunban-%s", s.now().UTC().Format("20060102-150405"))
	_, err = s.API.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(s.Name),
		ChangeSetName: aws.String(name),
		ChangeSetType: kind,
		TemplateURL:   aws.String(c.TemplateURL),
		Parameters:    parameters(c, kind == types.ChangeSetTypeUpdate),
		Capabilities:  []types.Capability{types.CapabilityCapabilityIam},
		Tags:          tags(c.Tags),
	})
	if err != nil {
		return false, fmt.Errorf("create change set %s: %w", name, err)
	}
	cs, empty, err := s.waitChangeSet(ctx, name)
	if err != nil || empty {
		return false, err
	}
	s.print(kind, cs)
	if s.Confirm != nil && !s.Confirm(fmt.Sprintf("Execute change set %s on stack %s?", name, s.Name)) {
		_, _ = s.API.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(s.Name), ChangeSetName: aws.String(name)})
		return false, ErrDeclined
	}
	if _, err := s.API.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		StackName: aws.String(s.Name), ChangeSetName: aws.String(name),
	}); err != nil {
		return false, fmt.Errorf("execute change set %s: %w", name, err)
	}
	fmt.Fprintf(s.Out, "waiting for stack %s …\n", s.Name)
	return true, s.waitStack(ctx, kind)
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
	if kind == types.ChangeSetTypeCreate {
		err = cloudformation.NewStackCreateCompleteWaiter(s.API, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
		}).Wait(ctx, in, s.wait())
	} else {
		err = cloudformation.NewStackUpdateCompleteWaiter(s.API, func(o *cloudformation.StackUpdateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 5*time.Second, 30*time.Second
		}).Wait(ctx, in, s.wait())
	}
	if err != nil {
		info, _ := s.Describe(ctx)
		return fmt.Errorf("stack %s did not complete (%s): %w; see its events in the CloudFormation console", s.Name, info.Status, err)
	}
	return nil
}

// print writes the change set as a table of resource changes.
func (s *Stack) print(kind types.ChangeSetType, cs *cloudformation.DescribeChangeSetOutput) {
	fmt.Fprintf(s.Out, "change set %s (%s) on stack %s:\n", aws.ToString(cs.ChangeSetName), kind, s.Name)
	for _, c := range cs.Changes {
		r := c.ResourceChange
		if r == nil {
			continue
		}
		replace := ""
		if r.Replacement == types.ReplacementTrue {
			replace = "  REPLACES the resource"
		} else if r.Replacement == types.ReplacementConditional {
			replace = "  may replace the resource"
		}
		fmt.Fprintf(s.Out, "  %-7s %-34s %-40s%s\n", r.Action, aws.ToString(r.LogicalResourceId), aws.ToString(r.ResourceType), replace)
	}
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
