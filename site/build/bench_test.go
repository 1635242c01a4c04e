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
	"strings"
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

var (
	proseOnce sync.Once
	prose     *synth.Prose
	proseErr  error
)

// synthSite writes n realistic synthetic pages (synth.Prose.WriteRealistic:
// mixed front-matter styles, varied lengths, images, long tables, prose that
// compresses like real articles) plus the shipped notice, units registry and
// rounds into a temporary content folder.
func synthSite(b *testing.B, n int) string {
	b.Helper()
	proseOnce.Do(func() { prose, proseErr = synth.NewProse(os.DirFS(shipped)) })
	if proseErr != nil {
		b.Fatal(proseErr)
	}
	dir := filepath.Join(b.TempDir(), "content")
	if err := prose.WriteRealistic(dir, n, 1); err != nil {
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
			runBuilds(b, n, func(out string) *exec.Cmd {
				return exec.Command(bin, "build", "-content", content, "-out", out, "-api", "/api")
			})
		})
	}
}

// runBuilds runs the command cmd gives b.N times, each into a fresh output
// folder, and reports pages per second, the child's peak resident memory
// and its CPU time per build.
func runBuilds(b *testing.B, n int, cmd func(out string) *exec.Cmd) {
	var peak int64
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "public") // a fresh folder: every file is written
		c := cmd(out)
		var stderr bytes.Buffer
		c.Stdout, c.Stderr = io.Discard, &stderr
		b.StartTimer()
		if err := c.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", c.Path, err, stderr.String())
		}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss*1024)
		}
		cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	b.StopTimer()
	b.ReportMetric(float64(n+1)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkHugo builds the same pages with Hugo v0.165.0 and the minimal
// theme in testdata/hugo (lists of 20, the same taxonomies, table of
// contents, previous/next, related, feed, sitemap), output on the same file
// system. Install Hugo with
// go install github.com/gohugoio/hugo@v0.165.0; without it the benchmark
// is skipped.
func BenchmarkHugo(b *testing.B) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if gopath, gerr := exec.Command("go", "env", "GOPATH").Output(); gerr == nil {
			hugo, err = exec.LookPath(filepath.Join(strings.TrimSpace(string(gopath)), "bin", "hugo"))
		}
	}
	if err != nil {
		b.Skip("hugo not installed: go install github.com/gohugoio/hugo@v0.165.0")
	}
	theme, err := filepath.Abs("testdata/hugo")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			content := synthSite(b, n)
			site := filepath.Join(b.TempDir(), "hugo")
			if err := os.CopyFS(site, os.DirFS(theme)); err != nil {
				b.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(site, "static", "images"), os.DirFS(filepath.Join(content, "images"))); err != nil {
				b.Fatal(err)
			}
			runBuilds(b, n, func(out string) *exec.Cmd {
				return exec.Command(hugo, "build", "--quiet", "--source", site, "--contentDir", content, "--destination", out)
			})
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
