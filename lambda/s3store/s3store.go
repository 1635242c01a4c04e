// Package s3store keeps objects in one S3 bucket: create-once writes, reads,
// and presigned browser uploads. It is the only library package that knows S3.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"dunban/lambda/record"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The errors a Store returns are record's sentinels, so callers that know
// only the record package can test for them.
var (
	// ErrExists means a create-once write found the key already taken.
	ErrExists = record.ErrExists
	// ErrNotFound means there is no object under the key.
	ErrNotFound = record.ErrNotFound
)

// Store is one bucket reached through an aws-sdk-go-v2 client.
type Store struct {
	Client *s3.Client
	Bucket string
}

// New returns a Store for bucket.
func New(client *s3.Client, bucket string) *Store {
	return &Store{Client: client, Bucket: bucket}
}

// Create writes body under key only if no object is there yet
// (If-None-Match: *). It returns ErrExists when the key is taken, so a
// retried write never replaces the first one. S3 writes are atomic: on any
// error no partial object is left.
func (s *Store) Create(ctx context.Context, key string, body []byte, contentType string) error {
	_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.Bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
		ContentType:   aws.String(contentType),
		IfNoneMatch:   aws.String("*"),
	})
	switch {
	case err == nil:
		return nil
	case isStatus(err, http.StatusPreconditionFailed), isCode(err, "PreconditionFailed"):
		return ErrExists
	case isStatus(err, http.StatusConflict), isCode(err, "ConditionalRequestConflict"):
		// A concurrent create of the same key is in flight; whichever
		// wins, the key is taken.
		return ErrExists
	}
	return fmt.Errorf("s3 put %s: %w", key, err)
}

// Get returns the object under key, or ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	if err != nil {
		if nf := notFound(err); nf != nil {
			return nil, nf
		}
		return nil, fmt.Errorf("s3 get %s: %w", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("s3 get %s: read: %w", key, err)
	}
	return b, nil
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Size        int64
	ContentType string
	Modified    time.Time
}

// Stat returns the size and type of the object under key, or ErrNotFound.
func (s *Store) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	out, err := s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	if err != nil {
		if nf := notFound(err); nf != nil {
			return ObjectInfo{}, nf
		}
		return ObjectInfo{}, fmt.Errorf("s3 head %s: %w", key, err)
	}
	return ObjectInfo{
		Size:        aws.ToInt64(out.ContentLength),
		ContentType: aws.ToString(out.ContentType),
		Modified:    aws.ToTime(out.LastModified),
	}, nil
}

// notFound returns ErrNotFound (with detail) when err says the key is not
// there. A role without s3:ListBucket gets 403 for a missing key, so 403 is
// taken as not found too (the collector's role has no ListBucket).
func notFound(err error) error {
	switch {
	case isStatus(err, http.StatusNotFound), isCode(err, "NoSuchKey"), isCode(err, "NotFound"):
		return ErrNotFound
	case isStatus(err, http.StatusForbidden), isCode(err, "AccessDenied"):
		return fmt.Errorf("%w (S3 answered 403: missing, or not readable by this role)", ErrNotFound)
	}
	return nil
}

func isStatus(err error, status int) bool {
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == status
}

func isCode(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

// CreateBucket creates the store's bucket (for local servers and tests).
func (s *Store) CreateBucket(ctx context.Context) error {
	_, err := s.Client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(s.Bucket)})
	if err != nil {
		return fmt.Errorf("s3 create bucket %s: %w", s.Bucket, err)
	}
	return nil
}

// Copy copies the object under from to to, within the bucket, keeping its
// content type. It returns ErrNotFound when from is missing.
func (s *Store) Copy(ctx context.Context, from, to string) error {
	_, err := s.Client.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:     aws.String(s.Bucket),
		Key:        aws.String(to),
		CopySource: aws.String(s.Bucket + "/" + (&url.URL{Path: from}).EscapedPath()),
	})
	if err != nil {
		if nf := notFound(err); nf != nil {
			return nf
		}
		return fmt.Errorf("s3 copy %s to %s: %w", from, to, err)
	}
	return nil
}
