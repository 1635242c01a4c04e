package infra

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kept is a resource the template keeps when the stack is deleted
// (DeletionPolicy Retain or RetainExceptOnCreate): the submissions bucket,
// its policy and the log groups. A later stack imports them again.
type Kept struct {
	LogicalID string
	Type      string
	// Key is the property that identifies it for an import (BucketName,
	// Bucket, LogGroupName); Of, for a bucket policy, the bucket it is on.
	Key, Of string
	// Name is a log group's name as the template writes it, with
	// ${AWS::StackName} still in it (see LogGroupName).
	Name string
}

// LogGroupName is the name the kept log group has under stack.
func (k Kept) LogGroupName(stack string) string {
	return strings.ReplaceAll(k.Name, "${AWS::StackName}", stack)
}

// importKeys are the identifying property of each type the template keeps.
var importKeys = map[string]string{
	"AWS::S3::Bucket":       "BucketName",
	"AWS::S3::BucketPolicy": "Bucket",
	"AWS::Logs::LogGroup":   "LogGroupName",
}

// KeptResources lists the template's kept resources, sorted by logical id.
func KeptResources(template []byte) ([]Kept, error) {
	var doc struct {
		Resources map[string]struct {
			Type           string         `yaml:"Type"`
			DeletionPolicy string         `yaml:"DeletionPolicy"`
			Properties     map[string]any `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	var root yaml.Node
	if err := yaml.Unmarshal(template, &root); err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	stripTags(&root)
	if err := root.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var out []Kept
	for id, r := range doc.Resources {
		if r.DeletionPolicy != "Retain" && r.DeletionPolicy != "RetainExceptOnCreate" {
			continue
		}
		key, ok := importKeys[r.Type]
		if !ok {
			return nil, fmt.Errorf("%s (%s) is kept but cannot be imported again", id, r.Type)
		}
		k := Kept{LogicalID: id, Type: r.Type, Key: key}
		switch r.Type {
		case "AWS::S3::BucketPolicy":
			k.Of, _ = r.Properties["Bucket"].(string) // !Ref Bucket, its tag stripped
		case "AWS::Logs::LogGroup":
			k.Name, _ = r.Properties["LogGroupName"].(string) // !Sub "…", its tag stripped
		}
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b Kept) int { return cmpString(a.LogicalID, b.LogicalID) })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stripTags drops the short-form function tags (!Ref X reads as X).
func stripTags(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
		if len(n.Tag) > 1 && n.Tag[0] == '!' && n.Tag[1] != '!' {
			n.Tag = ""
		}
	}
	for _, c := range n.Content {
		stripTags(c)
	}
}

// ImportTemplate returns the template cut down to the named resources and
// no outputs: what CloudFormation takes to create a stack by importing them
// (parameters, rules and conditions stay, for their properties).
func ImportTemplate(template []byte, logicalIDs []string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(template, &root); err != nil || len(root.Content) != 1 {
		return nil, fmt.Errorf("read template: %v", err)
	}
	top := root.Content[0]
	var kept []*yaml.Node
	found := 0
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, val := top.Content[i], top.Content[i+1]
		switch key.Value {
		case "Outputs":
			continue
		case "Resources":
			var res []*yaml.Node
			for j := 0; j+1 < len(val.Content); j += 2 {
				if slices.Contains(logicalIDs, val.Content[j].Value) {
					res = append(res, val.Content[j], val.Content[j+1])
					found++
				}
			}
			val.Content = res
		}
		kept = append(kept, key, val)
	}
	if found != len(logicalIDs) {
		return nil, fmt.Errorf("the template lacks some of %v", logicalIDs)
	}
	top.Content = kept
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
