package search

import (
	"os"
	"testing"

	"dunban/site/browser"
)

// TestMain stops the package's shared Chromium when the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}
