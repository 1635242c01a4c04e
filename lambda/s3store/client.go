package s3store

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Endpoint says how to reach S3: AWS itself when URL is empty, or an
// S3-protocol server such as the local one under `make run` (path-style).
type Endpoint struct {
	URL       string // base URL, e.g. http://127.0.0.1:9000
	Region    string
	AccessKey string
	SecretKey string
	// SessionToken goes with temporary credentials, such as a Lambda role's.
	SessionToken string
	// HTTPClient, if set, carries the requests (tests use it to inject faults).
	HTTPClient *http.Client
}

// NewClient returns a client for e with static credentials and the
// standard retryer.
func NewClient(e Endpoint) *s3.Client {
	region := e.Region
	if region == "" {
		region = "us-east-1"
	}
	o := s3.Options{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(e.AccessKey, e.SecretKey, e.SessionToken),
		HTTPClient:  httpClient(e.HTTPClient),
		Retryer:     retry.NewStandard(),
	}
	if e.URL != "" {
		o.BaseEndpoint, o.UsePathStyle = aws.String(e.URL), true
	}
	return s3.New(o)
}

func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: 10 * time.Second}
}
