package deploy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"dunban/infra/sitesync"
)

// Invalidator is the part of the CloudFront API a deploy uses.
type Invalidator interface {
	CreateInvalidation(ctx context.Context, in *cloudfront.CreateInvalidationInput, opts ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error)
}

// API is where the portal's forms post in every deployment, as under make
// run: /api on the portal's own origin (CloudFront sends it to the HTTP API).
const API = "/api"

// SiteCommand returns the command that builds the portal, its forms posting
// to /api, with absolute addresses (sitemap, feed, robots.txt) under portalURL.
func SiteCommand(content, out, portalURL string) Command {
	return Command{Args: []string{"go", "run", "./site/cmd/dunban", "build", "-content", content, "-out", out, "-api", API, "-base", portalURL}}
}

// publishSite builds the portal, uploads it and invalidates CloudFront.
func (d *Deployer) publishSite(ctx context.Context, outputs map[string]string) error {
	for _, k := range []string{OutSiteBucket, OutDistributionID, OutPortalURL} {
		if outputs[k] == "" {
			return fmt.Errorf("the stack has no %s output", k)
		}
	}
	d.step(6, "build the portal for %s, its forms posting to %s there", outputs[OutPortalURL], API)
	out := filepath.Join(d.Config.Build, "public")
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	cmd := SiteCommand(d.Config.Content, out, outputs[OutPortalURL])
	d.printf("$ %s\n", cmd)
	if err := d.Runner.Run(ctx, cmd); err != nil {
		return fmt.Errorf("build the portal: %w", err)
	}
	if err := d.uploadSite(ctx, out, outputs[OutSiteBucket]); err != nil {
		return err
	}
	if err := d.invalidate(ctx, outputs[OutDistributionID]); err != nil {
		return err
	}
	d.summary(outputs)
	return nil
}

func (d *Deployer) uploadSite(ctx context.Context, dir, bucket string) error {
	d.step(7, "upload the portal to s3://%s", bucket)
	site := os.DirFS(dir)
	if d.Config.DryRun {
		files, err := sitesync.Plan(site)
		if err != nil {
			return err
		}
		d.printf("would upload (unless unchanged; fingerprinted assets first, other files next, HTML last) %d objects:\n", len(files))
		if err := sitesync.Describe(d.Out, files); err != nil {
			return err
		}
		d.printf("would delete every other object in s3://%s, except the previous build's fingerprinted assets (listed in %s), kept one more deploy for pages cached before this one\n", bucket, sitesync.Manifest)
		return nil
	}
	s := &sitesync.Syncer{Client: d.S3, Bucket: bucket, Force: d.Config.Force, Log: d.Out, KeepPrevious: true}
	res, err := s.Sync(ctx, site)
	if err != nil {
		return err
	}
	d.printf("%d uploaded (assets first, pages last), %d unchanged, %d deleted, %d assets of the previous build kept for one more deploy\n",
		len(res.Uploaded), len(res.Unchanged), len(res.Deleted), len(res.Kept))
	return nil
}

func (d *Deployer) invalidate(ctx context.Context, distribution string) error {
	d.step(8, "invalidate CloudFront distribution %s", distribution)
	if d.Config.DryRun {
		d.printf("would invalidate /* so every edge fetches the new pages\n")
		return nil
	}
	out, err := d.CloudFront.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(distribution),
		InvalidationBatch: &cftypes.InvalidationBatch{
			CallerReference: aws.String(strconv.FormatInt(d.now().UnixNano(), 10)),
			Paths:           &cftypes.Paths{Quantity: aws.Int32(1), Items: []string{"/*"}},
		},
	})
	if err != nil {
		return fmt.Errorf("invalidate %s: %w", distribution, err)
	}
	d.printf("invalidation %s started (takes a few minutes)\n", aws.ToString(out.Invalidation.Id))
	return nil
}

// summary prints where everything is once the deploy is done.
func (d *Deployer) summary(outputs map[string]string) {
	d.printf("\nportal:       %s\napi:          %s%s/ (CloudFront → %s)\n", outputs[OutPortalURL], outputs[OutPortalURL], API, outputs[OutAPIEndpoint])
	if b := outputs[OutSubmissions]; b != "" {
		d.printf("submissions:  s3://%s/submissions/ (kept if the stack is deleted)\n", b)
	}
	if db, wg := outputs["GlueDatabaseName"], outputs["AthenaWorkGroupName"]; db != "" {
		d.printf("athena:       database %s, workgroup %s\n", db, wg)
	}
	if t := outputs["AlarmTopicArn"]; t != "" {
		d.printf("alarms:       %s (confirm the e-mail subscription)\n", t)
	}
}
