package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"dunban/lambda/form"
	"dunban/site/build"
	"dunban/site/output"
	"dunban/site/render"
	"dunban/site/serve"
)

// templateDir and chromeDir are where serve reads the page templates and
// the chrome (masthead, crumbs, footer) from when run in the source tree,
// so that editing them reloads the page without recompiling.
const (
	templateDir = "site/render/templates"
	chromeDir   = "lambda/chrome"
)

type serveConfig struct {
	build build.Config
	dir   string // content folder
	addr  string
	data  string
	// templates are the folders the page templates and the chrome are
	// read from and watched in (none for the embedded ones).
	templates []string
	// Optional files as deployed: the units' code hashes and the admin list.
	unitCodes, admins string
	// asOf is the Beijing time the serve's clock starts at (zero: the real
	// clock), for trying a round that has ended.
	asOf time.Time
}

// clock is the time serve builds pages and takes forms by: the real one, or
// one that starts at asOf and runs from the moment it is asked for first.
func (c serveConfig) clock() func() time.Time {
	if c.asOf.IsZero() {
		return time.Now
	}
	start := time.Now()
	return func() time.Time { return c.asOf.Add(time.Since(start)) }
}

// parseAsOf reads -as-of: "" or a Beijing time written as the round files write deadlines.
func parseAsOf(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(form.DueLayout, v, form.Shanghai)
	if err != nil {
		return time.Time{}, fmt.Errorf("-as-of %q：请写作 %s（北京时间）", v, form.DueLayout)
	}
	return t, nil
}

func parseServe(args []string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	site := addSiteFlags(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", ".data", "folder of the local S3 store behind /api/")
	unitCodes := fs.String("unit-codes", "", "hashes file of the units' 单位填报码 (as made by bundle -unit-codes), besides the development code")
	admins := fs.String("admins", "", "admin list [{name, scope, sha256}] (as deployed), besides the development admin")
	asOf := fs.String("as-of", "", "start the clock at this Beijing time (YYYY-MM-DD HH:MM) instead of now, to try a round that has ended")
	if err := fs.Parse(args); err != nil {
		return serveConfig{}, err
	}
	start, err := parseAsOf(*asOf)
	if err != nil {
		return serveConfig{}, err
	}
	cfg, err := site.config()
	if err != nil {
		return serveConfig{}, err
	}
	cfg.API = "/api"
	sc := serveConfig{build: cfg, dir: *site.content, addr: *addr, data: *data, unitCodes: *unitCodes, admins: *admins, asOf: start}
	if serve.Exists(templateDir) && serve.Exists(chromeDir) {
		sc.useTemplates(templateDir, chromeDir)
	}
	return sc, nil
}

// useTemplates makes serve read the page templates from dir and the chrome
// from chromeDir, and rebuild when they change.
func (c *serveConfig) useTemplates(dir, chromeDir string) {
	c.templates = []string{dir, chromeDir}
	c.build.Templates = os.DirFS(dir)
	c.build.Chrome = os.DirFS(chromeDir)
}

// devSite rebuilds the portal into memory, serves the latest build, tells
// open pages to reload, and copies each build to the -out folder behind.
type devSite struct {
	cfg    serveConfig
	out    io.Writer
	broker *serve.Broker
	site   serve.Site
	mu     sync.Mutex
	builds int // successful builds so far
	disk   chan *serve.Memory
}

func (d *devSite) rebuild() {
	d.mu.Lock()
	defer d.mu.Unlock()
	m := serve.NewMemory()
	cfg := d.cfg.build
	cfg.Output = m
	cfg.Reload = strconv.Itoa(d.builds + 1)
	st, err := build.Build(cfg)
	now := time.Now().Format(time.TimeOnly)
	if err != nil {
		fmt.Fprintf(d.out, "%s 构建失败：\n%v\n", now, err)
		d.site.Fail(err.Error())
		d.broker.Problems(err.Error())
		return
	}
	d.builds++
	d.site.Set(m)
	d.broker.Reload(cfg.Reload)
	fmt.Fprintf(d.out, "%s 已构建 %d 篇文章、%d 个文件，用时 %v\n", now, st.Articles, st.Files, st.Elapsed.Round(time.Millisecond))
	select {
	case <-d.disk: // an older build not yet written is dropped
	default:
	}
	d.disk <- m
}

// diskQuiet is how long builds must stop coming before the latest is
// copied to the -out folder: the copy does not compete with the browser
// showing a rebuild, nor with the rebuild of the next save.
const diskQuiet = 250 * time.Millisecond

// writeDisk copies builds to the -out folder until ctx ends, then writes
// the last one still waiting.
func (d *devSite) writeDisk(ctx context.Context) {
	var latest *serve.Memory
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			select {
			case latest = <-d.disk:
			default:
			}
			if latest != nil {
				d.toDisk(latest)
			}
			return
		case latest = <-d.disk:
			quiet.Reset(diskQuiet)
		case <-quiet.C:
			d.toDisk(latest)
			latest = nil
		}
	}
}

func (d *devSite) toDisk(m *serve.Memory) {
	if err := build.WriteDir(d.cfg.build.Out, func(o output.Files) error { return m.WriteTo(o) }); err != nil {
		fmt.Fprintf(d.out, "写入 %s 失败：%v\n", d.cfg.build.Out, err)
	}
}

func (d *devSite) handler(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/_dunban/events", d.broker)
	mux.HandleFunc("/_dunban/reload.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(render.ReloadJS())
	})
	mux.Handle("/api/", http.StripPrefix("/api", api))
	mux.Handle("/", &d.site)
	return mux
}

func runServe(cfg serveConfig, stdout io.Writer, stop <-chan os.Signal) error {
	cfg.build.Now = cfg.clock()
	if !cfg.asOf.IsZero() {
		fmt.Fprintf(stdout, "时钟从北京时间 %s 起走，表单按那时的年度开放（make run 的 AS_OF，即 -as-of；AS_OF= make run 用真实时间）\n", cfg.asOf.Format(form.DueLayout))
	}
	d := &devSite{cfg: cfg, out: stdout, broker: serve.NewBroker(), disk: make(chan *serve.Memory, 1)}
	d.broker.Pages = d.site.Page
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Watch before the first build, so that no change made after it is missed.
	watcher, err := serve.NewWatcher(watched(cfg))
	if err != nil {
		return err
	}
	d.rebuild()
	var writer sync.WaitGroup
	writer.Go(func() { d.writeDisk(ctx) })
	defer func() {
		cancel()
		writer.Wait()
	}()
	api, closeAPI, err := apiHandler(cfg, stdout)
	if err != nil {
		return err
	}
	defer closeAPI()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: d.handler(api), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go watcher.Run(ctx, d.rebuild)
	fmt.Fprintf(stdout, "门户已启动：http://%s/ （表单数据保存在 %s；Ctrl-C 退出）\n", ln.Addr(), cfg.data)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-stop:
		cancel() // ends the reload streams
		sctx, scancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer scancel()
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}

func watched(cfg serveConfig) []string {
	return append([]string{cfg.dir}, cfg.templates...)
}
