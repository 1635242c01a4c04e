// Command collector is the bootstrap of the form collector Lambda: it reads
// its configuration from the environment once and serves API Gateway HTTP
// API events with the collector handler.
package main

import (
	"fmt"
	"log/slog"
	"os"

	"dunban/lambda/apigw"
	"dunban/lambda/collect"
	"dunban/lambda/form"
	"dunban/lambda/s3store"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	cfg, err := configFrom(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "collector:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	missing, err := cfg.readCodes()
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	if missing {
		log.Warn("no unit codes file: every form post will be refused until one is deployed", "file", cfg.CodesFile)
	}
	h, err := build(cfg, log)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	lambda.Start(apigw.Handler(h))
}

// build loads the content and connects the store.
func build(cfg Config, log *slog.Logger) (*collect.Handler, error) {
	content, err := form.LoadContent(os.DirFS(cfg.DataDir))
	if err != nil {
		return nil, fmt.Errorf("content in %s: %w", cfg.DataDir, err)
	}
	store := s3store.New(s3Client(cfg), cfg.Bucket)
	return collect.New(content, store, store, collect.Config{
		Codes:  cfg.Codes,
		Portal: cfg.Portal, Origins: cfg.Origins, Closed: cfg.Closed,
		Limits: cfg.Limits, MinFill: cfg.MinFill, Timeout: cfg.Timeout, Log: log,
	}), nil
}

// s3Client uses the role credentials the Lambda runtime puts in the
// environment (the SDK's shared-config loader would add 2 MB of SSO and STS
// clients the function never uses), with a loopback endpoint when
// S3_ENDPOINT is set.
func s3Client(cfg Config) *s3.Client {
	return s3store.NewClient(s3store.Endpoint{
		URL: cfg.Endpoint, Region: cfg.Region,
		AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SessionToken: cfg.SessionToken,
	})
}
