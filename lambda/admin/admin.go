// Package admin is the HTTP handler behind the admin page: an admin
// presents a personal token, sees the periods and counts in their scope,
// and gets a bundle of their submissions as a zip in S3 through a
// presigned download URL. Every request is written to an audit log in S3.
package admin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
	"dunban/lambda/record"
)

// Store is what the handler needs of S3; s3store.Store is one.
type Store interface {
	bundle.Source
	Create(ctx context.Context, key string, body []byte, contentType string) error
	PutFile(ctx context.Context, key string, body io.ReadSeeker, size int64, contentType, disposition string) error
	PresignGet(ctx context.Context, key string, ttl time.Duration, disposition string) (string, error)
}

// Config is what New needs. Only main packages fill it from flags or environment.
type Config struct {
	Store   Store
	Content fs.FS         // holds units.csv and rounds/<year>.json
	Admins  []Admin       // who may ask, by token hash
	TTL     time.Duration // validity of download URLs (default and maximum 15 minutes)
	TempDir string        // for bundles being built ("" = os.TempDir())
	// BuildTimeout bounds reading and building one answer (0: no bound),
	// so a request too big for the API's time limit fails with a clear
	// message instead of a gateway timeout. The Lambda sets 25 s.
	BuildTimeout time.Duration
	Workers      int // parallel reads (default 32)
	Now          func() time.Time
	NewID        func() string
	Log          *slog.Logger // internal errors; default slog.Default()
}

// MaxTTL is the longest a download URL is valid.
const MaxTTL = 15 * time.Minute

// BundlesPrefix and LogsPrefix are where bundles and the audit log go.
const (
	BundlesPrefix = record.BundlesPrefix
	LogsPrefix    = record.AuditPrefix
)

// handler serves the admin routes.
type handler struct {
	cfg     Config
	tokens  *tokens
	units   *form.Registry
	builder *bundle.Builder // read-only, shared by requests
	mux     *http.ServeMux
	refused refusals // refused tokens of the current minute
}

// New returns the admin handler, serving /admin/overview, /admin/board and
// /admin/bundle relative to the API root. It checks the configuration: every admin's
// scope must be 全区 (or 自治区) or a unit of the registry.
func New(cfg Config) (http.Handler, error) {
	if cfg.Store == nil || cfg.Content == nil {
		return nil, errors.New("admin: store and content are required")
	}
	units, rounds, err := LoadContent(cfg.Content)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	cfg = withDefaults(cfg)
	for i := range cfg.Admins {
		a := &cfg.Admins[i]
		if a.Scope == form.RegionAutonomous {
			a.Scope = bundle.ScopeAll
		}
		u, ok := units.Lookup(a.Scope)
		switch {
		case a.Scope == bundle.ScopeAll:
		case !ok:
			return nil, fmt.Errorf("admin: %s: scope %q is not 全区 or a unit of units.csv", a.Name, a.Scope)
		case u.Scope == form.ScopeAll:
			a.Scope = bundle.ScopeAll // e.g. 自治区团委, whose registry scope is 全区
		}
	}
	tk, err := newTokens(cfg.Admins)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	h := &handler{cfg: cfg, tokens: tk, units: units}
	h.builder = &bundle.Builder{Source: cfg.Store, Units: units, Rounds: rounds, Workers: cfg.Workers, TempDir: cfg.TempDir, Now: cfg.Now}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET /admin/overview", h.overview)
	h.mux.HandleFunc("POST /admin/bundle", h.bundle)
	h.mux.HandleFunc("GET /admin/board", h.boardPage)
	h.mux.HandleFunc("POST /admin/board", h.boardPage)
	h.mux.HandleFunc("/", h.notFound)
	return h, nil
}

func withDefaults(cfg Config) Config {
	if cfg.TTL <= 0 || cfg.TTL > MaxTTL {
		cfg.TTL = MaxTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = randomID
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return cfg
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// LoadContent reads the units registry and every round file of a content folder.
func LoadContent(fsys fs.FS) (*form.Registry, []*form.Round, error) {
	units, err := form.LoadUnits(fsys)
	if err != nil {
		return nil, nil, err
	}
	names, err := fs.Glob(fsys, "rounds/[0-9][0-9][0-9][0-9].json")
	if err != nil {
		return nil, nil, fmt.Errorf("load rounds: %w", err)
	}
	var rounds []*form.Round
	for _, name := range names {
		rf, err := fsys.Open(name)
		if err != nil {
			return nil, nil, fmt.Errorf("load %s: %w", name, err)
		}
		rd, err := form.ParseRound(rf)
		rf.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("load %s: %w", name, err)
		}
		rounds = append(rounds, rd)
	}
	return units, rounds, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if p := r.URL.Path; p == "" || path.Clean(p) != p || strings.Contains(r.URL.RawPath, "%2") {
		h.notFound(w, r) // no redirects to a cleaned path: odd paths are simply not ours
		return
	}
	h.flushRefusals(r)
	h.mux.ServeHTTP(w, r)
}
