package deploy

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/infra/sitesync"
	"dunban/lambda/record"
)

// Destroy empties the site bucket (it only holds what a deploy rebuilds) and
// deletes the stack. The submissions bucket is retained by the template's
// DeletionPolicy and never emptied: the submissions in it are kept.
func (d *Deployer) Destroy(ctx context.Context, confirm func(prompt string) bool) error {
	d.step(1, "read stack %s in %s", d.Config.Stack, d.Config.Region)
	if d.Config.DryRun {
		d.dryRunDestroy()
		return nil
	}
	info, err := d.Stack.Describe(ctx)
	if err != nil {
		return err
	}
	if !info.Exists {
		d.printf("stack %s does not exist: nothing to do\n", d.Config.Stack)
		return nil
	}
	subs := info.Outputs[OutSubmissions]
	n, err := d.countSubmissions(ctx, subs)
	if err != nil {
		return err
	}
	d.printf("the submissions bucket s3://%s holds %s under submissions/; it is KEPT (DeletionPolicy Retain)\n", subs, n)
	if confirm != nil && !confirm(fmt.Sprintf("Delete stack %s (portal, API, functions, alarms, Athena tables)?", d.Config.Stack)) {
		return fmt.Errorf("not confirmed; nothing was deleted")
	}
	kept, err := d.recordKept(ctx)
	if err != nil {
		return err
	}
	d.printf("kept, and recorded in s3://%s/%s for the next deploy to import:\n", d.Config.codeBucket(), keptKey(d.Config.Stack))
	for _, r := range kept {
		d.printf("  %-24s %v\n", r.LogicalID, r.Identifier)
	}
	if site := info.Outputs[OutSiteBucket]; site != "" {
		d.step(2, "empty the site bucket s3://%s", site)
		s := &sitesync.Syncer{Client: d.S3, Bucket: site, Log: d.Out}
		// An empty site: syncing it deletes everything.
		if _, err := s.Sync(ctx, fstest.MapFS{}); err != nil {
			return err
		}
	}
	d.step(3, "delete stack %s", d.Config.Stack)
	if info.Protected {
		if err := d.Stack.Protect(ctx, false); err != nil {
			return err
		}
	}
	if err := d.Stack.Delete(ctx); err != nil {
		return err
	}
	d.printf("deleted. Kept: s3://%s (submissions), its policy and the log groups (a deploy of stack %s imports them again), and s3://%s (code).\n"+
		"Delete them by hand only when you no longer need them.\n", subs, d.Config.Stack, d.Config.codeBucket())
	return nil
}

// countSubmissions counts objects under submissions/ (up to a first page).
func (d *Deployer) countSubmissions(ctx context.Context, bucket string) (string, error) {
	if bucket == "" {
		return "nothing", nil
	}
	out, err := d.S3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(record.SubmissionsPrefix)})
	if err != nil {
		return "", fmt.Errorf("list s3://%s/%s: %w", bucket, record.SubmissionsPrefix, err)
	}
	if aws.ToBool(out.IsTruncated) {
		return fmt.Sprintf("more than %d objects", len(out.Contents)), nil
	}
	return fmt.Sprintf("%d objects", len(out.Contents)), nil
}

func (d *Deployer) dryRunDestroy() {
	d.printf("would read the stack's outputs and count the objects under submissions/\n")
	d.step(2, "empty the site bucket (the built portal only)")
	d.printf("would ask to confirm, record what the stack keeps in s3://%s/%s (for the next deploy to import), then delete every object of the SiteBucketName output's bucket\n",
		d.Config.codeBucket(), keptKey(d.Config.Stack))
	d.step(3, "delete the stack")
	d.printf("would turn termination protection off, delete stack %s and wait; the submissions bucket (DeletionPolicy RetainExceptOnCreate), its policy, the log groups (Retain) and the code bucket %s are kept\n",
		d.Config.Stack, d.Config.codeBucket())
}
