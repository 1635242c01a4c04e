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
	clients map[chan event]string // the address of the page listening
	build   string                // the build pages should show; "" before the first
}

type event struct{ name, data string }

// NewBroker returns a Broker with no clients.
func NewBroker() *Broker { return &Broker{clients: map[chan event]string{}} }

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
	for c, path := range b.clients {
		select {
		case c <- b.reloadEvent(path):
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
	b.clients[c] = page
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
