//go:build unix

package build

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"go.abhg.dev/goldmark/frontmatter"

	"dunban/site/synth"
)

// benchSizes are the synthetic site sizes the benchmarks build.
var benchSizes = []int{1000, 10000}

// synthSite writes n synthetic pages plus the shipped notice, units
// registry and rounds into a temporary content folder.
func synthSite(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "content")
	if err := synth.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	for _, sub := range []string{"notices", "rounds"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(shipped, sub))); err != nil {
			b.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(shipped, "units.csv"))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "units.csv"), data, 0o644)
	}
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// TestMain removes the benchmark's built command when the tests and
// benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// dunbanBinary builds the command once, as `make build` runs it.
func dunbanBinary(b *testing.B) string {
	b.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dunban-bench-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "dunban")
		out, err := exec.Command("go", "build", "-o", binPath, "dunban/site/cmd/dunban").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

// BenchmarkBuild runs `dunban build` as a child process on N synthetic
// pages, exactly as `make build` does, and reports whole-process wall time
// per build (ns/op), pages per second and the child's peak resident memory.
// Everything is included: loading, search index, taxonomies, feed, sitemap,
// form pages, writing the files, each time into a fresh output folder.
func BenchmarkBuild(b *testing.B) {
	bin := dunbanBinary(b)
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			content := synthSite(b, n)
			var peak int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				out := filepath.Join(b.TempDir(), "public") // a fresh folder: every file is written
				b.StartTimer()
				cmd := exec.Command(bin, "build", "-content", content, "-out", out, "-api", "/api")
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = io.Discard, &stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("dunban build: %v\n%s", err, stderr.String())
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss*1024)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n+1)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}

// BenchmarkBuildInProcess runs the same build inside the test process, for
// profiling (-cpuprofile, -memprofile).
func BenchmarkBuildInProcess(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			content := synthSite(b, n)
			out := filepath.Join(b.TempDir(), "public")
			b.ResetTimer()
			for b.Loop() {
				if _, err := Build(Config{Content: os.DirFS(content), Out: out, API: "/api"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n+1)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkGoldmark is the floor: goldmark alone (GFM + CJK, with the front
// matter extension so the YAML is not rendered as text) converting the same
// pages on all cores, read from disk, HTML discarded.
func BenchmarkGoldmark(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			content := synthSite(b, n)
			files, err := filepath.Glob(filepath.Join(content, "*", "*.md"))
			if err != nil || len(files) < n {
				b.Fatalf("found %d pages: %v", len(files), err)
			}
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				convertAll(b, files)
			}
			b.ReportMetric(float64(len(files))*float64(b.N)/time.Since(start).Seconds(), "pages/s")
		})
	}
}

func convertAll(b *testing.B, files []string) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK, &frontmatter.Extender{}))
			for i := w; i < len(files); i += workers {
				src, err := os.ReadFile(files[i])
				if err == nil {
					err = md.Convert(src, io.Discard)
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
