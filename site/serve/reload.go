// Package serve is the development server of `dunban serve`: it serves the
// built portal from disk, tells open pages to reload after a rebuild, and
// watches the content and template folders for changes.
package serve

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Broker tells connected pages to reload, or shows them why the last
// rebuild failed, over Server-Sent Events.
type Broker struct {
	// Pages, if set, gives a page's HTML in the build being served by its
	// address ("/notices/a/"); a reload event carries the new HTML of the
	// page that listens, which then need not fetch it.
	Pages func(path string) ([]byte, bool)

	mu      sync.Mutex
	clients map[chan event]*client
	build   string // the build pages should show; "" before the first
}

// client is a page listening: its address, and the build whose HTML it was
// sent ahead of the build being served.
type client struct{ path, sent string }

type event struct{ name, data string }

// NewBroker returns a Broker with no clients.
func NewBroker() *Broker { return &Broker{clients: map[chan event]*client{}} }

// Listening lists the addresses of the pages listening, which a build may
// render first to send them with Ahead.
func (b *Broker) Listening() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var paths []string
	for _, c := range b.clients {
		if c.path != "" {
			paths = append(paths, c.path)
		}
	}
	return paths
}

// Ahead sends each listening page its HTML in build as pages gives it,
// before build is served (the rest of it is still being written); Reload
// of the same build then skips the pages sent. Pages that pages does not
// have wait for Reload.
func (b *Broker) Ahead(build string, pages func(path string) ([]byte, bool)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch, c := range b.clients {
		if c.path == "" {
			continue
		}
		page, ok := pages(c.path)
		if !ok || bytes.ContainsRune(page, '\r') {
			continue
		}
		select {
		case ch <- event{"reload", build + "\n" + string(page)}:
			c.sent = build
		default:
		}
	}
}

// Reload asks every connected page to reload to show build, the name
// (a number) given to the reload script of its pages. A page that connects
// later naming another build is told to reload at once: it was loaded
// before build was served and connected after its reload event was sent.
// The event's data is build, then, on the lines after it, the page's new
// HTML when Pages has it.
func (b *Broker) Reload(build string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.build = build
	for ch, c := range b.clients {
		if c.sent == build {
			continue
		}
		select {
		case ch <- b.reloadEvent(c.path):
		default:
		}
	}
}

// reloadEvent is the reload event of b.build for the page at path; b.mu
// is held. HTML holding a carriage return, which ends a line of an event
// stream, is left for the page to fetch.
func (b *Broker) reloadEvent(path string) event {
	e := event{"reload", b.build}
	if b.Pages == nil || path == "" {
		return e
	}
	if page, ok := b.Pages(path); ok && !bytes.ContainsRune(page, '\r') {
		e.data += "\n" + string(page)
	}
	return e
}

// Problems shows every connected page why the rebuild failed.
func (b *Broker) Problems(text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.clients {
		select {
		case c <- event{"problems", text}:
		default:
		}
	}
}

// ServeHTTP holds an event stream open and sends "reload" events. The
// first line ("retry: …") is sent once the page is registered: an event
// sent after it reaches the page.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 1)
	page := r.URL.Query().Get("page")
	b.mu.Lock()
	b.clients[c] = &client{path: page}
	if shown := r.URL.Query().Get("build"); shown != "" && b.build != "" && shown != b.build {
		c <- b.reloadEvent(page)
	}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.clients, c)
		b.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 300\n\n")
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\n", e.name)
			for _, line := range strings.Split(e.data, "\n") {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			fmt.Fprint(w, "\n")
			fl.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}
