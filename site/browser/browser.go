// Package browser starts Debian's headless Chromium for tests and screenshots,
// with the flags it needs on a closed network, and hands back a chromedp context.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

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
		chromedp.WindowSize(390, 844),
	}
}

// New starts a fresh headless Chromium for the test and returns its context,
// closed when the test ends. Without Chromium the test is skipped, unless
// CI=true, where it fails. The context has a two-minute deadline.
func New(t testing.TB) context.Context {
	t.Helper()
	path, err := Path()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test needs Chromium under CI: %v", err)
		}
		t.Skipf("skipping browser test: %v", err)
	}
	// The profile directory is removed by hand, not with t.TempDir: Chromium
	// may still be writing into it for a moment after it was told to quit.
	dir, err := os.MkdirTemp("", "dunban-chromium-")
	if err != nil {
		t.Fatalf("profile dir: %v", err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(path, dir)...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		removeProfile(dir)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	return ctx
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
