package stack

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Resource is an existing resource, named by the properties that identify
// it (e.g. BucketName for an AWS::S3::Bucket), for a stack to import.
type Resource struct {
	LogicalID  string            `json:"logicalId"`
	Type       string            `json:"type"`
	Identifier map[string]string `json:"identifier"`
}

// Import creates the stack from existing resources: those an earlier stack
// of the same template kept when it was deleted (its DeletionPolicy Retain).
// c.TemplateURL must hold a template with exactly those resources and no
// outputs; the full template follows as an update.
func (s *Stack) Import(ctx context.Context, c Change, resources []Resource) error {
	in := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(s.Name),
		ChangeSetName: aws.String(s.changeSetName()),
		ChangeSetType: types.ChangeSetTypeImport,
		TemplateURL:   aws.String(c.TemplateURL),
		Parameters:    parameters(c, false),
		Capabilities:  []types.Capability{types.CapabilityCapabilityNamedIam},
		Tags:          tags(c.Tags),
	}
	for _, r := range resources {
		in.ResourcesToImport = append(in.ResourcesToImport, types.ResourceToImport{
			LogicalResourceId: aws.String(r.LogicalID), ResourceType: aws.String(r.Type), ResourceIdentifier: r.Identifier,
		})
	}
	if _, err := s.run(ctx, in); err != nil {
		return fmt.Errorf("import into stack %s: %w", s.Name, err)
	}
	return nil
}

// PhysicalIDs returns the physical id of each of the stack's resources, by
// logical id.
func (s *Stack) PhysicalIDs(ctx context.Context) (map[string]string, error) {
	out, err := s.API.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(s.Name)})
	if err != nil {
		return nil, fmt.Errorf("describe resources of %s: %w", s.Name, err)
	}
	ids := map[string]string{}
	for _, r := range out.StackResources {
		ids[aws.ToString(r.LogicalResourceId)] = aws.ToString(r.PhysicalResourceId)
	}
	return ids, nil
}
