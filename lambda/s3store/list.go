package s3store

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// List calls fn with the key of every object under prefix, in key order,
// one listing page (up to 1,000 keys) at a time, so memory stays flat
// however many objects there are. An error from fn stops the listing.
func (s *Store) List(ctx context.Context, prefix string, fn func(key string, size int64) error) error {
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{
		Bucket: aws.String(s.Bucket),
		Prefix: aws.String(prefix),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("s3 list %s: %w", prefix, err)
		}
		for _, o := range page.Contents {
			if err := fn(aws.ToString(o.Key), aws.ToInt64(o.Size)); err != nil {
				return err
			}
		}
	}
	return nil
}

// PutFile writes size bytes from body under key, replacing any object there:
// for generated files such as bundles, which are never submissions.
// disposition, if set, is the Content-Disposition a download gets.
func (s *Store) PutFile(ctx context.Context, key string, body io.ReadSeeker, size int64, contentType, disposition string) error {
	in := &s3.PutObjectInput{
		Bucket:        aws.String(s.Bucket),
		Key:           aws.String(key),
		Body:          body,
		ContentLength: aws.Int64(size),
		ContentType:   aws.String(contentType),
	}
	if disposition != "" {
		in.ContentDisposition = aws.String(disposition)
	}
	if _, err := s.Client.PutObject(ctx, in); err != nil {
		return fmt.Errorf("s3 put %s: %w", key, err)
	}
	return nil
}
