// Package serve is the development server of `dunban serve`: it serves the
// built portal from disk, tells open pages to reload after a rebuild, and
// watches the content and template folders for changes.
package serve

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Broker tells connected pages to reload, or shows them why the last
// rebuild failed, over Server-Sent Events.
type Broker struct {
	mu      sync.Mutex
	clients map[chan event]bool
	build   string // the build pages should show; "" before the first
}

type event struct{ name, data string }

// NewBroker returns a Broker with no clients.
func NewBroker() *Broker { return &Broker{clients: map[chan event]bool{}} }

// Reload asks every connected page to reload to show build, the name
// (a number) given to the reload script of its pages. A page that connects
// later naming another build is told to reload at once: it was loaded
// before build was served and connected after its reload event was sent.
func (b *Broker) Reload(build string) {
	b.mu.Lock()
	b.build = build
	b.mu.Unlock()
	b.send(event{"reload", build})
}

// Problems shows every connected page why the rebuild failed.
func (b *Broker) Problems(text string) { b.send(event{"problems", text}) }

func (b *Broker) send(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.clients {
		select {
		case c <- e:
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
	b.mu.Lock()
	b.clients[c] = true
	if shown := r.URL.Query().Get("build"); shown != "" && b.build != "" && shown != b.build {
		c <- event{"reload", b.build}
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
