package infra_test

import (
	"context"
	"debug/elf"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dunban/infra/deploy"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode/unitcodetest"
)

// findQemu returns qemu-aarch64-static (Debian's qemu-user-static), or
// skips (fails under CI=true). It is run explicitly, so the test needs no
// binfmt registration.
func findQemu(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("qemu-aarch64-static"); err == nil {
		return p
	}
	msg := "qemu-aarch64-static not found: apt-get install qemu-user-static"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("skipping the arm64 bootstrap test: " + msg)
	return ""
}

// repoRunner runs the deploy's build commands in the module root.
type repoRunner struct{}

func (repoRunner) Run(ctx context.Context, c deploy.Command) error {
	cmd := exec.CommandContext(ctx, c.Args[0], c.Args[1:]...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), c.Env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &buildError{err, string(out)}
	}
	return nil
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// TestArm64BootstrapInLambdaEmulator runs what ships: the collector zip the
// deploy's own Package step builds (linux/arm64, the template's default
// architecture), unpacked as /var/task, its bootstrap run under qemu by the
// Lambda runtime emulator with the template's environment, and a real
// monthly report ending up as a CSV in a loopback S3 server.
func TestArm64BootstrapInLambdaEmulator(t *testing.T) {
	t.Parallel()
	rie := findRIE(t)
	qemu := findQemu(t)
	r := loadRound(t)
	codes := filepath.Join(t.TempDir(), "unit-codes.json")
	if err := os.WriteFile(codes, unitcodetest.Hashes(r.unit), 0o600); err != nil {
		t.Fatal(err)
	}
	d := &deploy.Deployer{Config: deploy.Config{Content: filepath.Join(repoRoot, "content"), Build: t.TempDir(), CodesFile: codes},
		Runner: repoRunner{}, Out: io.Discard}
	zips, err := d.Package(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(zips[0].Path)
	if err != nil || zips[0].Function.Name != "collector" {
		t.Fatalf("collector zip: %v", err)
	}
	root := filepath.Join(t.TempDir(), "task")
	unzip(t, data, root)
	reopenDir(t, root)
	if m := machine(t, filepath.Join(root, "bootstrap")); m != elf.EM_AARCH64 {
		t.Fatalf("the shipped bootstrap is for %v, want arm64", m)
	}
	srv := s3test.New(t)
	env := functionEnv(t, srv, root, "CollectorFunction", nil)
	invokeURL := startEmulator(t, rie, root, env, qemu, filepath.Join(root, "bootstrap"))
	res := invokeRIE(t, invokeURL, submitEvent(monthlyValues(r)))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303 to the receipt\n%s", res.StatusCode, res.Body)
	}
	keys := objects(t, srv)
	if len(keys) != 1 || !strings.HasSuffix(keys[0], ".csv") {
		t.Fatalf("bucket holds %v, want one CSV", keys)
	}
	assertCSV(t, srv, keys[0], r.unit)
	t.Logf("arm64 bootstrap under qemu stored %s", keys[0])
}

func machine(t *testing.T, path string) elf.Machine {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.Machine
}
