// Command bundle builds an admin bundle straight from the submissions
// bucket, for admins with AWS credentials:
//
//	go run ./lambda/cmd/bundle -scope 包头市 -from 2021-03 -to 2021-06 -o out.zip
//
// It also mints admin tokens (-new-token) and the units' 单位填报码
// (-unit-codes [-unit 名称] -o codes.csv, hashes into -hashes unit-codes.json),
// and erases one person's data on request (-erase 姓名 -erase-unit 单位
// -reference 申请编号 [-confirm]), with the erase role's credentials.
//
// It prints a progress line while it lists and reads, writes the zip
// atomically (a partial file never takes the name), and records the
// request in the bucket's audit log.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/lambda/admin"
	"dunban/lambda/bundle"
	"dunban/lambda/s3store"
)

// Config is everything the command reads from flags and environment.
type Config struct {
	Scope, From, To, Forms, Out, Encoding string
	Bucket, Endpoint, Region, Content     string
	Workers                               int
	Audit, Files                          bool
	NewToken                              string // name of an admin to mint a token for
	UnitCodes                             bool   // mint 单位填报码 instead of building a bundle
	Unit                                  string // with UnitCodes: only this unit's code (else every unit's)
	Hashes                                string // with UnitCodes: the hashes file deployed beside admins.json
	Erase, EraseUnit, Reference           string // erase this person of this unit, for this request
	Confirm                               bool   // with Erase: carry the plan out (else only show it)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err == nil {
		err = run(ctx, cfg, os.Stderr)
	}
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("bundle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Scope, "scope", bundle.ScopeAll, "范围：全区，或 units.csv 中的单位名称（如 包头市、内蒙古大学）")
	fs.StringVar(&c.From, "from", "", "起始月份 YYYY-MM（必填）")
	fs.StringVar(&c.To, "to", "", "结束月份 YYYY-MM（默认同起始月份）")
	fs.StringVar(&c.Forms, "forms", "", "表单，逗号分隔：arrangement,tasklist,monthly,report,case（默认全部）")
	fs.StringVar(&c.Out, "o", "bundle.zip", "输出 zip 文件")
	fs.StringVar(&c.Encoding, "encoding", "utf-8", "CSV 编码：utf-8（带 BOM）或 gb18030")
	fs.StringVar(&c.Bucket, "bucket", os.Getenv("BUCKET"), "报送存储桶（默认 $BUCKET）")
	fs.StringVar(&c.Endpoint, "endpoint", os.Getenv("S3_ENDPOINT"), "S3 兼容服务地址，如 make run 的本地存储（默认 $S3_ENDPOINT；在 AWS 上留空）")
	fs.StringVar(&c.Region, "region", "", "AWS 区域（默认取 AWS 配置）")
	fs.StringVar(&c.Content, "content", "content", "含 units.csv 与 rounds/ 的目录")
	fs.IntVar(&c.Workers, "workers", 32, "并行读取数")
	fs.BoolVar(&c.Audit, "audit", true, "在存储桶 logs/ 中记录本次导出")
	fs.BoolVar(&c.Files, "files", false, "附上报告文件（docx/pdf 原件，与 report 表单一起）")
	fs.StringVar(&c.NewToken, "new-token", "", "为该管理员（姓名或说明）生成新令牌，与 -scope 一起用；输出令牌和配置行后退出")
	fs.BoolVar(&c.UnitCodes, "unit-codes", false, "生成单位填报码：写出交给各单位的 CSV（-o）并更新部署用的哈希文件（-hashes）；原有填报码作废")
	fs.StringVar(&c.Unit, "unit", "", "与 -unit-codes 一起用：只为该单位重新生成填报码（其原填报码作废），其他单位不变")
	fs.StringVar(&c.Hashes, "hashes", "unit-codes.json", "与 -unit-codes 一起用：填报码哈希文件（与 admins.json 一起部署，不要提交到代码库）")
	fs.StringVar(&c.Erase, "erase", "", "按本人申请删除其个人信息：姓名（与 -erase-unit、-reference 一起用；需以删除角色 EraseRole 的凭证运行）")
	fs.StringVar(&c.EraseUnit, "erase-unit", "", "与 -erase 一起用：此人所在单位（units.csv 中的名称；盟市包括其所辖旗县）")
	fs.StringVar(&c.Reference, "reference", "", "与 -erase 一起用：删除申请的编号或日期，记入审计日志")
	fs.BoolVar(&c.Confirm, "confirm", false, "与 -erase 一起用：执行删除（不加时只列出将删除的内容）")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	out := false
	fs.Visit(func(f *flag.Flag) { out = out || f.Name == "o" })
	if c.UnitCodes && !out {
		c.Out = "unit-codes.csv"
	}
	if c.Unit != "" && !c.UnitCodes {
		return c, errors.New("-unit goes with -unit-codes")
	}
	if c.Erase != "" {
		if c.EraseUnit == "" || c.Reference == "" || c.Bucket == "" {
			return c, errors.New("-erase needs -erase-unit, -reference and -bucket (or $BUCKET)")
		}
		return c, nil
	}
	if c.NewToken != "" || c.UnitCodes {
		return c, nil
	}
	if c.From == "" || c.Bucket == "" {
		fs.Usage()
		return c, errors.New("-from and -bucket (or $BUCKET) are required")
	}
	if c.To == "" {
		c.To = c.From
	}
	return c, nil
}

