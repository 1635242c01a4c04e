package deploy

import (
	"context"
	"fmt"
	"sort"

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
	return set, nil
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
	d.printParameters(names, noEcho, defaults, set, info.Parameters)
	change := stack.Change{TemplateURL: d.Config.templateURL(d.Template), Parameters: set, Keep: kept(names, set, info.Parameters), Tags: d.tags()}
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
	d.printf("would read stack %s; create a change set from %s (CREATE or UPDATE, capability CAPABILITY_IAM, tags %v),\n",
		d.Config.Stack, d.Config.templateURL(d.Template), d.tags())
	d.printf("print its resource changes, ask to confirm, execute it and wait for the stack\n")
	return map[string]string{
		OutPortalURL:      "https://<distribution>.cloudfront.net",
		OutAPIEndpoint:    fmt.Sprintf("https://<api-id>.execute-api.%s.%s/api", d.Config.Region, suffix),
		OutSiteBucket:     "<site-bucket>",
		OutDistributionID: "<distribution-id>",
	}
}
