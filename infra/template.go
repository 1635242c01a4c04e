// Package infra holds dunban's CloudFormation template: everything the portal,
// the form collector and the admin bundles need in one AWS account, in the
// aws or the aws-cn partition.
package infra

import _ "embed"

// Template is infra/template.yaml.
//
//go:embed template.yaml
var Template []byte
