package s3test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// TestConditionalPut checks what the collector relies on: a put with
// If-None-Match: * succeeds once and then fails with 412, leaving the first body.
func TestConditionalPut(t *testing.T) {
	Both(t, func(t *testing.T, s *Server) {
		ctx := context.Background()
		put := func(body string) error {
			_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String(s.Bucket), Key: aws.String("submissions/a.csv"),
				Body: strings.NewReader(body), IfNoneMatch: aws.String("*"),
			})
			return err
		}
		if err := put("一,二\n"); err != nil {
			t.Fatalf("first put: %v", err)
		}
		err := put("other\n")
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "PreconditionFailed" {
			t.Fatalf("second put: err = %v, want PreconditionFailed", err)
		}
		out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String("submissions/a.csv")})
		if err != nil {
			t.Fatal(err)
		}
		defer out.Body.Close()
		b, _ := io.ReadAll(out.Body)
		if string(b) != "一,二\n" {
			t.Errorf("body = %q, want the first one", b)
		}
	})
}
