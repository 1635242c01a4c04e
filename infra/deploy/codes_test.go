package deploy_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/lambda/unitcode/unitcodetest"
)

// TestUnitCodesInTheCollectorZip: the units' code hashes go into the
// collector's zip as unit-codes.json, as the admin list goes into the
// admin's; a file holding codes rather than hashes stops the deploy.
func TestUnitCodesInTheCollectorZip(t *testing.T) {
	d, cfn, _, srv, _ := setup(t)
	hashes := unitcodetest.Hashes("包头市", "内蒙古大学")
	p := filepath.Join(t.TempDir(), "unit-codes.json")
	must(t, os.WriteFile(p, hashes, 0o600))
	d.Config.CodesFile = p
	must(t, d.Deploy(context.Background()))
	files := zipFiles(t, srv.Client, d.Config.CodeBucket, cfn.params["CollectorCodeKey"])
	if !bytes.Equal(files["unit-codes.json"], hashes) {
		t.Errorf("unit-codes.json in the collector zip: %q", files["unit-codes.json"])
	}
	if _, ok := zipFiles(t, srv.Client, d.Config.CodeBucket, cfn.params["AdminCodeKey"])["unit-codes.json"]; ok {
		t.Error("the admin zip carries the unit codes")
	}

	d2, cfn2, _, _, _ := setup(t)
	must(t, os.WriteFile(p, []byte(`[{"unit":"包头市","code":"TESTA-BCDEF"}]`), 0o600))
	d2.Config.CodesFile = p
	if err := d2.Deploy(context.Background()); err == nil || len(cfn2.changeSets) != 0 {
		t.Fatalf("a file of codes deployed: err %v, %d change sets", err, len(cfn2.changeSets))
	}
}

// TestNoUnitCodesIsSaid: without a hashes file the collector gets an empty
// one (every post refused) and the deploy says so.
func TestNoUnitCodesIsSaid(t *testing.T) {
	d, cfn, _, srv, _ := setup(t)
	var out strings.Builder
	d.Out = &out
	must(t, d.Deploy(context.Background()))
	if !strings.Contains(out.String(), "WARNING: no unit codes") {
		t.Errorf("no warning:\n%s", out.String())
	}
	if f := zipFiles(t, srv.Client, d.Config.CodeBucket, cfn.params["CollectorCodeKey"])["unit-codes.json"]; !bytes.Contains(f, []byte(`"units":[]`)) {
		t.Errorf("unit-codes.json without a file: %q", f)
	}
}

func zipFiles(t *testing.T, c *s3.Client, bucket, key string) map[string][]byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	must(t, err)
	defer out.Body.Close()
	data, _ := io.ReadAll(out.Body)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return files
}
