package infra_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"dunban/infra/lambdazip"
	"dunban/lambda/admin"
	"dunban/lambda/form"
	"dunban/lambda/s3test"
)

// adminEvent is an HTTP API v2 event for an admin route.
func adminEvent(method, path, query, token, body string) events.APIGatewayV2HTTPRequest {
	return apiEvent(method+" "+path, path, query, map[string]string{
		"authorization": "Bearer " + token, "content-type": "application/json", "accept": "application/json",
		"origin": portalOrigin, "host": "abc123.execute-api.us-east-1.amazonaws.com",
	}, body)
}

// adminToken is the token of the one admin the test deploys.
const adminToken = "emulator-test-token"

// adminsEntry is the admin list as the deploy puts it into the admin zip:
// one 全区 admin, by the hash of adminToken.
func adminsEntry(t *testing.T) lambdazip.Entry {
	t.Helper()
	list, _ := json.Marshal([]admin.Admin{{Name: "自治区团委 测试", Scope: form.ScopeAll, SHA256: admin.HashToken(adminToken)}})
	e, _, err := lambdazip.Admins(list)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// testAdmin runs the admin bootstrap in the emulator, configured from the
// template (the Admins parameter left empty, so admins.json in the zip is
// read), and downloads a bundle holding the submission the collector stored.
func testAdmin(t *testing.T, rie, root string, srv *s3test.Server, r round) {
	const token = adminToken
	invokeURL := startEmulator(t, rie, root, functionEnv(t, srv, root, "AdminFunction", nil))

	if res := invokeRIE(t, invokeURL, adminEvent("GET", "/admin/overview", fmt.Sprintf("year=%d", r.year), "wrong-token", "")); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: status %d, want 401", res.StatusCode)
	}
	res := invokeRIE(t, invokeURL, adminEvent("GET", "/admin/overview", fmt.Sprintf("year=%d", r.year), token, ""))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, form.ScopeAll) {
		t.Fatalf("overview: %d %s", res.StatusCode, res.Body)
	}
	body := fmt.Sprintf(`{"scope":%q,"forms":["monthly"],"from":%q,"to":%q}`, form.ScopeAll, r.period, r.period)
	res = invokeRIE(t, invokeURL, adminEvent("POST", "/admin/bundle", "", token, body))
	var answer struct {
		URL string `json:"url"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &answer) != nil || answer.URL == "" {
		t.Fatalf("bundle: %d %s", res.StatusCode, res.Body)
	}
	dl, err := http.Get(answer.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer dl.Body.Close()
	data, _ := io.ReadAll(dl.Body)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("download %s: %d, not a zip: %v", answer.URL, dl.StatusCode, err)
	}
	var found bool
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		found = found || (strings.HasSuffix(f.Name, ".csv") && strings.Contains(string(b), "李明"))
	}
	if !found {
		t.Errorf("the bundle holds no CSV with the collector's submission")
	}
}
