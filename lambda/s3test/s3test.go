// Package s3test gives tests a real S3-protocol server on loopback and an
// aws-sdk-go-v2 client for it: gofakes3 in-process by default, or the server at
// S3_TEST_ENDPOINT (MinIO under CI) for the stronger check.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"dunban/lambda/s3post"
)

// Region is the region every test client uses.
const Region = "us-east-1"

// Server is an S3-protocol endpoint with one fresh bucket for a test.
type Server struct {
	Endpoint  string     // base URL, e.g. http://127.0.0.1:40123
	Bucket    string     // a bucket created for this test
	AccessKey string     // credentials the endpoint accepts
	SecretKey string     //
	Client    *s3.Client // path-style client for Endpoint
}

// New starts an in-process gofakes3 server on loopback, closed when the test
// ends, and creates a bucket in it. Browser uploads (presigned POSTs) are
// checked as S3 checks them (package s3post).
func New(t testing.TB) *Server {
	t.Helper()
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	ts := httptest.NewServer(s3post.New(faker.Server(), backend, "test-key", "test-secret"))
	t.Cleanup(ts.Close)
	return open(t, ts.URL, "test-key", "test-secret")
}

// MinIO connects to the S3-protocol server at $S3_TEST_ENDPOINT (keys from
// $S3_TEST_ACCESS_KEY and $S3_TEST_SECRET_KEY, default minioadmin) and creates
// a fresh bucket. Without the variable the test is skipped, unless CI=true,
// where it fails.
func MinIO(t testing.TB) *Server {
	t.Helper()
	endpoint := os.Getenv("S3_TEST_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("S3_TEST_ENDPOINT is not set under CI: .ci/run starts MinIO and sets it")
		}
		t.Skip("skipping MinIO test: set S3_TEST_ENDPOINT (e.g. http://127.0.0.1:9000) to run it")
	}
	return open(t, endpoint, envOr("S3_TEST_ACCESS_KEY", "minioadmin"), envOr("S3_TEST_SECRET_KEY", "minioadmin"))
}

// Both runs fn against gofakes3 and, as a subtest "minio", against MinIO
// (skipped as MinIO says when it is not configured).
func Both(t *testing.T, fn func(t *testing.T, s *Server)) {
	t.Run("gofakes3", func(t *testing.T) { fn(t, New(t)) })
	t.Run("minio", func(t *testing.T) { fn(t, MinIO(t)) })
}

// NewClient returns a path-style aws-sdk-go-v2 client for endpoint.
func NewClient(endpoint, accessKey, secretKey string) *s3.Client {
	return s3.New(s3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	})
}

func open(t testing.TB, endpoint, key, secret string) *Server {
	t.Helper()
	s := &Server{
		Endpoint:  endpoint,
		Bucket:    "dunban-test-" + randomHex(6),
		AccessKey: key,
		SecretKey: secret,
		Client:    NewClient(endpoint, key, secret),
	}
	if _, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(s.Bucket)}); err != nil {
		t.Fatalf("create bucket %s at %s: %v", s.Bucket, endpoint, err)
	}
	return s
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
