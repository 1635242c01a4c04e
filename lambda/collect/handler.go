// Package collect receives filled forms: it checks a posted body against the
// form's schema, stores each accepted submission as one immutable CSV object
// and answers with a receipt — JSON for the page's script, a redirect to a
// receipt page for a plain HTML form.
package collect

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"dunban/lambda/chrome"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/unitcode"
)

// Store keeps objects. Create must never replace an existing object: it
// returns an error matching s3store.ErrExists instead. Get returns an error
// matching s3store.ErrNotFound for a missing key.
type Store interface {
	Create(ctx context.Context, key string, body []byte, contentType string) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// Handler is the collector's http.Handler. Its routes, relative to the API
// root: POST /submit/{id}, GET /receipt/{id}/{sid}, POST /upload/{id},
// POST /cadres.
type Handler struct {
	Content *form.Content             // units registry and the current round
	Store   Store                     // where submissions go
	Uploads Uploader                  // signs report uploads; nil disables the route
	Codes   *unitcode.Book            // the units' 单位填报码 (hashes); a post without its unit's code is refused
	Now     func() time.Time          // the clock
	NewID   func(time.Time) record.ID // mints ids (report upload keys)
	Log     *slog.Logger

	// Origins are the page origins allowed to post, e.g.
	// https://d111.cloudfront.net. A request from its own origin is always
	// allowed; one without an Origin header (not a browser) too.
	Origins []string
	Closed  map[string]bool // forms refused whatever the round says
	Portal  string          // the portal's root URL, for links back to it ("" = same origin)
	Limits  Limits
	// MinFill is the shortest time between the page being shown and the
	// form being sent; quicker posts are taken for bots.
	MinFill time.Duration
	// Timeout bounds the storage work of one request.
	Timeout time.Duration
	// Chrome gives the chrome the pages wear (receipts, errors, the upload
	// step), asked for each page; nil means the built-in one.
	Chrome func() (*chrome.Chrome, error)

	once sync.Once
	mux  *http.ServeMux
}

// Config is what New needs besides the content and the store.
type Config struct {
	Codes   *unitcode.Book // nil: no unit has a code, every post is refused
	Portal  string
	Origins []string
	Closed  []string
	Limits  Limits
	MinFill time.Duration
	Timeout time.Duration
	Log     *slog.Logger
	Now     func() time.Time // nil: the real clock
	// Chrome gives the pages' chrome, asked for each page (nil: the
	// built-in one); the development server reads the source tree's.
	Chrome func() (*chrome.Chrome, error)
}

// New returns a Handler with the real clock and id generator.
func New(content *form.Content, store Store, uploads Uploader, cfg Config) *Handler {
	h := &Handler{
		Content: content, Store: store, Uploads: uploads, Codes: cfg.Codes,
		Now: time.Now, NewID: record.New, Log: cfg.Log,
		Origins: cfg.Origins, Closed: map[string]bool{}, Portal: cfg.Portal,
		Limits: cfg.Limits, MinFill: cfg.MinFill, Timeout: cfg.Timeout, Chrome: cfg.Chrome,
	}
	for _, id := range cfg.Closed {
		h.Closed[id] = true
	}
	if h.Limits == (Limits{}) {
		h.Limits = DefaultLimits
	}
	if h.Timeout == 0 {
		h.Timeout = 10 * time.Second
	}
	if h.Log == nil {
		h.Log = slog.Default()
	}
	if cfg.Now != nil {
		h.Now = cfg.Now
	}
	if h.Codes == nil {
		h.Codes = unitcode.NewBook()
	}
	return h
}

// ServeHTTP routes a request to the collector's pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(func() { h.mux = h.routes() })
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /submit/{id}", h.submit)
	m.HandleFunc("OPTIONS /submit/{id}", h.preflight)
	m.HandleFunc("GET /submit/{id}", h.methodNotAllowed)
	m.HandleFunc("GET /receipt/{id}/{sid}", h.receipt)
	m.HandleFunc("POST /upload/{id}", h.upload)
	m.HandleFunc("POST /cadres", h.cadres)
	m.HandleFunc("OPTIONS /cadres", h.preflight)
	m.HandleFunc("OPTIONS /upload/{id}", h.preflight)
	m.HandleFunc("GET /upload/{id}", h.methodNotAllowed)
	m.HandleFunc("/", h.notFound)
	return m
}

func (h *Handler) location() *time.Location {
	if h.Content != nil && h.Content.Round != nil && h.Content.Round.Location != nil {
		return h.Content.Round.Location
	}
	return record.Zone
}
