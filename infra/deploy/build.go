package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"dunban/infra/lambdazip"
)

// Function is one Lambda function of the stack and the package it is built from.
type Function struct {
	Name      string // collector or admin
	Package   string // Go package of its main
	Parameter string // stack parameter holding its zip's key
}

// Functions are the stack's two Lambda functions.
var Functions = []Function{
	{Name: "collector", Package: "./lambda/cmd/collector", Parameter: "CollectorCodeKey"},
	{Name: "admin", Package: "./lambda/cmd/admin", Parameter: "AdminCodeKey"},
}

// Artifact is a file uploaded to the code bucket.
type Artifact struct {
	Function  Function
	Path      string // local file
	Key       string // key in the code bucket
	Size      int64
	Bootstrap int64 // size of the bootstrap in it
}

// Budgets of the project for each function (Lambda allows far more).
const (
	MaxBootstrap = 12 << 20
	MaxZip       = 6 << 20
)

// Package builds and zips both functions exactly as a deploy does, for the
// LambdaArchitecture given with -param (default arm64), without AWS, and
// checks them against the project's size budgets.
func (d *Deployer) Package(ctx context.Context) ([]Artifact, error) {
	zips, err := d.buildFunctions(ctx, d.architecture(nil))
	if err != nil {
		return nil, err
	}
	for _, a := range zips {
		if a.Bootstrap >= MaxBootstrap || a.Size >= MaxZip {
			return zips, fmt.Errorf("%s: bootstrap %s, zip %s: over the budget of %s and %s", a.Function.Name,
				mib(a.Bootstrap), mib(a.Size), mib(MaxBootstrap), mib(MaxZip))
		}
	}
	return zips, nil
}

// GOARCH returns Go's name for a Lambda architecture (arm64, x86_64).
func GOARCH(architecture string) string {
	if architecture == "x86_64" {
		return "amd64"
	}
	return "arm64"
}

// BuildCommand returns the command that builds a function's bootstrap for
// Lambda's Amazon Linux 2023 runtime on architecture (arm64 or x86_64):
// static, stripped, without paths or VCS stamps, so the same source gives
// the same bytes on every machine and commit.
func BuildCommand(f Function, out, architecture string) Command {
	return Command{
		Env:  []string{"GOOS=linux", "GOARCH=" + GOARCH(architecture), "CGO_ENABLED=0"},
		Args: []string{"go", "build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", out, f.Package},
	}
}

// buildFunctions builds and zips each function with the content's data files.
func (d *Deployer) buildFunctions(ctx context.Context, architecture string) ([]Artifact, error) {
	d.step(2, "build and zip the Lambda bootstraps (linux/%s, provided.al2023)", GOARCH(architecture))
	data, err := lambdazip.Data(os.DirFS(d.Config.Content))
	if err != nil {
		return nil, fmt.Errorf("lambda data files: %w", err)
	}
	admins, err := d.admins()
	if err != nil {
		return nil, err
	}
	codes, err := d.unitCodes()
	if err != nil {
		return nil, err
	}
	var out []Artifact
	for _, f := range Functions {
		entries := append([]lambdazip.Entry(nil), data...)
		switch f.Name {
		case "admin":
			entries = append(entries, admins)
		case "collector":
			entries = append(entries, codes)
		}
		a, err := d.buildFunction(ctx, f, architecture, entries)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// admins reads the admin list for the admin zip; without one the admin page
// accepts nobody (unless the Admins parameter lists admins), which is said.
func (d *Deployer) admins() (lambdazip.Entry, error) {
	data := []byte("[]")
	if f := d.Config.AdminsFile; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return lambdazip.Entry{}, fmt.Errorf("admin list: %w", err)
		}
		data = b
	}
	e, n, err := lambdazip.Admins(data)
	if err != nil {
		return e, fmt.Errorf("%s: %w", d.Config.AdminsFile, err)
	}
	if d.Config.AdminsFile == "" {
		d.printf("WARNING: no admin list (-admins admins.json): the admin page will accept nobody\n")
	} else {
		d.printf("admin list: %d admins from %s (token hashes only) → admins.json in the admin zip\n", n, d.Config.AdminsFile)
	}
	return e, nil
}

// unitCodes reads the units' code hashes for the collector zip; without them
// every form post is refused, which is said.
func (d *Deployer) unitCodes() (lambdazip.Entry, error) {
	data := []byte(`{"kdf":"pbkdf2-sha256","iterations":20000,"units":[]}`)
	if f := d.Config.CodesFile; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return lambdazip.Entry{}, fmt.Errorf("unit codes: %w", err)
		}
		data = b
	}
	e, n, err := lambdazip.UnitCodes(data)
	if err != nil {
		return e, fmt.Errorf("%s: %w", d.Config.CodesFile, err)
	}
	if d.Config.CodesFile == "" {
		d.printf("WARNING: no unit codes (-unit-codes unit-codes.json, made by go run ./lambda/cmd/bundle -unit-codes): every form post will be refused\n")
	} else {
		d.printf("unit codes: %d units from %s (salted hashes only) → unit-codes.json in the collector zip\n", n, d.Config.CodesFile)
	}
	return e, nil
}

func (d *Deployer) buildFunction(ctx context.Context, f Function, architecture string, data []lambdazip.Entry) (Artifact, error) {
	dir := filepath.Join(d.Config.Build, f.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Artifact{}, err
	}
	bootstrap := filepath.Join(dir, "bootstrap")
	cmd := BuildCommand(f, bootstrap, architecture)
	d.printf("$ %s\n", cmd)
	if err := d.Runner.Run(ctx, cmd); err != nil {
		return Artifact{}, fmt.Errorf("build %s: %w", f.Name, err)
	}
	bin, err := os.ReadFile(bootstrap)
	if err != nil {
		return Artifact{}, fmt.Errorf("build %s: %w", f.Name, err)
	}
	var zip bytes.Buffer
	entries := append([]lambdazip.Entry{{Name: "bootstrap", Mode: 0o755, Data: bin}}, data...)
	sum, err := lambdazip.Write(&zip, entries)
	if err != nil {
		return Artifact{}, err
	}
	path := filepath.Join(dir, f.Name+".zip")
	if err := os.WriteFile(path, zip.Bytes(), 0o644); err != nil {
		return Artifact{}, err
	}
	a := Artifact{Function: f, Path: path, Key: fmt.Sprintf("lambda/%s-%s.zip", f.Name, sum[:16]), Size: int64(zip.Len()), Bootstrap: int64(len(bin))}
	d.printf("%s: bootstrap %s, zip %s (%d files, SHA-256 %s…)", f.Name, mib(int64(len(bin))), mib(a.Size), len(entries), sum[:16])
	if d.Config.Region != "" {
		d.printf(" → s3://%s/%s", d.Config.codeBucket(), a.Key)
	}
	d.printf("\n")
	return a, nil
}

func mib(n int64) string {
	return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
}
