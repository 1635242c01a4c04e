package s3store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// MaxGetTTL is the longest a presigned download may stay valid.
const MaxGetTTL = 15 * time.Minute

// PresignGet returns a URL that downloads the object under key for ttl
// (at most MaxGetTTL). disposition, if set, overrides the
// Content-Disposition of the response, e.g. to name the saved file.
func (s *Store) PresignGet(ctx context.Context, key string, ttl time.Duration, disposition string) (string, error) {
	if ttl <= 0 || ttl > MaxGetTTL {
		ttl = MaxGetTTL
	}
	in := &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)}
	if disposition != "" {
		in.ResponseContentDisposition = aws.String(disposition)
	}
	req, err := s3.NewPresignClient(s.Client).PresignGetObject(ctx, in, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("s3 presign get %s: %w", key, err)
	}
	return req.URL, nil
}
