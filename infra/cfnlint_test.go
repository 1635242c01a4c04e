package infra_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dunban/infra"
)

// TestCfnLint is a second opinion beside the goformation checks, when the
// Python cfn-lint (v1, with current resource specifications per region) is
// installed: the template is clean in the global regions; in the China regions
// it lacks only Origin Access Control, and the origin-access-identity variant
// the deploy command uses there is clean. Skipped without cfn-lint, which the
// project does not require.
func TestCfnLint(t *testing.T) {
	t.Parallel()
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint not installed: skipping this extra check (the goformation checks still run)")
	}
	dir := t.TempDir()
	main := filepath.Join(dir, "template.yaml")
	oai := filepath.Join(dir, "template-oai.yaml")
	variant, err := infra.WithOriginAccessIdentity(infra.Template)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, infra.Template, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(oai, variant, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(file string, regions ...string) (string, error) {
		args := append(append([]string{"--regions"}, regions...), "--", file)
		out, err := exec.Command(lint, args...).CombinedOutput()
		return string(out), err
	}
	// Three runs of a few seconds each, side by side.
	t.Run("global", func(t *testing.T) {
		t.Parallel()
		if out, err := run(main, "us-east-1", "ap-east-1", "ap-northeast-1", "eu-west-1"); err != nil {
			t.Errorf("cfn-lint finds problems in the global regions:\n%s", out)
		}
	})
	t.Run("china", func(t *testing.T) {
		t.Parallel()
		out, err := run(main, "cn-north-1", "cn-northwest-1")
		if lines := problems(out); err == nil || len(lines) != 2 || !strings.Contains(out, "AWS::CloudFront::OriginAccessControl' does not exist") {
			t.Errorf("in China cfn-lint should report only the missing OriginAccessControl, got:\n%s", out)
		}
	})
	t.Run("origin access identity", func(t *testing.T) {
		t.Parallel()
		if out, err := run(oai, "cn-north-1", "cn-northwest-1", "us-east-1"); err != nil {
			t.Errorf("cfn-lint finds problems in the origin-access-identity variant:\n%s", out)
		}
	})
}

// problems returns cfn-lint's rule lines (E…, W…).
func problems(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if len(l) > 5 && (l[0] == 'E' || l[0] == 'W') && l[1] >= '0' && l[1] <= '9' {
			lines = append(lines, l)
		}
	}
	return lines
}
