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
	"dunban/lambda/chrome"
	"dunban/lambda/devserver"
	"dunban/lambda/s3store"
	"dunban/lambda/unitcode"
)

// apiHandler starts the local form collector (an S3-compatible store on
// disk under -data) and returns it with a function that stops it. It prints
// the development 单位填报码 and admin token, kept under -data across
// restarts, and takes per-unit codes and scoped admins from the optional
// -unit-codes and -admins files, as deployed.
func apiHandler(cfg serveConfig, stdout io.Writer) (http.Handler, func() error, error) {
	origins := []string{"http://" + cfg.addr}
	if _, port, err := net.SplitHostPort(cfg.addr); err == nil {
		origins = append(origins, "http://localhost:"+port, "http://127.0.0.1:"+port)
	}
	secrets, err := devserver.LoadSecrets(cfg.data)
	if err != nil {
		return nil, nil, err
	}
	codes, err := devCodes(cfg.unitCodes, secrets.UnitCode, stdout)
	if err != nil {
		return nil, nil, err
	}
	admins, err := devAdmins(cfg.admins, secrets.AdminToken, stdout)
	if err != nil {
		return nil, nil, err
	}
	api, err := devserver.New(devserver.Config{
		DataDir: cfg.data,
		Content: os.DirFS(cfg.dir),
		Origins: origins,
		Codes:   codes,
		Now:     cfg.build.Now,
		Chrome:  liveChrome(cfg.build.Chrome),
		Log:     slog.New(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Admin: func(store *s3store.Store, content fs.FS) (http.Handler, error) {
			fmt.Fprintf(stdout, "管理员页面 http://%s/admin/ ，开发令牌（全区）：%s\n", cfg.addr, secrets.AdminToken)
			return admin.New(admin.Config{Store: store, Content: content, Admins: admins, Now: cfg.build.Now})
		},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("start local API: %w", err)
	}
	fmt.Fprintf(stdout, "单位填报码（开发）：%s\n", secrets.UnitCode)
	fmt.Fprintf(stdout, "表单提交的 CSV 保存在 %s\n", api.BucketDir)
	return api, api.Close, nil
}

// liveChrome reads the chrome from fsys for each collector page, so that
// an edit shows at once, as on the portal's pages; nil (fsys nil) means the
// built-in one.
func liveChrome(fsys fs.FS) func() (*chrome.Chrome, error) {
	if fsys == nil {
		return nil
	}
	return func() (*chrome.Chrome, error) { return chrome.Parse(fsys) }
}

// devCodes is the units' codes of the -unit-codes file, if one is given,
// and the development code, valid for every unit.
func devCodes(file, devCode string, stdout io.Writer) (*unitcode.Book, error) {
	book := unitcode.NewBook()
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("unit codes: %w", err)
		}
		defer f.Close()
		if book, err = unitcode.ParseBook(f); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		fmt.Fprintf(stdout, "已读入 %d 个单位的填报码（%s）\n", len(book.Units()), file)
	}
	return book, book.AllowEverywhere(devCode)
}

// devAdmins is the development 全区 admin and those of the -admins file.
func devAdmins(file, token string, stdout io.Writer) ([]admin.Admin, error) {
	admins := []admin.Admin{admin.DevAdmin(token)}
	if file == "" {
		return admins, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("admins: %w", err)
	}
	defer f.Close()
	more, err := admin.ParseAdmins(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(stdout, "已读入 %d 名管理员（%s）\n", len(more), file)
	return append(admins, more...), nil
}
