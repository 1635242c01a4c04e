package infra_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/infra/deploy"
	"dunban/infra/lambdazip"
	"dunban/lambda/form"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode/unitcodetest"
)

// repoRoot is the module root, seen from this package's folder.
const repoRoot = ".."

// portalOrigin is the portal's address the test deploys with (CloudFront's
// name: no PortalDomain).
const portalOrigin = "https://d111111abcdef8.cloudfront.net"

// findRIE returns the emulator's path, or skips (fails under CI=true).
func findRIE(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	if gopath, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "aws-lambda-rie")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "aws-lambda-rie not found: go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@latest"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("skipping the Lambda emulator test: " + msg)
	return ""
}

// taskRoot builds the named function with the deploy's build command, but for this
// machine, and unpacks the same zip layout the deploy uploads (bootstrap,
// units.csv, rounds/) into a folder that stands for /var/task.
func taskRoot(t *testing.T, name string, extra ...lambdazip.Entry) string {
	t.Helper()
	i := slices.IndexFunc(deploy.Functions, func(f deploy.Function) bool { return f.Name == name })
	if i < 0 {
		t.Fatalf("the deploy builds no function %q", name)
	}
	f := deploy.Functions[i]
	dir := t.TempDir()
	bin := filepath.Join(dir, "bootstrap.bin")
	cmd := exec.Command("go", deploy.BuildCommand(f, bin, "arm64").Args[1:]...)
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", f.Package, err, out)
	}
	data, err := lambdazip.Data(os.DirFS(filepath.Join(repoRoot, "content")))
	if err != nil {
		t.Fatal(err)
	}
	reopen(data)
	exe, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	entries := append(append(data, extra...), lambdazip.Entry{Name: "bootstrap", Mode: 0o755, Data: exe})
	if _, err := lambdazip.Write(&z, entries); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "task")
	unzip(t, z.Bytes(), root)
	return root
}

// ends is a round file's end line.
var ends = regexp.MustCompile(`\s*"ends":\s*"[^"]*",?`)

// reopen takes the end out of the zip's round files, as an admin reopens an
// ended round (content/rounds/README.md): the shipped 2021 round has ended by
// today's clock, which the emulator runs on, and its posts would be refused
// with 本年度报送已结束 (lambda/collect's tests check that refusal).
func reopen(entries []lambdazip.Entry) {
	for i, e := range entries {
		if strings.HasPrefix(e.Name, "rounds/") {
			entries[i].Data = ends.ReplaceAll(e.Data, nil)
		}
	}
}

// reopenDir reopens the round files of an unpacked zip in dir, as reopen.
func reopenDir(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "rounds", "*.json"))
	if len(files) == 0 {
		t.Fatalf("no rounds/*.json in %s", dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, ends.ReplaceAll(b, nil), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func unzip(t *testing.T, data []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := os.WriteFile(p, b, f.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// functionEnv is the environment the template gives a function resource,
// with its resources and parameters filled in as this test deploys them, and
// /var/task standing for the unpacked zip.
func functionEnv(t *testing.T, srv *s3test.Server, root, resource string, params cfn.Values) []string {
	t.Helper()
	tpl := parse(t, infra.Template)
	vals := cfn.Values{"SubmissionsBucket": srv.Bucket, "Distribution.DomainName": strings.TrimPrefix(portalOrigin, "https://"), "AWS::Region": s3test.Region}
	for k, v := range params {
		vals[k] = v
	}
	vars, err := tpl.Environment(resource, vals)
	if err != nil {
		t.Fatal(err)
	}
	fn := tpl.Typed.GetAllLambdaFunctionResources()[resource]
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		// What the Lambda service adds: region, role credentials, limits.
		"AWS_REGION=" + s3test.Region, "AWS_ACCESS_KEY_ID=" + srv.AccessKey, "AWS_SECRET_ACCESS_KEY=" + srv.SecretKey,
		"AWS_LAMBDA_FUNCTION_TIMEOUT=" + strconv.Itoa(deref(fn.Timeout)),
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(deref(fn.MemorySize)),
		"LAMBDA_TASK_ROOT=" + root,
		// Only for this test: the loopback S3 server instead of AWS.
		"S3_ENDPOINT=" + srv.Endpoint,
	}
	for k, v := range vars {
		env = append(env, k+"="+strings.ReplaceAll(v, "/var/task", root))
	}
	return env
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startEmulator runs the bootstrap (or the command given, such as qemu and
// the bootstrap) under aws-lambda-rie and returns its invoke URL. The
// emulator and the bootstrap are stopped when the test ends.
func startEmulator(t *testing.T, rie, root string, env []string, command ...string) string {
	t.Helper()
	addr, api := freePort(t), freePort(t)
	var logs bytes.Buffer
	if len(command) == 0 {
		command = []string{filepath.Join(root, "bootstrap")}
	}
	args := append([]string{"--runtime-interface-emulator-address", addr, "--runtime-api-address", api}, command...)
	cmd := exec.Command(rie, args...)
	cmd.Dir, cmd.Env = root, env
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("emulator and bootstrap output:\n%s", logs.String())
		}
	})
	// A liveness bound, not a speed check: on a busy machine the emulator
	// has taken seconds to listen.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr + "/2015-03-31/functions/function/invocations"
		}
	}
	t.Fatalf("the emulator did not listen on %s", addr)
	return ""
}

