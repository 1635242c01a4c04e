package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"dunban/infra/sitesync"
)

// S3 is the part of the S3 API a deploy uses: the code bucket and the site sync.
type S3 interface {
	sitesync.Client
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutBucketPolicy(ctx context.Context, in *s3.PutBucketPolicyInput, opts ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error)
	PutBucketLifecycleConfiguration(ctx context.Context, in *s3.PutBucketLifecycleConfigurationInput, opts ...func(*s3.Options)) (*s3.PutBucketLifecycleConfigurationOutput, error)
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput, opts ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
	CreateBucket(ctx context.Context, in *s3.CreateBucketInput, opts ...func(*s3.Options)) (*s3.CreateBucketOutput, error)
	PutPublicAccessBlock(ctx context.Context, in *s3.PutPublicAccessBlockInput, opts ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error)
}

// templateKey is where the template goes in the code bucket (by content).
func templateKey(template []byte) string {
	sum := sha256.Sum256(template)
	return "templates/dunban-" + hex.EncodeToString(sum[:])[:16] + ".yaml"
}

// templateURL is the address CloudFormation reads the uploaded template from.
func (c Config) templateURL(template []byte) string {
	_, suffix := Partition(c.Region)
	return fmt.Sprintf("https://%s.s3.%s.%s/%s", c.codeBucket(), c.Region, suffix, templateKey(template))
}

// uploadArtifacts makes sure the private code bucket exists and holds the
// zips and the template.
func (d *Deployer) uploadArtifacts(ctx context.Context, zips []Artifact) error {
	template := d.Template
	bucket := d.Config.codeBucket()
	d.step(4, "upload the zips and the template to the code bucket s3://%s", bucket)
	if d.Config.DryRun {
		d.printf("would create s3://%s if missing (private: Block Public Access on) and set its TLS-only policy and lifecycle (%s)\n", bucket, lifecycleSummary)
		for _, a := range zips {
			d.printf("would upload %s → s3://%s/%s\n", a.Path, bucket, a.Key)
		}
		d.printf("would upload the template (%d bytes) → s3://%s/%s\n", len(template), bucket, templateKey(template))
		return nil
	}
	if err := d.ensureBucket(ctx, bucket); err != nil {
		return err
	}
	for _, a := range zips {
		data, err := os.ReadFile(a.Path)
		if err != nil {
			return err
		}
		if err := d.putOnce(ctx, bucket, a.Key, data); err != nil {
			return err
		}
	}
	return d.putOnce(ctx, bucket, templateKey(template), template)
}

func (d *Deployer) ensureBucket(ctx context.Context, bucket string) error {
	if _, err := d.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err == nil {
		return d.hardenBucket(ctx, bucket)
	}
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if d.Config.Region != "us-east-1" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(d.Config.Region)}
	}
	if _, err := d.S3.CreateBucket(ctx, in); err != nil {
		return fmt.Errorf("create code bucket %s: %w", bucket, err)
	}
	_, err := d.S3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket: aws.String(bucket),
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
		},
	})
	if err != nil {
		return fmt.Errorf("block public access on %s: %w", bucket, err)
	}
	d.printf("created private code bucket s3://%s\n", bucket)
	return d.hardenBucket(ctx, bucket)
}

// Lifecycle of the code bucket: templates are read only while a change set
// is made; zips are re-uploaded by every deploy that uses them once they are
// a month old (putOnce), so only zips no deploy used for a year expire.
const (
	templateDays     = 30
	zipDays          = 400
	refreshAfter     = 30 * 24 * time.Hour
	lifecycleSummary = "templates/ expire after 30 days, lambda/ zips 400 days after their last upload, unfinished uploads after a day"
)

// hardenBucket (re)applies the code bucket's TLS-only policy and lifecycle
// on every deploy, so a bucket made by an older deploy gets them too.
func (d *Deployer) hardenBucket(ctx context.Context, bucket string) error {
	partition, _ := Partition(d.Config.Region)
	if _, err := d.S3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(tlsOnlyPolicy(partition, bucket))}); err != nil {
		return fmt.Errorf("TLS-only policy on %s: %w", bucket, err)
	}
	rule := func(id, prefix string, days int32) types.LifecycleRule {
		return types.LifecycleRule{ID: aws.String(id), Status: types.ExpirationStatusEnabled,
			Filter:     &types.LifecycleRuleFilter{Prefix: aws.String(prefix)},
			Expiration: &types.LifecycleExpiration{Days: aws.Int32(days)}}
	}
	_, err := d.S3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(bucket),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{
			rule("expire-templates", "templates/", templateDays),
			rule("expire-unused-zips", "lambda/", zipDays),
			{ID: aws.String("abort-incomplete-uploads"), Status: types.ExpirationStatusEnabled, Filter: &types.LifecycleRuleFilter{Prefix: aws.String("")},
				AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(1)}},
		}},
	})
	if err != nil {
		return fmt.Errorf("lifecycle of %s: %w", bucket, err)
	}
	d.printf("code bucket s3://%s: TLS-only policy and lifecycle (%s) set\n", bucket, lifecycleSummary)
	return nil
}

// tlsOnlyPolicy denies every request to the bucket made without TLS.
func tlsOnlyPolicy(partition, bucket string) string {
	arn := "arn:" + partition + ":s3:::" + bucket
	b, _ := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
			"Resource":  []string{arn, arn + "/*"},
			"Condition": map[string]any{"Bool": map[string]string{"aws:SecureTransport": "false"}},
		}},
	})
	return string(b)
}

// putOnce uploads data unless the key (named by its content) is already
// there and less than a month old (older ones are uploaded again, so the
// lifecycle never expires a zip in use).
func (d *Deployer) putOnce(ctx context.Context, bucket, key string, data []byte) error {
	head, err := d.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err == nil && d.now().Sub(aws.ToTime(head.LastModified)) < refreshAfter {
		d.printf("s3://%s/%s already uploaded\n", bucket, key)
		return nil
	}
	var ae smithy.APIError
	if err != nil && (!errors.As(err, &ae) || (ae.ErrorCode() != "NotFound" && ae.ErrorCode() != "NoSuchKey")) {
		return fmt.Errorf("head s3://%s/%s: %w", bucket, key, err)
	}
	if _, err := d.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data),
	}); err != nil {
		return fmt.Errorf("upload s3://%s/%s: %w", bucket, key, err)
	}
	d.printf("uploaded s3://%s/%s (%s)\n", bucket, key, mib(int64(len(data))))
	return nil
}
