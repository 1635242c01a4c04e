package s3store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Upload is a signed browser upload: POST a multipart form to URL with
// Fields first and the file last, in a part named "file".
type Upload struct {
	URL     string            `json:"url"`
	Fields  map[string]string `json:"fields"`
	Key     string            `json:"key"`
	Expires time.Time         `json:"expires"`
}

// UploadPolicy limits what a presigned upload may send.
type UploadPolicy struct {
	ContentType string        // the exact Content-Type the form must carry
	MaxBytes    int64         // largest file accepted
	TTL         time.Duration // how long the signature is valid
	// Redirect, if set, is where S3 sends the browser after a plain HTML
	// form upload (success_action_redirect).
	Redirect string
}

// PresignUpload signs a browser POST of one file to key that S3 accepts
// only with the policy's content type and a size of 1 to MaxBytes bytes.
func (s *Store) PresignUpload(ctx context.Context, key string, p UploadPolicy, now time.Time) (Upload, error) {
	pc := s3.NewPresignClient(s.Client)
	req, err := pc.PresignPostObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(s.Bucket),
		Key:         aws.String(key),
		ContentType: aws.String(p.ContentType),
	}, func(o *s3.PresignPostOptions) {
		o.Expires = p.TTL
		o.Conditions = []any{
			[]any{"content-length-range", 1, p.MaxBytes},
			[]any{"eq", "$Content-Type", p.ContentType},
		}
		if p.Redirect != "" {
			o.Conditions = append(o.Conditions, []any{"eq", "$success_action_redirect", p.Redirect})
		}
	})
	if err != nil {
		return Upload{}, fmt.Errorf("s3 presign post %s: %w", key, err)
	}
	fields := make(map[string]string, len(req.Values)+1)
	for k, v := range req.Values {
		fields[k] = v
	}
	fields["Content-Type"] = p.ContentType
	if p.Redirect != "" {
		fields["success_action_redirect"] = p.Redirect
	}
	return Upload{URL: req.URL, Fields: fields, Key: key, Expires: now.Add(p.TTL)}, nil
}