// apiEvent is an HTTP API v2 event as API Gateway sends it to a function
// for route (e.g. "POST /submit/{id}") at path, with the given headers, when
// CloudFront forwards the portal's /api/<path> to the stage named api.
func apiEvent(route, path, query string, headers map[string]string, body string) events.APIGatewayV2HTTPRequest {
	method, _, _ := strings.Cut(route, " ")
	return events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: "/api" + path, RawQueryString: query, Headers: headers,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: route, Stage: "api", APIID: "abc123", RequestID: "req-1",
			DomainName: "abc123.execute-api.us-east-1.amazonaws.com",
			HTTP:       events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: "/api" + path, Protocol: "HTTP/1.1", SourceIP: "130.176.1.1"},
			TimeEpoch:  time.Now().UnixMilli(),
		},
		Body: body,
	}
}

// submitEvent is an HTTP API v2 event for a plain (no-JS) post of the
// monthly form, as API Gateway sends it for the route POST /submit/{id}.
func submitEvent(values url.Values) events.APIGatewayV2HTTPRequest {
	body := values.Encode()
	ev := apiEvent("POST /submit/{id}", "/submit/monthly", "", map[string]string{
		"content-type": "application/x-www-form-urlencoded", "content-length": strconv.Itoa(len(body)),
		"origin": portalOrigin, "referer": portalOrigin + "/forms/monthly/",
		"host": "abc123.execute-api.us-east-1.amazonaws.com", "accept": "text/html", // CloudFront passes no Host
		"user-agent": "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.40", "cloudfront-viewer-address": "203.0.113.9:50123",
		"via": "2.0 a1b2.cloudfront.net (CloudFront)", "x-forwarded-proto": "https",
	}, body)
	ev.PathParameters = map[string]string{"id": "monthly"}
	return ev
}

// round is what the content folder the zip carries says about the monthly
// form: a unit that may send it, its first period, and the round's year.
type round struct {
	unit, period string
	year         int
}

func loadRound(t *testing.T) round {
	t.Helper()
	c, err := form.LoadContent(os.DirFS(filepath.Join(repoRoot, "content")))
	if err != nil {
		t.Fatal(err)
	}
	units := c.Units.OfKinds(form.Monthly.UnitKinds...)
	periods := c.Round.Forms[form.Monthly.ID].Periods
	if len(units) == 0 || len(periods) == 0 || !c.Round.Open(form.Monthly.ID) {
		t.Fatal("the content folder has no open monthly form with a unit and a period to post")
	}
	return round{unit: units[0].Name, period: periods[0].ID, year: c.Round.Year}
}

