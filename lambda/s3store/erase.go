package s3store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// DeleteAllVersions removes the object under key for good: every version
// and delete marker in a versioned bucket (a plain delete would only hide
// it behind a marker), or the object in an unversioned one. It is for
// erasing one person's data on request; the bucket policy allows it to the
// erase role alone. It returns the number of versions removed.
func (s *Store) DeleteAllVersions(ctx context.Context, key string) (int, error) {
	var ids []*string
	p := s3.NewListObjectVersionsPaginator(s.Client, &s3.ListObjectVersionsInput{Bucket: aws.String(s.Bucket), Prefix: aws.String(key)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("s3 list versions %s: %w", key, err)
		}
		for _, v := range page.Versions {
			if aws.ToString(v.Key) == key {
				ids = append(ids, v.VersionId)
			}
		}
		for _, m := range page.DeleteMarkers {
			if aws.ToString(m.Key) == key {
				ids = append(ids, m.VersionId)
			}
		}
	}
	if len(ids) == 0 {
		ids = []*string{nil} // unversioned bucket, or nothing there: a plain delete
	}
	for _, id := range ids {
		if _, err := s.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key), VersionId: id}); err != nil {
			return 0, fmt.Errorf("s3 delete %s: %w", key, err)
		}
	}
	return len(ids), nil
}
