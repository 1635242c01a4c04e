package deploy_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// bucketConfig is the loopback S3 client with the three bucket settings the
// code bucket gets, which gofakes3 does not implement, recorded instead.
type bucketConfig struct {
	*s3.Client
	mu         sync.Mutex
	policies   []string
	lifecycles []*s3.PutBucketLifecycleConfigurationInput
}

func (b *bucketConfig) PutBucketPolicy(_ context.Context, in *s3.PutBucketPolicyInput, _ ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.policies = append(b.policies, aws.ToString(in.Policy))
	return &s3.PutBucketPolicyOutput{}, nil
}

func (b *bucketConfig) PutBucketLifecycleConfiguration(_ context.Context, in *s3.PutBucketLifecycleConfigurationInput, _ ...func(*s3.Options)) (*s3.PutBucketLifecycleConfigurationOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lifecycles = append(b.lifecycles, in)
	return &s3.PutBucketLifecycleConfigurationOutput{}, nil
}

func (b *bucketConfig) PutPublicAccessBlock(context.Context, *s3.PutPublicAccessBlockInput, ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	return &s3.PutPublicAccessBlockOutput{}, nil
}

// iamServer answers IAM's ListServerCertificates on loopback as IAM does
// (the query protocol, filtered by PathPrefix) for one certificate at path,
// and returns the SDK's own IAM client pointed at it.
func iamServer(t *testing.T, path, id string, expires time.Time) *iam.Client {
	t.Helper()
	type member struct {
		ServerCertificateId, ServerCertificateName, Path, Arn, UploadDate, Expiration string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Form.Get("Action") != "ListServerCertificates" {
			http.Error(w, "unsupported", http.StatusBadRequest)
			return
		}
		var list []member
		if strings.HasPrefix(path, r.Form.Get("PathPrefix")) {
			list = append(list, member{id, "dunban-portal", path, "arn:aws-cn:iam::123456789012:server-certificate" + path + "dunban-portal",
				"2026-01-01T00:00:00Z", expires.UTC().Format(time.RFC3339)})
		}
		var b strings.Builder
		for _, m := range list {
			x, _ := xml.Marshal(struct {
				XMLName xml.Name `xml:"member"`
				member
			}{member: m})
			b.Write(x)
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<ListServerCertificatesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListServerCertificatesResult>`+
			`<IsTruncated>false</IsTruncated><ServerCertificateMetadataList>%s</ServerCertificateMetadataList></ListServerCertificatesResult>`+
			`<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListServerCertificatesResponse>`, b.String())
	}))
	t.Cleanup(srv.Close)
	return iam.New(iam.Options{Region: "cn-northwest-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")})
}

// logsServer answers CloudWatch Logs' DescribeLogGroups on loopback as the
// service does (JSON protocol, filtered by LogGroupNamePrefix) for the log
// groups named, and returns the SDK's own client pointed at it.
func logsServer(t *testing.T, groups ...string) *cloudwatchlogs.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ LogGroupNamePrefix string }
		if r.Header.Get("X-Amz-Target") != "Logs_20140328.DescribeLogGroups" || json.NewDecoder(r.Body).Decode(&in) != nil {
			http.Error(w, "unsupported", http.StatusBadRequest)
			return
		}
		type group struct {
			LogGroupName string `json:"logGroupName"`
		}
		out := struct {
			LogGroups []group `json:"logGroups"`
		}{LogGroups: []group{}}
		for _, g := range groups {
			if strings.HasPrefix(g, in.LogGroupNamePrefix) {
				out.LogGroups = append(out.LogGroups, group{g})
			}
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return cloudwatchlogs.New(cloudwatchlogs.Options{Region: "cn-northwest-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")})
}
