// Command admin is the bootstrap of the admin Lambda: the admin handler
// behind API Gateway HTTP API routes /admin/overview and /admin/bundle.
// Build: GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap ./lambda/cmd/admin
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"dunban/lambda/admin"
	"dunban/lambda/apigw"
	"dunban/lambda/s3store"
)

// Config is the environment of the function.
type Config struct {
	Bucket     string        // BUCKET: the submissions bucket (bundles/ and logs/ live there too)
	DataDir    string        // DATA_DIR: holds units.csv and rounds/ (default /var/task)
	Admins     string        // ADMINS: JSON list of {name, scope, sha256}
	AdminsFile string        // ADMINS_FILE: or a file holding that list
	Endpoint   string        // S3_ENDPOINT: loopback S3 for the emulator test; unset in AWS
	TTL        time.Duration // BUNDLE_TTL_MINUTES: download URL validity (1–15, default 15)
	Workers    int           // WORKERS: parallel reads (default 64)
	Timeout    time.Duration // BUILD_TIMEOUT_SECONDS: bound on one answer (default 25, under the API's 30 s)
	LogLevel   string        // LOG_LEVEL: debug, info, warn, error
}

func main() {
	cfg, err := configFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "admin:", err)
		os.Exit(1)
	}
	h, err := newHandler(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "admin:", err)
		os.Exit(1)
	}
	lambda.Start(apigw.Handler(h))
}

func configFromEnv(getenv func(string) string) (Config, error) {
	c := Config{Bucket: getenv("BUCKET"), DataDir: getenv("DATA_DIR"), Admins: getenv("ADMINS"), AdminsFile: getenv("ADMINS_FILE"),
		Endpoint: getenv("S3_ENDPOINT"), LogLevel: getenv("LOG_LEVEL"), TTL: admin.MaxTTL, Workers: 64, Timeout: 25 * time.Second}
	if c.DataDir == "" {
		c.DataDir = "/var/task"
	}
	var errs []error
	if c.Bucket == "" {
		errs = append(errs, errors.New("BUCKET is required"))
	}
	if c.Admins == "" && c.AdminsFile == "" {
		errs = append(errs, errors.New("ADMINS or ADMINS_FILE is required"))
	}
	ttl, err := intEnv(getenv, "BUNDLE_TTL_MINUTES", int(c.TTL/time.Minute), 15)
	errs = append(errs, err)
	workers, err := intEnv(getenv, "WORKERS", c.Workers, 256)
	errs = append(errs, err)
	timeout, err := intEnv(getenv, "BUILD_TIMEOUT_SECONDS", int(c.Timeout/time.Second), 900)
	errs = append(errs, err)
	c.TTL, c.Workers, c.Timeout = time.Duration(ttl)*time.Minute, workers, time.Duration(timeout)*time.Second
	return c, errors.Join(errs...)
}

// intEnv reads the variable name as a whole number from 1 to max, or
// returns fallback if it is unset.
func intEnv(getenv func(string) string, name string, fallback, max int) (int, error) {
	v := getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return n, fmt.Errorf("%s=%q: want 1 to %d", name, v, max)
	}
	return n, nil
}

func newHandler(ctx context.Context, c Config) (http.Handler, error) {
	var src = strings.NewReader(c.Admins)
	if c.Admins == "" {
		b, err := os.ReadFile(c.AdminsFile)
		if err != nil {
			return nil, fmt.Errorf("read admins: %w", err)
		}
		src = strings.NewReader(string(b))
	}
	admins, err := admin.ParseAdmins(src)
	if err != nil {
		return nil, err
	}
	client, err := newClient(ctx, c.Endpoint)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level(c.LogLevel)}))
	return admin.New(admin.Config{Store: s3store.New(client, c.Bucket), Content: os.DirFS(c.DataDir), Admins: admins,
		TTL: c.TTL, Workers: c.Workers, BuildTimeout: c.Timeout, Log: log})
}

func newClient(ctx context.Context, endpoint string) (*s3.Client, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
	}), nil
}

func level(s string) slog.Level {
	var l slog.Level
	if l.UnmarshalText([]byte(s)) != nil {
		return slog.LevelInfo
	}
	return l
}
