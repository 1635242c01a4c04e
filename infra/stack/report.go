package stack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// print writes the change set as a table: what happens to each resource,
// whether it is replaced, which parts change (scope) and why (details).
func (s *Stack) print(kind types.ChangeSetType, cs *cloudformation.DescribeChangeSetOutput) {
	fmt.Fprintf(s.Out, "change set %s (%s) on stack %s:\n", aws.ToString(cs.ChangeSetName), kind, s.Name)
	fmt.Fprintf(s.Out, "  %-7s %-30s %-36s %-11s %-22s %s\n", "ACTION", "RESOURCE", "TYPE", "REPLACE", "SCOPE", "DETAILS")
	for _, c := range cs.Changes {
		r := c.ResourceChange
		if r == nil {
			continue
		}
		replace := "-"
		switch r.Replacement {
		case types.ReplacementTrue:
			replace = "REPLACES"
		case types.ReplacementConditional:
			replace = "may replace"
		}
		var scope []string
		for _, sc := range r.Scope {
			scope = append(scope, string(sc))
		}
		fmt.Fprintf(s.Out, "  %-7s %-30s %-36s %-11s %-22s %s\n", r.Action, aws.ToString(r.LogicalResourceId),
			aws.ToString(r.ResourceType), replace, orDash(strings.Join(scope, ",")), orDash(details(r.Details)))
	}
}

// details lists what changes in a resource, e.g. "Properties.Environment
// (recreation Never; from parameter Release)".
func details(ds []types.ResourceChangeDetail) string {
	var out []string
	for _, d := range ds {
		t := d.Target
		if t == nil {
			continue
		}
		what := string(t.Attribute)
		if n := aws.ToString(t.Name); n != "" {
			what += "." + n
		}
		why := []string{"recreation " + orDash(string(t.RequiresRecreation))}
		if src := string(d.ChangeSource); src != "" {
			from := src
			if e := aws.ToString(d.CausingEntity); e != "" {
				from += " " + e
			}
			why = append(why, "from "+from)
		}
		out = append(out, what+" ("+strings.Join(why, "; ")+")")
	}
	return strings.Join(out, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// failed reads the stack's events since the operation started and returns
// an error naming each resource that failed and why, after printing them.
func (s *Stack) failed(ctx context.Context, since time.Time, cause error) error {
	events, err := s.failures(ctx, since)
	if err != nil {
		return fmt.Errorf("%w (and reading its events: %v)", cause, err)
	}
	if len(events) == 0 {
		return fmt.Errorf("%w; no failed resource in the stack's events", cause)
	}
	fmt.Fprintf(s.Out, "stack %s failed; the failed resources, first failure first:\n", s.Name)
	var reasons []string
	for _, e := range events {
		line := fmt.Sprintf("%s (%s) %s: %s", aws.ToString(e.LogicalResourceId), aws.ToString(e.ResourceType),
			e.ResourceStatus, aws.ToString(e.ResourceStatusReason))
		fmt.Fprintf(s.Out, "  %s  %s\n", aws.ToTime(e.Timestamp).UTC().Format("15:04:05"), line)
		reasons = append(reasons, line)
	}
	return errors.Join(cause, errors.New(reasons[0]))
}

// failures returns the *_FAILED events newer than since, oldest first.
func (s *Stack) failures(ctx context.Context, since time.Time) ([]types.StackEvent, error) {
	p := cloudformation.NewDescribeStackEventsPaginator(s.API, &cloudformation.DescribeStackEventsInput{StackName: aws.String(s.Name)})
	var out []types.StackEvent
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe stack events of %s: %w", s.Name, err)
		}
		for _, e := range page.StackEvents { // newest first
			if aws.ToTime(e.Timestamp).Before(since.Add(-time.Minute)) {
				return out, nil
			}
			if strings.HasSuffix(string(e.ResourceStatus), "_FAILED") {
				out = append([]types.StackEvent{e}, out...)
			}
		}
	}
	return out, nil
}
