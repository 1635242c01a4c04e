package s3store

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Endpoint says how to reach an S3-protocol server other than AWS, such as
// the local one under `make run`.
type Endpoint struct {
	URL       string // base URL, e.g. http://127.0.0.1:9000
	Region    string
	AccessKey string
	SecretKey string
	// HTTPClient, if set, carries the requests (tests use it to inject faults).
	HTTPClient *http.Client
}

// NewClient returns a path-style client for e with static credentials and
// the standard retryer.
func NewClient(e Endpoint) *s3.Client {
	region := e.Region
	if region == "" {
		region = "us-east-1"
	}
	return s3.New(s3.Options{
		Region:       region,
		BaseEndpoint: aws.String(e.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(e.AccessKey, e.SecretKey, ""),
		HTTPClient:   httpClient(e.HTTPClient),
		Retryer:      retry.NewStandard(),
	})
}

func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: 10 * time.Second}
}
