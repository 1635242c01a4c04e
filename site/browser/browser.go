// Package browser starts Debian's headless Chromium for tests and screenshots,
// with the flags it needs on a closed network, and hands back a chromedp context.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Candidates are the executable names tried, in order, when CHROMIUM is unset.
var Candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// ErrNotFound reports that no Chromium executable is installed.
var ErrNotFound = errors.New("chromium not found (apt-get install chromium)")

// Path returns the Chromium executable: $CHROMIUM if set, else the first of Candidates on PATH.
func Path() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range Candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Options are the allocator options for a headless Chromium at path that makes
// no request of its own and keeps its profile in userDataDir.
func Options(path, userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(userDataDir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
		// Tests run in several tabs at once: none may be slowed as hidden.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.WindowSize(390, 844),
		// Chromium prints its DevTools address within a second on an idle
		// machine; on a shared 2-core one it has taken over 20 s.
		chromedp.WSURLReadTimeout(90 * time.Second),
	}
}

// New returns a fresh tab of the package's shared headless Chromium for
// the test, in a browser context of its own (no cookies, storage or cache
// shared with other tests), closed when the test ends. The browser starts
// with the first test that needs it and runs until Close or the end of the
// test process. Without Chromium the test is skipped, unless CI=true, where
// it fails. The context has a two-minute deadline.
func New(t testing.TB) context.Context {
	t.Helper()
	path, err := Path()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test needs Chromium under CI: %v", err)
		}
		t.Skipf("skipping browser test: %v", err)
	}
	b, err := start(path)
	if err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	ctx, err := newTab(t, b)
	if err != nil {
		t.Fatalf("open a tab in chromium %s: %v", path, err)
	}
	return ctx
}

// newTab opens a window in a new browser context of the browser b and
// returns its context, closed with the browser context when t ends. (A tab
// in a new browser context needs a window of its own in headless Chromium,
// which chromedp.WithNewBrowserContext does not ask for.)
func newTab(t testing.TB, b context.Context) (context.Context, error) {
	c := chromedp.FromContext(b)
	exec := cdp.WithExecutor(b, c.Browser)
	id, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		return nil, fmt.Errorf("new browser context: %w", err)
	}
	dispose := func() { _ = target.DisposeBrowserContext(id).Do(exec) }
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(exec)
	if err != nil {
		dispose()
		return nil, fmt.Errorf("new window: %w", err)
	}
	ctx, cancelCtx := chromedp.NewContext(b, chromedp.WithTargetID(tid))
	// Browser-wide commands (downloads, permissions) name it from here.
	chromedp.FromContext(ctx).BrowserContextID = id
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		dispose()
	})
	if err := chromedp.Run(ctx); err != nil {
		return nil, err
	}
	return ctx, nil
}

// shared is the package's one browser.
var shared struct {
	sync.Mutex
	ctx    context.Context
	cancel func()
	dir    string
}

// start starts the shared browser once and returns its context.
func start(path string) (context.Context, error) {
	shared.Lock()
	defer shared.Unlock()
	if shared.ctx != nil {
		return shared.ctx, nil
	}
	// The profile directory is removed by hand, not with t.TempDir: it
	// outlives the test that started the browser.
	dir, err := os.MkdirTemp("", "dunban-chromium-")
	if err != nil {
		return nil, fmt.Errorf("profile dir: %w", err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(path, dir)...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	if err := chromedp.Run(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		removeProfile(dir)
		return nil, err
	}
	shared.ctx, shared.dir = ctx, dir
	shared.cancel = func() { cancelCtx(); cancelAlloc() }
	return ctx, nil
}

// Close stops the shared browser and removes its profile; a package's
// TestMain calls it after m.Run. Without it the browser is killed when the
// test process exits.
func Close() {
	shared.Lock()
	defer shared.Unlock()
	if shared.ctx == nil {
		return
	}
	shared.cancel()
	removeProfile(shared.dir)
	shared.ctx = nil
}

// removeProfile deletes a Chromium profile directory, retrying briefly while
// the exiting browser still writes into it.
func removeProfile(dir string) {
	for i := 0; i < 20; i++ {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Screenshot captures the whole page at url, at phone width (390 CSS pixels),
// as PNG bytes.
func Screenshot(ctx context.Context, url string) ([]byte, error) {
	var png []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url),
		chromedp.FullScreenshot(&png, 100),
	)
	return png, err
}
