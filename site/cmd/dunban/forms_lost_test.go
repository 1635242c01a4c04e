package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"dunban/lambda/collect"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
	"dunban/lambda/unitcode/unitcodetest"
	"dunban/site/build"
	"dunban/site/serve"
)

// newLossySite is newFormsSite whose collector stores the first submission
// and then loses its answer.
func newLossySite(t *testing.T) *formsSite {
	t.Helper()
	content := os.DirFS("../../../content")
	out := filepath.Join(t.TempDir(), "public")
	now := testClock(t)
	if _, err := build.Build(build.Config{Content: content, Out: out, API: "/api", Now: now}); err != nil {
		t.Fatalf("build the portal: %v", err)
	}
	c, err := form.LoadContent(content)
	if err != nil {
		t.Fatal(err)
	}
	srv := s3test.New(t)
	store := s3store.New(srv.Client, srv.Bucket)
	api := collect.New(c, store, store, collect.Config{Codes: unitcodetest.Book(), Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var posts atomic.Int32
	lossy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || posts.Add(1) > 1 {
			api.ServeHTTP(w, r)
			return
		}
		// Stored, but the answer is lost: the gateway times out, as API
		// Gateway answers when the function outlives its 30 s.
		api.ServeHTTP(httptest.NewRecorder(), r)
		http.Error(w, "Service Unavailable", http.StatusGatewayTimeout)
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", lossy))
	mux.Handle("/", serve.Static(out))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return &formsSite{URL: ts.URL, s3: srv}
}

// A send whose answer is lost, then an edit and a second send: the page
// gives the edited content a new id, so it is stored beside the first
// instead of being refused (409) or dropped. Without an edit, the resend
// keeps the id and is answered with the first receipt.
func TestFormEditAfterLostAnswer(t *testing.T) {
	t.Parallel()
	for _, edit := range []bool{false, true} {
		name := map[bool]string{false: "resend", true: "edit then resend"}[edit]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := formsBrowser(t)
			site := newLossySite(t)
			var status, number string
			tasks := chromedp.Tasks{
				chromedp.Navigate(site.URL + "/forms/case/"),
				fillCase(chromedp.Click("#f-consent", chromedp.ByID)),
				chromedp.Click(".df-submit", chromedp.ByQuery),
				chromedp.WaitVisible("#df-status.df-bad", chromedp.ByQuery),
				chromedp.Text("#df-status", &status, chromedp.ByID),
			}
			if edit {
				tasks = append(tasks, typeText("#f-title", "（修改）"))
			}
			tasks = append(tasks,
				chromedp.Click(".df-submit", chromedp.ByQuery),
				waitPage("/api/receipt/", "#df-receipt"),
				chromedp.Text("#df-number", &number, chromedp.ByID),
			)
			if err := chromedp.Run(ctx, tasks); err != nil {
				t.Fatal(err)
			}
			objs := site.objects(t, "case")
			want := map[bool]int{false: 1, true: 2}[edit]
			if len(objs) != want || number == "" {
				t.Fatalf("lost answer (%q), then %s: %d objects, receipt %q; want %d", status, name, len(objs), number, want)
			}
			if edit {
				var titles []string
				for _, o := range objs {
					for i, h := range o[0] {
						if h == "案例标题" {
							titles = append(titles, o[1][i])
						}
					}
				}
				if !strings.Contains(strings.Join(titles, "|"), "（修改）") {
					t.Errorf("the edited title was not stored: %q", titles)
				}
			}
		})
	}
}