func request(c Config) (bundle.Request, error) {
	req := bundle.Request{Scope: c.Scope, Encoding: bundle.Encoding(strings.ToLower(c.Encoding)), Files: c.Files}
	var err1, err2 error
	req.From, err1 = bundle.ParseMonth(c.From)
	req.To, err2 = bundle.ParseMonth(c.To)
	if c.Forms != "" {
		req.Forms = strings.Split(c.Forms, ",")
	}
	if err := errors.Join(err1, err2); err != nil {
		return req, err
	}
	return req, req.Check()
}

func run(ctx context.Context, c Config, stderr io.Writer) error {
	if c.NewToken != "" {
		return newToken(c, stderr)
	}
	if c.UnitCodes {
		return unitCodes(c, stderr)
	}
	if c.Erase != "" {
		return eraseOne(ctx, c, stderr)
	}
	req, err := request(c)
	if err != nil {
		return err
	}
	units, rounds, err := admin.LoadContent(os.DirFS(c.Content))
	if err != nil {
		return err
	}
	client, err := newClient(ctx, c)
	if err != nil {
		return err
	}
	st := s3store.New(client, c.Bucket)
	count := &bundle.Counter{}
	b := &bundle.Builder{Source: st, Units: units, Rounds: rounds, Workers: c.Workers, Count: count}
	if !b.ValidScope(req.Scope) {
		return fmt.Errorf("scope %q is neither %s nor a unit of %s", req.Scope, bundle.ScopeAll, filepath.Join(c.Content, "units.csv"))
	}
	who := operator()
	start := time.Now()
	done := progress(stderr, count, start)
	m, size, err := write(ctx, b, req, who, c.Out)
	done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "已写入 %s：%d 份报送（读取 %d 个对象，%d 份被后来的报送替换，%d 个重复），%.1f MiB，用时 %s\n",
		c.Out, m.Submissions, m.Objects, m.Replaced, m.Duplicates, float64(size)/(1<<20), time.Since(start).Round(100*time.Millisecond))
	for _, f := range m.Files {
		fmt.Fprintf(stderr, "  %7d 行  %s\n", f.Rows, f.Name)
	}
	if c.Audit {
		now := time.Now()
		rec := &admin.Record{Time: now.In(bundle.Shanghai).Format(time.RFC3339), ID: fmt.Sprintf("cli-%d", now.UnixNano()),
			Action: "bundle-cli", Status: 0, Admin: who, Scope: req.Scope, Request: &req, Bytes: size, Submissions: m.Submissions, At: now}
		if err := admin.WriteRecord(ctx, st, rec); err != nil {
			fmt.Fprintf(stderr, "注意：未能写入审计日志（%v）；请告知自治区团委学校部本次导出。\n", err)
		}
	}
	return nil
}

