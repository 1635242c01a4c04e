package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkLiveReload measures, under `dunban serve` on the shipped content,
// the time from saving a content file to the open page receiving its
// reload event (ms/op): the change is seen, the site rebuilt and swapped in.
func BenchmarkLiveReload(b *testing.B) {
	dir := copyContent(b)
	var stdout syncBuffer
	stop := make(chan os.Signal, 1)
	done := make(chan error, 1)
	cfg, err := parseServe([]string{"-content", dir, "-out", filepath.Join(b.TempDir(), "public"), "-addr", "127.0.0.1:0", "-data", b.TempDir()}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	go func() { done <- runServe(cfg, &stdout, stop) }()
	defer func() {
		stop <- os.Interrupt
		<-done
	}()
	base := waitForAddress(b, &stdout)
	resp, err := http.Get(base + "/_dunban/events")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	_, _ = events.ReadString('\n')
	notice, _ := filepath.Glob(filepath.Join(dir, "notices", "*.md"))
	orig, err := os.ReadFile(notice[0])
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		time.Sleep(100 * time.Millisecond) // let the previous rebuild settle
		start := time.Now()
		if err := os.WriteFile(notice[0], fmt.Appendf(orig, "\n第 %d 次修改。\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		waitReload(b, events)
		total += time.Since(start)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/reload")
}

func waitReload(b *testing.B, r *bufio.Reader) {
	b.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatalf("no reload event: %v", err)
		}
		if line == "event: reload\n" {
			return
		}
	}
}
