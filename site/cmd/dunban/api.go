package main

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"

	"dunban/lambda/admin"
	"dunban/lambda/devserver"
	"dunban/lambda/s3store"
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
		Admin: func(store *s3store.Store, content fs.FS) (http.Handler, error) {
			admins, token := admin.DevAdmins()
			fmt.Fprintf(stdout, "管理员页面 http://%s/admin/ ，开发令牌（全区）：%s\n", cfg.addr, token)
			return admin.New(admin.Config{Store: store, Content: content, Admins: admins})
		},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("start local API: %w", err)
	}
	fmt.Fprintf(stdout, "表单提交的 CSV 保存在 %s\n", api.BucketDir)
	return api, api.Close, nil
}
