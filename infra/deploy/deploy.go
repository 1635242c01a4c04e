// Package deploy puts dunban into an AWS account: it builds and zips both
// Lambda bootstraps, uploads them with the template, creates or updates the
// stack through a change set, builds the portal against the stack's API,
// uploads it and invalidates CloudFront. Destroy takes the stack down but
// keeps the submissions bucket. With DryRun it prints every step and touches
// nothing in AWS.
package deploy

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"dunban/infra/stack"
)

// Config is what to deploy and where.
type Config struct {
	Stack      string            // stack name, e.g. dunban
	Region     string            // e.g. ap-east-1 or cn-northwest-1
	Account    string            // AWS account id ("" in a dry run without credentials)
	CodeBucket string            // bucket for zips and the template; default <stack>-artifacts-<account>-<region>
	Content    string            // content folder (units.csv, rounds/ go into the zips)
	Build      string            // scratch folder for bootstraps, zips and the built site
	Params     map[string]string // stack parameters set explicitly (-param Name=Value)
	AdminsFile string            // admin list put into the admin zip as admins.json; "" for none
	CodesFile  string            // units' code hashes put into the collector zip as unit-codes.json; "" for none
	DryRun     bool              // print every step; build locally; call no AWS API
	Force      bool              // upload unchanged site files too
	// ExistingSubmissions is a submissions bucket kept by an earlier stack
	// (make destroy) for a new stack to import; "" to use the record the
	// destroy left in the code bucket, if any.
	ExistingSubmissions string
	Info                BuildInfo
}

// BuildInfo says what is being deployed.
type BuildInfo struct {
	Revision  string // VCS revision, "" if unknown
	Modified  bool   // the working tree had uncommitted changes
	GoVersion string
}

// Command is a program the deploy runs locally (a build).
type Command struct {
	Env  []string // added to the environment
	Args []string
}

func (c Command) String() string {
	return strings.TrimSpace(strings.Join(c.Env, " ") + " " + strings.Join(c.Args, " "))
}

// Runner runs local commands.
type Runner interface {
	Run(ctx context.Context, c Command) error
}

// Deployer carries out deploys and destroys. In a dry run only Runner and
// Out are used.
type Deployer struct {
	Config     Config
	Template   []byte // the CloudFormation template (infra.Template)
	Runner     Runner
	Stack      *stack.Stack // the CloudFormation stack
	S3         S3           // artifacts and site buckets
	CloudFront Invalidator
	IAM        IAM  // the China preflight's certificate check
	Logs       Logs // log groups kept by an earlier stack, for an adoption
	Out        io.Writer
	Now        func() time.Time
}

// Partition returns the AWS partition and URL suffix of a region.
func Partition(region string) (partition, urlSuffix string) {
	if strings.HasPrefix(region, "cn-") {
		return "aws-cn", "amazonaws.com.cn"
	}
	return "aws", "amazonaws.com"
}

// codeBucket returns the artifacts bucket's name.
func (c Config) codeBucket() string {
	if c.CodeBucket != "" {
		return c.CodeBucket
	}
	account := c.Account
	if account == "" {
		account = "<account-id>"
	}
	return fmt.Sprintf("%s-artifacts-%s-%s", strings.ToLower(c.Stack), account, c.Region)
}

func (d *Deployer) step(n int, format string, args ...any) {
	prefix := ""
	if d.Config.DryRun {
		prefix = "[dry run] "
	}
	fmt.Fprintf(d.Out, "\n== %s%d. %s\n", prefix, n, fmt.Sprintf(format, args...))
}

func (d *Deployer) printf(format string, args ...any) {
	fmt.Fprintf(d.Out, format, args...)
}

func (d *Deployer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Deploy runs every step of a deploy.
func (d *Deployer) Deploy(ctx context.Context) error {
	c := d.Config
	partition, _ := Partition(c.Region)
	d.step(1, "build info and preflight")
	d.printf("stack %s in %s (partition %s), revision %s%s, %s\n", c.Stack, c.Region, partition,
		orUnknown(c.Info.Revision), modified(c.Info.Modified), c.Info.GoVersion)
	var current stack.Info
	if !c.DryRun {
		var err error
		if current, err = d.Stack.Describe(ctx); err != nil {
			return err
		}
	}
	if err := d.preflight(ctx, current.Parameters); err != nil {
		return err
	}
	if partition == "aws-cn" && c.DryRun {
		d.chinaPlan(d.effective(current.Parameters))
	}
	zips, err := d.buildFunctions(ctx, d.architecture(current.Parameters))
	if err != nil {
		return err
	}
	if err := d.checkRegion(ctx); err != nil {
		return err
	}
	if err := d.uploadArtifacts(ctx, zips); err != nil {
		return err
	}
	outputs, err := d.applyStack(ctx, zips)
	if err != nil {
		return err
	}
	return d.publishSite(ctx, outputs)
}

// architecture is the functions' LambdaArchitecture: set now, kept, or the
// template's default.
func (d *Deployer) architecture(current map[string]string) string {
	if a := d.effective(current)["LambdaArchitecture"]; a != "" {
		return a
	}
	return "arm64"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func modified(m bool) string {
	if m {
		return " (with uncommitted changes)"
	}
	return ""
}
