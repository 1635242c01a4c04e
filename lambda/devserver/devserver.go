// Package devserver is the API of `make run`: the collector (and the admin
// handler) backed by an S3-compatible server on loopback whose objects are
// plain files on disk (s3disk: crash-safe), so a person can open the CSV a
// form post wrote.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dunban/lambda/chrome"
	"dunban/lambda/collect"
	"dunban/lambda/devserver/s3disk"
	"dunban/lambda/form"
	"dunban/lambda/s3post"
	"dunban/lambda/s3store"
	"dunban/lambda/unitcode"

	"github.com/johannesboyne/gofakes3"
)

// Bucket is the bucket the local API writes to.
const Bucket = "dunban"

// The embedded store's only credentials.
const (
	accessKey = "dunban-dev"
	secretKey = "dunban-dev-secret"
)

// Config says where the local API keeps its data and reads its content.
type Config struct {
	DataDir string // e.g. .data; objects land under <DataDir>/s3/buckets/dunban/
	Content fs.FS  // the content folder: units.csv and rounds/<year>.json
	// Origins allowed to post besides the API's own origin (the portal is
	// served from the same origin under `make run`).
	Origins []string
	// Codes are the units' 单位填报码 the collector accepts (nil: none).
	Codes *unitcode.Book
	// Admin, if set, builds the admin handler mounted at /admin/ of the API.
	Admin func(store *s3store.Store, content fs.FS) (http.Handler, error)
	Log   *slog.Logger
	// Now is the collector's clock (nil: the real one).
	Now func() time.Time
	// Chrome gives the collector's pages their chrome, asked for each page
	// (nil: the built-in one).
	Chrome func() (*chrome.Chrome, error)
}

// Server is the local API. Its ServeHTTP serves paths relative to the API
// root (/submit/{id}, /receipt/…, /upload/…, /admin/…); mount it with
// http.StripPrefix("/api", s).
type Server struct {
	S3URL     string         // the loopback S3 endpoint, e.g. http://127.0.0.1:40123
	BucketDir string         // the folder holding the bucket's objects as files
	Store     *s3store.Store // the store handlers use, through aws-sdk-go-v2

	mux  *http.ServeMux
	s3   *http.Server
	lis  net.Listener
	done chan error
}

// New starts the S3 server on a loopback port with its files under
// cfg.DataDir, creates the bucket if needed and builds the handlers.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s, err := startS3(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := s.wire(cfg); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func startS3(dataDir string) (*Server, error) {
	root, err := filepath.Abs(filepath.Join(dataDir, "s3"))
	if err != nil {
		return nil, fmt.Errorf("devserver: data dir: %w", err)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("devserver: data dir: %w", err)
	}
	backend, err := s3disk.New(root)
	if err != nil {
		return nil, fmt.Errorf("devserver: s3 backend: %w", err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("devserver: listen: %w", err)
	}
	faker := gofakes3.New(backend, gofakes3.WithAutoBucket(true), gofakes3.WithLogger(gofakes3.DiscardLog()))
	s := &Server{
		S3URL:     "http://" + lis.Addr().String(),
		BucketDir: filepath.Join(root, "buckets", Bucket),
		// Browser uploads are checked as S3 checks them (policy, expiry,
		// create-once, success_action_redirect), so the report upload
		// behaves under make run as in AWS.
		s3:   &http.Server{Handler: s3post.New(faker.Server(), backend, accessKey, secretKey), ReadHeaderTimeout: 10 * time.Second},
		lis:  lis,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.s3.Serve(lis) }()
	return s, nil
}

func (s *Server) wire(cfg Config) error {
	client := s3store.NewClient(s3store.Endpoint{URL: s.S3URL, AccessKey: accessKey, SecretKey: secretKey})
	s.Store = s3store.New(client, Bucket)
	if err := s.ensureBucket(); err != nil {
		return err
	}
	content, err := form.LoadContent(cfg.Content)
	if err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	h := collect.New(content, s.Store, s.Store, collect.Config{Codes: cfg.Codes, Origins: cfg.Origins, Log: cfg.Log, MinFill: 3 * time.Second, Now: cfg.Now, Chrome: cfg.Chrome})
	s.mux = http.NewServeMux()
	s.mux.Handle("/", h)
	if cfg.Admin != nil {
		admin, err := cfg.Admin(s.Store, cfg.Content)
		if err != nil {
			return fmt.Errorf("devserver: admin handler: %w", err)
		}
		s.mux.Handle("/admin/", admin)
	}
	return nil
}

// ensureBucket creates the bucket on first run; it survives restarts on disk.
func (s *Server) ensureBucket() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.Store.CreateBucket(ctx)
	if err != nil && !strings.Contains(err.Error(), "BucketAlreadyExists") && !strings.Contains(err.Error(), "BucketAlreadyOwnedByYou") {
		return fmt.Errorf("devserver: %w", err)
	}
	return nil
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close stops the S3 server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.s3.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
