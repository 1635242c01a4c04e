package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/collect"
	"dunban/lambda/form"
	"dunban/lambda/unitcode"
)

// Config is everything the collector reads from its environment.
type Config struct {
	Bucket   string         // BUCKET: the submissions bucket (required)
	Origins  []string       // ALLOWED_ORIGIN: page origins allowed to post, comma-separated
	Portal   string         // PORTAL_URL: the portal's root URL, for links on the collector's pages
	DataDir  string         // DATA_DIR: folder with units.csv and rounds/ (default /var/task)
	Closed   []string       // CLOSED_FORMS: form ids refused whatever the round says
	Limits   collect.Limits // MAX_BODY_BYTES
	MinFill  time.Duration  // MIN_FILL_SECONDS (default 3)
	Timeout  time.Duration  // S3_TIMEOUT_SECONDS (default 10)
	Endpoint string         // S3_ENDPOINT: loopback S3 for the emulator test; unset in AWS
	// UNIT_CODES_FILE: the units' 单位填报码 hashes (default DATA_DIR/unit-codes.json,
	// which the deploy puts in the zip); read once into Codes by readCodes.
	CodesFile string
	Codes     *unitcode.Book

	// Set by the Lambda runtime: the region and the role\'s credentials.
	Region, AccessKey, SecretKey, SessionToken string
	LogLevel                                   slog.Level // LOG_LEVEL (default info)
}

// configFrom reads the configuration, reporting every problem at once.
func configFrom(getenv func(string) string) (Config, error) {
	c := Config{
		Bucket:   getenv("BUCKET"),
		Origins:  list(getenv("ALLOWED_ORIGIN")),
		Portal:   strings.TrimSpace(getenv("PORTAL_URL")),
		DataDir:  or(getenv("DATA_DIR"), "/var/task"),
		Closed:   list(getenv("CLOSED_FORMS")),
		Limits:   collect.DefaultLimits,
		Endpoint: getenv("S3_ENDPOINT"),
		Region:   or(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION")),

		AccessKey:    getenv("AWS_ACCESS_KEY_ID"),
		SecretKey:    getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: getenv("AWS_SESSION_TOKEN"),
	}
	c.CodesFile = or(getenv("UNIT_CODES_FILE"), filepath.Join(c.DataDir, "unit-codes.json"))
	var errs []error
	if c.Bucket == "" {
		errs = append(errs, errors.New("BUCKET is not set"))
	}
	if c.Region == "" || c.AccessKey == "" || c.SecretKey == "" {
		errs = append(errs, errors.New("AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (the Lambda runtime sets them)"))
	}
	for _, id := range c.Closed {
		if _, ok := form.ByID(id); !ok {
			errs = append(errs, fmt.Errorf("CLOSED_FORMS: unknown form %q", id))
		}
	}
	var err error
	if c.Limits.MaxBody, err = number(getenv, "MAX_BODY_BYTES", c.Limits.MaxBody); err != nil {
		errs = append(errs, err)
	}
	fill, err := number(getenv, "MIN_FILL_SECONDS", 3)
	errs = append(errs, err)
	timeout, err := number(getenv, "S3_TIMEOUT_SECONDS", 10)
	errs = append(errs, err)
	c.MinFill, c.Timeout = time.Duration(fill)*time.Second, time.Duration(timeout)*time.Second
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: %w", err))
	}
	return c, errors.Join(errs...)
}

func number(getenv func(string) string, name string, fallback int64) (int64, error) {
	s := getenv(name)
	if s == "" {
		return fallback, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return fallback, fmt.Errorf("%s: %q is not a whole number", name, s)
	}
	return n, nil
}

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.TrimSuffix(p, "/"))
		}
	}
	return out
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// readCodes reads the hashes file into c.Codes. Without a file no unit has
// a code and every post is refused with 403, which missing reports so it is
// logged at start.
func (c *Config) readCodes() (missing bool, err error) {
	f, err := os.Open(c.CodesFile)
	if errors.Is(err, fs.ErrNotExist) {
		c.Codes = unitcode.NewBook()
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("UNIT_CODES_FILE: %w", err)
	}
	defer f.Close()
	if c.Codes, err = unitcode.ParseBook(f); err != nil {
		return false, fmt.Errorf("UNIT_CODES_FILE %s: %w", c.CodesFile, err)
	}
	return false, nil
}