// write builds the bundle into a temporary file beside out and renames it
// into place only when complete.
func write(ctx context.Context, b *bundle.Builder, req bundle.Request, who, out string) (bundle.Manifest, int64, error) {
	f, err := os.CreateTemp(filepath.Dir(out), ".bundle-*.part")
	if err != nil {
		return bundle.Manifest{}, 0, err
	}
	defer os.Remove(f.Name())
	m, err := b.Build(ctx, req, who, f)
	if err != nil {
		f.Close()
		return m, 0, err
	}
	size, _ := f.Seek(0, io.SeekCurrent)
	if err := f.Close(); err != nil {
		return m, 0, err
	}
	return m, size, os.Rename(f.Name(), out)
}

// progress prints a line while the bundle is built: rewritten in place on
// a terminal, every five seconds otherwise. The returned func ends it.
func progress(w io.Writer, c *bundle.Counter, start time.Time) func() {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	every := 5 * time.Second
	if tty {
		every = 200 * time.Millisecond
	}
	stop, finished := make(chan struct{}), make(chan struct{})
	line := func() string {
		el := time.Since(start).Seconds()
		read := c.Read.Load()
		return fmt.Sprintf("已列出 %d 个对象，已读取 %d 个（%.0f 个/秒），范围内 %d 个，用时 %.0f 秒", c.Listed.Load(), read, float64(read)/max(el, 0.001), c.Kept.Load(), el)
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				if tty {
					fmt.Fprintf(w, "\r%s\n", line())
				}
				return
			case <-t.C:
				if tty {
					fmt.Fprintf(w, "\r%s", line())
				} else {
					fmt.Fprintln(w, line())
				}
			}
		}
	}()
	return func() { close(stop); <-finished }
}

// newClient uses the AWS configuration (profile, environment, SSO); with an
// endpoint, path-style addressing, and dummy keys if none are configured
// (the local store of make run accepts any).
func newClient(ctx context.Context, c Config) (*s3.Client, error) {
	if c.Endpoint != "" && os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		return s3store.NewClient(s3store.Endpoint{URL: c.Endpoint, Region: c.Region, AccessKey: "dunban", SecretKey: "dunban"}), nil
	}
	// A profile with role_arn and mfa_serial (the erase role) asks for the
	// MFA code on the terminal.
	opts := []func(*config.LoadOptions) error{config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
		o.TokenProvider = stscreds.StdinTokenProvider
	})}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
			o.UsePathStyle = true
		}
	}), nil
}

// newToken prints a fresh token for an admin and the line of the ADMINS
// list that holds only its hash.
func newToken(c Config, w io.Writer) error {
	units, _, err := admin.LoadContent(os.DirFS(c.Content))
	if err != nil {
		return err
	}
	if _, ok := units.Lookup(c.Scope); !ok && c.Scope != bundle.ScopeAll {
		return fmt.Errorf("scope %q is neither %s nor a unit of %s", c.Scope, bundle.ScopeAll, filepath.Join(c.Content, "units.csv"))
	}
	token := admin.NewToken()
	line, err := json.Marshal(admin.Admin{Name: c.NewToken, Scope: c.Scope, SHA256: admin.HashToken(token)})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "令牌（只显示这一次，请安全地交给 %s）：\n%s\n\n加入 ADMINS 配置的一行（只含哈希）：\n%s\n", c.NewToken, token, line)
	return nil
}

// operator names who ran the command, for the audit log.
func operator() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return "cli:" + name + "@" + host
}
