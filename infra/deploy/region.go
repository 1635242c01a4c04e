package deploy

import (
	"context"
	"fmt"
	"strings"

	"dunban/infra"
)

const oacType = "AWS::CloudFront::OriginAccessControl"

// checkRegion makes sure the region's CloudFormation offers every resource
// type of the template before anything is uploaded or changed. Where only
// Origin Access Control is missing (as it was in the China regions), the
// site bucket is read through an origin access identity instead.
func (d *Deployer) checkRegion(ctx context.Context) error {
	types, err := resourceTypes(d.Template)
	if err != nil {
		return err
	}
	d.step(3, "check that CloudFormation in %s offers the template's %d resource types", d.Config.Region, len(types))
	if d.Config.DryRun {
		d.printf("would look up %s\n", strings.Join(types, ", "))
		d.printf("(if only %s is missing, the site bucket is read through an origin access identity instead)\n", oacType)
		return nil
	}
	missing, err := d.Stack.MissingTypes(ctx, types)
	if err != nil {
		return err
	}
	switch {
	case len(missing) == 0:
		d.printf("all offered\n")
		return nil
	case len(missing) == 1 && missing[0] == oacType:
		t, err := infra.WithOriginAccessIdentity(d.Template)
		if err != nil {
			return err
		}
		d.Template = t
		d.printf("%s is not offered in %s: the site bucket will be read through a CloudFront origin access identity instead (still private, this distribution only)\n", oacType, d.Config.Region)
		return nil
	}
	return fmt.Errorf("CloudFormation in %s does not offer %s; nothing was changed", d.Config.Region, strings.Join(missing, ", "))
}
