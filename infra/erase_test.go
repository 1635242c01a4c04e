package infra_test

import (
	"fmt"
	"slices"

	"dunban/infra/cfn"
	"dunban/lambda/form"
)

// retention checks that submissions, cases' markdown and report files
// expire after RetentionDays, whose default is the period every form's
// personal-information notice promises (form.RetentionDays).
func retention(tpl *cfn.Template) (bad []string) {
	params := tpl.Section("Parameters")
	p, _ := params["RetentionDays"].(map[string]any)
	if d := fmt.Sprint(p["Default"]); d != fmt.Sprint(form.RetentionDays) {
		bad = append(bad, fmt.Sprintf("RetentionDays default %s, but the forms' notice promises %d days", d, form.RetentionDays))
	}
	b, err := tpl.Typed.GetS3BucketWithName("SubmissionsBucket")
	if err != nil || b.LifecycleConfiguration == nil {
		return append(bad, "no lifecycle on the submissions bucket")
	}
	expires := map[string]bool{}
	for _, r := range b.LifecycleConfiguration.Rules {
		if r.Status == "Enabled" && deref(r.ExpirationInDays) == form.RetentionDays && r.NoncurrentVersionExpiration != nil &&
			r.NoncurrentVersionExpiration.NoncurrentDays <= 7 {
			expires[deref(r.Prefix)] = true
		}
	}
	for _, prefix := range []string{"submissions/", "uploads/"} {
		if !expires[prefix] {
			bad = append(bad, fmt.Sprintf("no lifecycle rule expiring %s after RetentionDays (and its old versions soon after)", prefix))
		}
	}
	return bad
}

// eraseRoleArn is the EraseRole's ARN as the bucket policy builds it.
const eraseRoleArn = "!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-${AWS::Region}-erase"

// erasure checks that only the EraseRole may delete under submissions/ and
// uploads/, only object versions, that it needs MFA, and that it can do no
// more than erasing needs.
func erasure(tpl *cfn.Template) (bad []string) {
	data := []string{"!Sub ${SubmissionsBucket.Arn}/submissions/*", "!Sub ${SubmissionsBucket.Arn}/uploads/*"}
	policy := policyOf(tpl, "SubmissionsBucket")
	if !slices.ContainsFunc(policy, func(st cfn.Statement) bool {
		ne, _ := st.Conditions["ArnNotEquals"].(map[string]any)
		return st.Effect == "Deny" && st.Principal == "*" && slices.Equal(st.Actions, []string{"s3:DeleteObject", "s3:DeleteObjectVersion"}) &&
			slices.Equal(st.Resources, data) && len(st.Conditions) == 1 && cfn.Show(fmt.Sprint(ne["aws:PrincipalArn"])) == eraseRoleArn
	}) {
		bad = append(bad, "no statement denying deletes under submissions/ and uploads/ to everyone but the EraseRole")
	}
	if !slices.ContainsFunc(policy, func(st cfn.Statement) bool {
		return st.Effect == "Deny" && st.Principal == "*" && slices.Equal(st.Actions, []string{"s3:DeleteObject"}) &&
			slices.Equal(st.Resources, data) && len(st.Conditions) == 0
	}) {
		bad = append(bad, "no statement denying plain deletes (delete markers) under submissions/ and uploads/ to everyone")
	}
	r, ok := tpl.Typed.GetAllIAMRoleResources()["EraseRole"]
	if !ok {
		return append(bad, "no EraseRole")
	}
	if cfn.Show(deref(r.RoleName)) != "!Sub ${AWS::StackName}-${AWS::Region}-erase" {
		bad = append(bad, "EraseRole: its name must be the one the bucket policy builds its ARN from")
	}
	trust := cfn.Statements(r.AssumeRolePolicyDocument)
	mfa := func(st cfn.Statement) bool {
		b, _ := st.Conditions["Bool"].(map[string]any)
		return b["aws:MultiFactorAuthPresent"] == "true"
	}
	if len(trust) != 1 || !mfa(trust[0]) || len(r.ManagedPolicyArns) > 0 {
		bad = append(bad, "EraseRole: only the account's principals with MFA may assume it, with no managed policies")
	}
	allowed := map[string][]string{
		"s3:ListBucket": {"!GetAtt SubmissionsBucket.Arn"}, "s3:ListBucketVersions": {"!GetAtt SubmissionsBucket.Arn"},
		"s3:GetObject": data, "s3:GetObjectVersion": data, "s3:PutObject": append(slices.Clone(data), "!Sub ${SubmissionsBucket.Arn}/logs/*"),
		"s3:DeleteObjectVersion": data,
	}
	for _, p := range r.Policies {
		for _, st := range cfn.Statements(p.PolicyDocument) {
			bad = append(bad, statementProblems("EraseRole", allowed, st)...)
		}
	}
	return bad
}
