package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"dunban/infra"
	"dunban/infra/stack"
)

// Logs is the part of the CloudWatch Logs API an adoption uses: whether the
// log groups an earlier stack kept are still there.
type Logs interface {
	cloudwatchlogs.DescribeLogGroupsAPIClient
}

// keptLogGroups returns the template's kept log groups that exist under
// this stack's names, for a stack adopting a bucket named by hand: the log
// groups an earlier stack of the same name retained would otherwise stop
// the new stack from creating its own.
func (d *Deployer) keptLogGroups(ctx context.Context) ([]stack.Resource, error) {
	kept, err := infra.KeptResources(d.Template)
	if err != nil {
		return nil, err
	}
	var out []stack.Resource
	for _, k := range kept {
		if k.Type != "AWS::Logs::LogGroup" {
			continue
		}
		name := k.LogGroupName(d.Config.Stack)
		ok, err := d.logGroupExists(ctx, name)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, stack.Resource{LogicalID: k.LogicalID, Type: k.Type, Identifier: map[string]string{k.Key: name}})
		}
	}
	return out, nil
}

func (d *Deployer) logGroupExists(ctx context.Context, name string) (bool, error) {
	if d.Logs == nil {
		return false, nil
	}
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(d.Logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return false, fmt.Errorf("look for log group %s: %w", name, err)
		}
		for _, g := range page.LogGroups {
			if aws.ToString(g.LogGroupName) == name {
				return true, nil
			}
		}
	}
	return false, nil
}
