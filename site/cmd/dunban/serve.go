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
	"sync"
	"time"

	"dunban/site/build"
	"dunban/site/render"
	"dunban/site/serve"
)

// templateDir is where serve reads templates from when run in the source
// tree, so that editing them reloads the page without recompiling.
const templateDir = "site/render/templates"

type serveConfig struct {
	build build.Config
	dir   string // content folder
	addr  string
	data  string
}

func parseServe(args []string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	contentDir := fs.String("content", "content", "content folder")
	out := fs.String("out", "public", "output folder (replaced whole)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", ".data", "folder of the local S3 store behind /api/")
	if err := fs.Parse(args); err != nil {
		return serveConfig{}, err
	}
	cfg := build.Config{Content: os.DirFS(*contentDir), Out: *out, API: "/api", Reload: true}
	if serve.Exists(templateDir) {
		cfg.Templates = os.DirFS(templateDir)
	}
	return serveConfig{build: cfg, dir: *contentDir, addr: *addr, data: *data}, nil
}

func runServe(cfg serveConfig, stdout io.Writer, stop <-chan os.Signal) error {
	broker := serve.NewBroker()
	var mu sync.Mutex
	rebuild := func() {
		mu.Lock()
		defer mu.Unlock()
		st, err := build.Build(cfg.build)
		if err != nil {
			fmt.Fprintf(stdout, "%s 构建失败：\n%v\n", time.Now().Format(time.TimeOnly), err)
			return
		}
		fmt.Fprintf(stdout, "%s 已构建 %d 篇文章、%d 个文件，用时 %v\n", time.Now().Format(time.TimeOnly), st.Articles, st.Files, st.Elapsed.Round(time.Millisecond))
		broker.Reload()
	}
	rebuild()
	api, closeAPI, err := apiHandler(cfg, stdout)
	if err != nil {
		return err
	}
	defer closeAPI()
	mux := http.NewServeMux()
	mux.Handle("/_dunban/events", broker)
	mux.HandleFunc("/_dunban/reload.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(render.ReloadJS())
	})
	mux.Handle("/api/", http.StripPrefix("/api", api))
	mux.Handle("/", serve.Static(cfg.build.Out))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go serve.Watch(ctx, watched(cfg), 50*time.Millisecond, rebuild)
	fmt.Fprintf(stdout, "门户已启动：http://%s/ （表单数据保存在 %s；Ctrl-C 退出）\n", ln.Addr(), cfg.data)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-stop:
		sctx, scancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer scancel()
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}

func watched(cfg serveConfig) []string {
	dirs := []string{cfg.dir}
	if serve.Exists(templateDir) {
		dirs = append(dirs, templateDir)
	}
	return dirs
}
