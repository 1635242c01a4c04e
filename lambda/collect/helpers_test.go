package collect_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"dunban/lambda/apigw"
	"dunban/lambda/collect"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode/unitcodetest"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var cst = time.FixedZone("CST", 8*3600)

// clock is the time every test handler reads: 2021-04-08 13:10 in Beijing,
// before the March monthly report's deadline.
var clock = time.Date(2021, 4, 8, 13, 10, 0, 0, cst)

func loadContent(t testing.TB) *form.Content {
	t.Helper()
	c, err := form.LoadContent(os.DirFS("testdata/content"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newHandler returns a collector writing to store, with a fixed clock and
// the origin the test events carry.
func newHandler(t testing.TB, store collect.Store) *collect.Handler {
	t.Helper()
	var up collect.Uploader
	if u, ok := store.(collect.Uploader); ok {
		up = u
	}
	h := collect.New(loadContent(t), store, up, collect.Config{
		Codes:   unitcodetest.Book(),
		Origins: []string{"https://dunban.example.cn"},
		Portal:  "https://dunban.example.cn/",
		MinFill: 3 * time.Second,
		Timeout: 2 * time.Second,
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	h.Now = func() time.Time { return clock }
	return h
}

func readEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/events", name))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ev
}

// eventFields returns the fields of the named event's JSON body.
func eventFields(t testing.TB, name string) map[string]string {
	t.Helper()
	ev := readEvent(t, name)
	var m map[string]string
	if err := json.Unmarshal([]byte(ev.Body), &m); err != nil {
		t.Fatalf("%s body: %v", name, err)
	}
	return m
}

// invoke sends ev through the exact path the bootstrap runs: the Lambda
// runtime's handler wrapping apigw.Handler.
func invoke(t testing.TB, h *collect.Handler, ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	out, err := lambda.NewHandler(apigw.Handler(h)).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	var res events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("response: %v", err)
	}
	return res
}

// jsonAnswer is the collector's JSON answer as the page's script reads it.
type jsonAnswer struct {
	OK        bool   `json:"ok"`
	ID        string `json:"id"`
	Receipt   string `json:"receipt"`
	Received  string `json:"received"`
	Late      bool   `json:"late"`
	Duplicate bool   `json:"duplicate"`
	Message   string `json:"message"`
	Errors    []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func decodeAnswer(t testing.TB, res events.APIGatewayV2HTTPResponse) jsonAnswer {
	t.Helper()
	var a jsonAnswer
	if err := json.Unmarshal([]byte(res.Body), &a); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", res.StatusCode, err, res.Body)
	}
	return a
}

// keys lists every object key in the bucket.
func keys(t testing.TB, srv *s3test.Server) []string {
	t.Helper()
	var out []string
	p := s3.NewListObjectsV2Paginator(srv.Client, &s3.ListObjectsV2Input{Bucket: aws.String(srv.Bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			out = append(out, aws.ToString(o.Key))
		}
	}
	sort.Strings(out)
	return out
}

func storeFor(srv *s3test.Server) *s3store.Store { return s3store.New(srv.Client, srv.Bucket) }
