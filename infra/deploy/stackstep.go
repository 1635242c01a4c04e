package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"dunban/infra/cfn"
	"dunban/infra/stack"
)

// Outputs of the stack the deploy reads.
const (
	OutPortalURL      = "PortalURL"
	OutAPIEndpoint    = "ApiEndpoint"
	OutSiteBucket     = "SiteBucketName"
	OutSubmissions    = "SubmissionsBucketName"
	OutDistributionID = "DistributionId"
	OutRollbackAlarms = "RollbackAlarmArns"
)

// templateParams lists the template's parameters and which are NoEcho.
func templateParams(template []byte) (names []string, noEcho map[string]bool, defaults cfn.Values, err error) {
	tpl, err := cfn.Parse(template)
	if err != nil {
		return nil, nil, nil, err
	}
	noEcho = map[string]bool{}
	for name, p := range tpl.Typed.Parameters {
		names = append(names, name)
		noEcho[name] = p.NoEcho != nil && *p.NoEcho
	}
	sort.Strings(names)
	return names, noEcho, tpl.Defaults(), nil
}

// parameters returns the values this deploy sets: the code location and
// every -param given, checked against the template.
func (d *Deployer) parameters(zips []Artifact, names []string) (map[string]string, error) {
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	set := map[string]string{"CodeBucket": d.Config.codeBucket()}
	for _, a := range zips {
		set[a.Function.Parameter] = a.Key
	}
	for k, v := range d.Config.Params {
		if !known[k] {
			return nil, fmt.Errorf("-param %s: the template has no such parameter", k)
		}
		set[k] = v
	}
	if _, ok := set["Release"]; !ok {
		set["Release"] = d.release(set)
	}
	return set, nil
}

// release names what is deployed: the git revision and a digest of the
// template and every parameter this deploy sets (the code keys are content
// hashes), so a new value, and with it new function versions, comes exactly
// when the code, the template or a parameter changed.
func (d *Deployer) release(set map[string]string) string {
	h := sha256.New()
	h.Write(d.Template)
	for _, k := range slices.Sorted(maps.Keys(set)) {
		fmt.Fprintf(h, "\x00%s=%s", k, set[k])
	}
	rev := d.Config.Info.Revision
	if rev == "" {
		rev = "unknown"
	}
	if d.Config.Info.Modified {
		rev += "+dirty"
	}
	return rev + "-" + hex.EncodeToString(h.Sum(nil))[:8]
}

// applyStack creates or updates the stack and returns its outputs.
func (d *Deployer) applyStack(ctx context.Context, zips []Artifact) (map[string]string, error) {
	d.step(5, "create or update stack %s through a change set (shown, then executed)", d.Config.Stack)
	names, noEcho, defaults, err := templateParams(d.Template)
	if err != nil {
		return nil, err
	}
	set, err := d.parameters(zips, names)
	if err != nil {
		return nil, err
	}
	if d.Config.DryRun {
		return d.dryRunStack(names, noEcho, defaults, set), nil
	}
	info, err := d.Stack.Describe(ctx)
	if err != nil {
		return nil, err
	}
	if !info.Exists {
		if err := d.adopt(ctx, set); err != nil {
			return nil, err
		}
		if info, err = d.Stack.Describe(ctx); err != nil {
			return nil, err
		}
	}
	d.printParameters(names, noEcho, defaults, set, info.Parameters)
	change := stack.Change{TemplateURL: d.Config.templateURL(d.Template), Parameters: set, Keep: kept(names, set, info.Parameters), Tags: d.tags()}
	if alarms := info.Outputs[OutRollbackAlarms]; alarms != "" {
		change.RollbackAlarms = strings.Split(alarms, ",")
	}
	if _, err := d.Stack.Apply(ctx, change); err != nil {
		return nil, err
	}
	if info, err = d.Stack.Describe(ctx); err != nil {
		return nil, err
	}
	return info.Outputs, nil
}

// resourceTypes lists the template's resource types once each, sorted.
func resourceTypes(template []byte) ([]string, error) {
	tpl, err := cfn.Parse(template)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range tpl.Typed.Resources {
		if t := r.AWSCloudFormationType(); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out, nil
}

// kept lists the parameters an update leaves at their current value.
func kept(names []string, set, current map[string]string) []string {
	var out []string
	for _, n := range names {
		if _, isSet := set[n]; !isSet {
			if _, exists := current[n]; exists {
				out = append(out, n)
			}
		}
	}
	return out
}

// tags are the stack's tags, which CloudFormation copies to every resource:
// fixed, so that a deploy changes only what the code and parameters change
// (the revision is the Release parameter, in the functions' environment).
func (d *Deployer) tags() map[string]string {
	return map[string]string{"project": "dunban"}
}

func (d *Deployer) printParameters(names []string, noEcho map[string]bool, defaults cfn.Values, set, current map[string]string) {
	d.printf("stack parameters:\n")
	for _, n := range names {
		v, source := set[n], "set by this deploy"
		if _, ok := set[n]; !ok {
			if cur, exists := current[n]; exists {
				v, source = cur, "kept from the stack"
			} else {
				v, source = defaults[n], "template default"
			}
		}
		if noEcho[n] {
			v = "****"
		}
		d.printf("  %-30s = %-50q (%s)\n", n, v, source)
	}
}

func (d *Deployer) dryRunStack(names []string, noEcho map[string]bool, defaults cfn.Values, set map[string]string) map[string]string {
	_, suffix := Partition(d.Config.Region)
	d.printParameters(names, noEcho, defaults, set, nil)
	d.printf("would read stack %s; if it does not exist, import the resources an earlier stack kept (the record in s3://%s/%s, or -existing-submissions-bucket%s)\n",
		d.Config.Stack, d.Config.codeBucket(), keptKey(d.Config.Stack), orNone(d.Config.ExistingSubmissions))
	d.printf("create a change set from %s (CREATE with OnStackFailure DELETE, or UPDATE rolled back if the alarms of the RollbackAlarmArns output go off; capability CAPABILITY_NAMED_IAM (the erase role has a name the bucket policy builds), tags %v),\n",
		d.Config.templateURL(d.Template), d.tags())
	d.printf("print its resource changes (action, replacement, scope, details), ask to confirm, execute it, wait for the stack\n")
	d.printf("(on failure: print each failed resource and its reason from the stack's events), and turn termination protection on\n")
	portal, cf := "https://<distribution>.cloudfront.net", "cloudfront.net"
	if partition, _ := Partition(d.Config.Region); partition == "aws-cn" {
		cf = "cloudfront.cn"
	}
	if domain := d.effective(nil)["PortalDomain"]; domain != "" {
		portal = "https://" + domain
	} else {
		portal = "https://<distribution>." + cf
	}
	return map[string]string{
		OutPortalURL:      portal,
		OutAPIEndpoint:    fmt.Sprintf("https://<api-id>.execute-api.%s.%s/api", d.Config.Region, suffix),
		OutSiteBucket:     "<site-bucket>",
		OutDistributionID: "<distribution-id>",
	}
}