func monthlyValues(r round) url.Values {
	return url.Values{
		"unit": {r.unit}, "period": {r.period}, "contact_name": {"王晓红"}, "contact_phone": {"0472-5112233"}, "consent": {"on"},
		"rows.0.name": {"李明"}, "rows.0.days": {"2"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {"12"}, "rows.0.cadres": {"8"}, "rows.0.branches": {"3"},
		"rows.0.coverage": {"85.5"}, "rows.0.lectures": {"1"}, "rows.0.league_days": {"1"}, "rows.0.research": {"0"},
		"rows.0.cases": {"1"}, "rows.0.practical": {"为二中团委协调图书 300 册"},
		"unit_code": {unitcodetest.Code}, "website": {""}, "submission_id": {""}, "rendered_at": {strconv.FormatInt(time.Now().Add(-time.Hour).UnixMilli(), 10)}, // the page shown an hour ago
	}
}

func invokeRIE(t *testing.T, invokeURL string, ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()
	payload, _ := json.Marshal(ev)
	res, err := http.Post(invokeURL, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(b, &out); err != nil || out.StatusCode == 0 {
		t.Fatalf("the function did not answer with an HTTP API response: %v\n%s", err, b)
	}
	return out
}

func objects(t *testing.T, srv *s3test.Server) []string {
	t.Helper()
	out, err := srv.Client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(srv.Bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// TestBootstrapInLambdaEmulator runs the real collector bootstrap in the
// Lambda runtime emulator, configured as the template configures it, and
// finds the submission as a CSV object in a loopback S3 server.
func TestBootstrapInLambdaEmulator(t *testing.T) {
	t.Parallel()
	rie := findRIE(t)
	r := loadRound(t)
	codes, _, err := lambdazip.UnitCodes(unitcodetest.Hashes(r.unit))
	if err != nil {
		t.Fatal(err)
	}
	root := taskRoot(t, "collector", codes)
	adminRoot := taskRoot(t, "admin", adminsEntry(t))
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		invokeURL := startEmulator(t, rie, root, functionEnv(t, srv, root, "CollectorFunction", nil))

		res := invokeRIE(t, invokeURL, submitEvent(monthlyValues(r)))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303 to the receipt\n%s", res.StatusCode, res.Body)
		}
		keys := objects(t, srv)
		if len(keys) != 1 || !strings.HasPrefix(keys[0], "submissions/form=monthly/year=") || !strings.HasSuffix(keys[0], ".csv") {
			t.Fatalf("bucket holds %v, want one submissions/form=monthly/year=…/month=…/<id>.csv", keys)
		}
		assertCSV(t, srv, keys[0], r.unit)
		t.Logf("stored %s; answer %d Location %s", keys[0], res.StatusCode, res.Headers["Location"]+res.Headers["location"])

		// The same post again (a retry) is the same submission.
		if res := invokeRIE(t, invokeURL, submitEvent(monthlyValues(r))); res.StatusCode != http.StatusSeeOther {
			t.Errorf("retry: status %d", res.StatusCode)
		}
		// A post missing a required field is refused and stores nothing.
		bad := monthlyValues(r)
		bad.Del("contact_phone")
		bad.Set("rows.0.name", "王芳")
		if res := invokeRIE(t, invokeURL, submitEvent(bad)); res.StatusCode != http.StatusBadRequest {
			t.Errorf("invalid post: status %d, want 400", res.StatusCode)
		}
		if got := objects(t, srv); len(got) != 1 {
			t.Errorf("after a retry and an invalid post the bucket holds %v, want the one object", got)
		}
		t.Run("admin", func(t *testing.T) { testAdmin(t, rie, adminRoot, srv, r) })
	})
}

func assertCSV(t *testing.T, srv *s3test.Server, key, unit string) {
	t.Helper()
	out, err := srv.Client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, _ := io.ReadAll(out.Body)
	text := strings.TrimPrefix(string(b), "\uFEFF")
	header := strings.Join(form.Monthly.Header(), ",")
	if !strings.HasPrefix(text, header+"\r\n") && !strings.HasPrefix(text, header+"\n") {
		t.Errorf("CSV does not start with the monthly header:\n%s", text)
	}
	for _, want := range []string{unit, "李明", "85.5"} {
		if !strings.Contains(text, want) {
			t.Errorf("CSV lacks %q:\n%s", want, text)
		}
	}
	if ct := aws.ToString(out.ContentType); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
}
