// Command deploy puts dunban into an AWS account (aws or aws-cn partition),
// or takes it down.
//
//	go run ./infra/cmd/deploy [flags] deploy    build, upload, change set, site, invalidation
//	go run ./infra/cmd/deploy [flags] destroy   delete the stack, keep the submissions
//	go run ./infra/cmd/deploy [flags] package   only build and zip both functions (make lambda)
//
// With -dry-run it prints every step, the stack parameters and every file of
// the site with its headers, and needs no AWS credentials.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"dunban/infra"
	"dunban/infra/deploy"
	"dunban/infra/stack"
)

// params collects repeated -param Name=Value flags.
type params map[string]string

func (p params) String() string { return fmt.Sprint(map[string]string(p)) }

func (p params) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want Name=Value, got %q", s)
	}
	p[k] = v
	return nil
}

type options struct {
	cfg       deploy.Config
	admins    string
	adminsSet bool // -admins given, so the file must exist
	codes     string
	codesSet  bool // -unit-codes given, so the file must exist
	yes       bool
	command   string
}

func parseFlags(args []string) (options, error) {
	var o options
	o.cfg.Params = params{}
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.StringVar(&o.cfg.Stack, "stack", "dunban", "CloudFormation stack name")
	fs.StringVar(&o.cfg.Region, "region", os.Getenv("AWS_REGION"), "AWS region, e.g. ap-east-1 or cn-northwest-1 (default $AWS_REGION)")
	fs.StringVar(&o.cfg.Content, "content", "content", "content folder (units.csv and rounds/ go into the Lambda zips)")
	fs.StringVar(&o.cfg.Build, "build", ".build/deploy", "scratch folder for bootstraps, zips and the built portal")
	fs.StringVar(&o.cfg.CodeBucket, "code-bucket", "", "bucket for the zips and template (default <stack>-artifacts-<account>-<region>, created if missing)")
	fs.Var(params(o.cfg.Params), "param", "stack parameter Name=Value (repeat), e.g. -param AlarmEmail=ops@example.cn")
	fs.StringVar(&o.admins, "admins", "admins.json", "JSON file of admins [{name, scope, sha256}] (token hashes only), put into the admin zip; ignored if missing")
	fs.StringVar(&o.codes, "unit-codes", "unit-codes.json", "hashes of the units' 单位填报码 (go run ./lambda/cmd/bundle -unit-codes), put into the collector zip; ignored if missing")
	fs.BoolVar(&o.cfg.DryRun, "dry-run", false, "print every step, parameter and file; build locally; call no AWS API")
	fs.BoolVar(&o.cfg.Force, "force", false, "upload unchanged site files too")
	fs.BoolVar(&o.yes, "yes", false, "execute change sets and deletions without asking")
	fs.StringVar(&o.cfg.ExistingSubmissions, "existing-submissions-bucket", "", "a submissions bucket kept by an earlier stack, for a new stack to import (default: the record make destroy left)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	fs.Visit(func(f *flag.Flag) {
		o.adminsSet = o.adminsSet || f.Name == "admins"
		o.codesSet = o.codesSet || f.Name == "unit-codes"
	})
	o.command = fs.Arg(0)
	if o.command == "" {
		o.command = "deploy"
	}
	if o.command != "deploy" && o.command != "destroy" && o.command != "package" {
		return o, fmt.Errorf("unknown command %q: want deploy, destroy or package", o.command)
	}
	if o.cfg.Region == "" {
		switch {
		case o.command == "package": // builds only
		case !o.cfg.DryRun:
			return o, errors.New("no region: pass -region or set AWS_REGION")
		default:
			o.cfg.Region = "us-east-1"
		}
	}
	return o, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "deploy:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.admins); err == nil || o.adminsSet {
		o.cfg.AdminsFile = o.admins // a missing file named on purpose is an error later
	}
	if _, err := os.Stat(o.codes); err == nil || o.codesSet {
		o.cfg.CodesFile = o.codes
	}
	o.cfg.Info = buildInfo(ctx)
	d := &deploy.Deployer{Config: o.cfg, Template: infra.Template, Runner: execRunner{}, Out: os.Stdout}
	if o.command == "package" {
		d.Config.Region = "" // no bucket to name
		zips, err := d.Package(ctx)
		for _, a := range zips {
			fmt.Printf("%-9s bootstrap %d bytes, zip %s: %d bytes (budgets %d and %d)\n", a.Function.Name, a.Bootstrap, a.Path, a.Size, deploy.MaxBootstrap, deploy.MaxZip)
		}
		return err
	}
	if !o.cfg.DryRun {
		if err := connect(ctx, d, o.yes); err != nil {
			return err
		}
	}
	if o.command == "destroy" {
		return d.Destroy(ctx, confirmer(o.yes))
	}
	return d.Deploy(ctx)
}

// connect loads credentials and gives the deployer its AWS clients.
func connect(ctx context.Context, d *deploy.Deployer, yes bool) error {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(d.Config.Region))
	if err != nil {
		return fmt.Errorf("load AWS configuration: %w", err)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("AWS credentials: %w", err)
	}
	d.Config.Account = aws.ToString(id.Account)
	d.S3 = s3.NewFromConfig(cfg)
	d.CloudFront = cloudfront.NewFromConfig(cfg)
	d.IAM = iam.NewFromConfig(cfg)
	d.Logs = cloudwatchlogs.NewFromConfig(cfg)
	d.Stack = &stack.Stack{API: cloudformation.NewFromConfig(cfg), Name: d.Config.Stack, Out: os.Stdout, Confirm: confirmer(yes)}
	return nil
}

func confirmer(yes bool) func(string) bool {
	if yes {
		return nil
	}
	in := bufio.NewReader(os.Stdin)
	return func(prompt string) bool {
		fmt.Printf("%s [y/N] ", prompt)
		line, _ := in.ReadString('\n')
		a := strings.ToLower(strings.TrimSpace(line))
		return a == "y" || a == "yes"
	}
}

// buildInfo asks git which revision is deployed.
func buildInfo(ctx context.Context) deploy.BuildInfo {
	info := deploy.BuildInfo{GoVersion: runtime.Version()}
	if out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		info.Revision = strings.TrimSpace(string(out))
	}
	if out, err := exec.CommandContext(ctx, "git", "status", "--porcelain").Output(); err == nil {
		info.Modified = len(strings.TrimSpace(string(out))) > 0
	}
	return info
}

// execRunner runs commands with the process's environment and output.
type execRunner struct{}

func (execRunner) Run(ctx context.Context, c deploy.Command) error {
	cmd := exec.CommandContext(ctx, c.Args[0], c.Args[1:]...)
	cmd.Env = append(os.Environ(), c.Env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}
