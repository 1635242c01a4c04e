package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"

	"dunban/lambda/devserver"
)

// apiHandler starts the local form collector (an S3-compatible store on
// disk under -data) and returns it with a function that stops it.
func apiHandler(cfg serveConfig, stdout io.Writer) (http.Handler, func() error, error) {
	origins := []string{"http://" + cfg.addr}
	if _, port, err := net.SplitHostPort(cfg.addr); err == nil {
		origins = append(origins, "http://localhost:"+port, "http://127.0.0.1:"+port)
	}
	api, err := devserver.New(devserver.Config{
		DataDir: cfg.data,
		Content: os.DirFS(cfg.dir),
		Origins: origins,
		Log:     slog.New(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("start local API: %w", err)
	}
	fmt.Fprintf(stdout, "表单提交的 CSV 保存在 %s\n", api.BucketDir)
	return api, api.Close, nil
}
