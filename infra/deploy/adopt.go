package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"dunban/infra"
	"dunban/infra/stack"
)

// keptKey is where make destroy records, in the code bucket (which it
// keeps), the resources the stack kept: the next deploy imports them.
func keptKey(stackName string) string {
	return "kept/" + stackName + ".json"
}

func orNone(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// adopt creates a stack that does not exist yet by importing what an
// earlier stack of the same name kept (the submissions bucket, its policy,
// the log groups), so a deploy after make destroy carries on with the kept
// records instead of starting an empty bucket beside them.
func (d *Deployer) adopt(ctx context.Context, set map[string]string) error {
	resources, err := d.keptResources(ctx)
	if err != nil || len(resources) == 0 {
		return err
	}
	d.printf("importing what an earlier stack %s kept, before the first update:\n", d.Config.Stack)
	var ids []string
	for _, r := range resources {
		d.printf("  %-24s %-24s %v\n", r.LogicalID, r.Type, r.Identifier)
		ids = append(ids, r.LogicalID)
	}
	tpl, err := infra.ImportTemplate(d.Template, ids)
	if err != nil {
		return err
	}
	if err := d.putOnce(ctx, d.Config.codeBucket(), templateKey(tpl), tpl); err != nil {
		return err
	}
	change := stack.Change{TemplateURL: d.Config.templateURL(tpl), Parameters: set, Tags: d.tags()}
	if err := d.Stack.Import(ctx, change, resources); err != nil {
		return err
	}
	_, err = d.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(d.Config.codeBucket()),
		Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String(keptKey(d.Config.Stack))}}}})
	if err != nil {
		return fmt.Errorf("imported; but the record s3://%s/%s could not be deleted: %w", d.Config.codeBucket(), keptKey(d.Config.Stack), err)
	}
	return nil
}

// keptResources returns what to import: the bucket named by
// -existing-submissions-bucket (with its policy and the kept log groups
// still there), else the destroy's record.
func (d *Deployer) keptResources(ctx context.Context) ([]stack.Resource, error) {
	if b := d.Config.ExistingSubmissions; b != "" {
		logs, err := d.keptLogGroups(ctx)
		if err != nil {
			return nil, err
		}
		return append([]stack.Resource{
			{LogicalID: "SubmissionsBucket", Type: "AWS::S3::Bucket", Identifier: map[string]string{"BucketName": b}},
			{LogicalID: "SubmissionsBucketPolicy", Type: "AWS::S3::BucketPolicy", Identifier: map[string]string{"Bucket": b}},
		}, logs...), nil
	}
	out, err := d.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(d.Config.codeBucket()), Key: aws.String(keptKey(d.Config.Stack))})
	var nf *types.NoSuchKey
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", d.Config.codeBucket(), keptKey(d.Config.Stack), err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, err
	}
	var rs []stack.Resource
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("s3://%s/%s: %w", d.Config.codeBucket(), keptKey(d.Config.Stack), err)
	}
	return rs, nil
}

// recordKept writes, before the stack is deleted, which resources it keeps
// and their names, for the next deploy to import.
func (d *Deployer) recordKept(ctx context.Context) ([]stack.Resource, error) {
	kept, err := infra.KeptResources(d.Template)
	if err != nil {
		return nil, err
	}
	ids, err := d.Stack.PhysicalIDs(ctx)
	if err != nil {
		return nil, err
	}
	var rs []stack.Resource
	for _, k := range kept {
		of := k.LogicalID
		if k.Of != "" {
			of = k.Of
		}
		if ids[of] == "" {
			continue // not created (a condition, or a stack that failed early)
		}
		rs = append(rs, stack.Resource{LogicalID: k.LogicalID, Type: k.Type, Identifier: map[string]string{k.Key: ids[of]}})
	}
	data, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return nil, err
	}
	if _, err := d.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(d.Config.codeBucket()), Key: aws.String(keptKey(d.Config.Stack)),
		Body: bytes.NewReader(data), ContentType: aws.String("application/json")}); err != nil {
		return nil, fmt.Errorf("record what the stack keeps in s3://%s/%s: %w", d.Config.codeBucket(), keptKey(d.Config.Stack), err)
	}
	return rs, nil
}
