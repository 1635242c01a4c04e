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
	"strconv"
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

	corpusMu  sync.Mutex
	corpusDir string             // holds the corpora, removed by TestMain
	corpora   = map[int]string{} // content folder by number of pages
)

// synthSite writes n realistic synthetic pages (synth.Prose.WriteRealistic:
// mixed front-matter styles, varied lengths, images, long tables, prose that
// compresses like real articles) plus the shipped notice, units registry and
// rounds into a content folder, once for all benchmarks of this run.
func synthSite(b *testing.B, n int) string {
	b.Helper()
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if dir, ok := corpora[n]; ok {
		return dir
	}
	proseOnce.Do(func() { prose, proseErr = synth.NewProse(os.DirFS(shipped)) })
	if proseErr != nil {
		b.Fatal(proseErr)
	}
	if corpusDir == "" {
		d, err := os.MkdirTemp("", "dunban-corpus-")
		if err != nil {
			b.Fatal(err)
		}
		corpusDir = d
	}
	dir := filepath.Join(corpusDir, strconv.Itoa(n), "content")
	if err := writeCorpus(dir, n); err != nil {
		b.Fatal(err)
	}
	corpora[n] = dir
	return dir
}

// writeCorpus writes the realistic pages and the shipped extras into dir.
func writeCorpus(dir string, n int) error {
	if err := prose.WriteRealistic(dir, n, 1); err != nil {
		return err
	}
	for _, sub := range []string{"notices", "rounds"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(shipped, sub))); err != nil {
			return err
		}
	}
	data, err := os.ReadFile(filepath.Join(shipped, "units.csv"))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "units.csv"), data, 0o644)
	}
	return err
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// TestMain prints the benchmarks' summary (dunban, Hugo and goldmark alone
// side by side) and removes the built command and the corpora when the
// tests and benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	printSummary(os.Stdout)
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
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
			runBuilds(b, "dunban", n, func(out string) *exec.Cmd {
				return exec.Command(bin, "build", "-content", content, "-out", out, "-api", "/api")
			})
		})
	}
}

// runBuilds runs the command cmd gives b.N times, each into a fresh output
// folder, reports pages per second, the child's peak resident memory, its
// CPU time per build and the load average, and records each build under
// tool for the summary.
func runBuilds(b *testing.B, tool string, n int, cmd func(out string) *exec.Cmd) {
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
		start := time.Now()
		if err := c.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", c.Path, err, stderr.String())
		}
		f := figure{wall: time.Since(start), cpu: c.ProcessState.UserTime() + c.ProcessState.SystemTime()}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			f.peakMiB = float64(ru.Maxrss) / 1024
			peak = max(peak, ru.Maxrss*1024)
		}
		cpu += f.cpu
		record(fmt.Sprintf("%s/N=%d", tool, n), f)
	}
	b.StopTimer()
	b.ReportMetric(loadAverage(), "load-avg")
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
	hugo := hugoBinary(b)
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
			runBuilds(b, "hugo", n, func(out string) *exec.Cmd {
				return exec.Command(hugo, "build", "--quiet", "--source", site, "--contentDir", content, "--destination", out)
			})
		})
	}
}

// hugoVersion is the Hugo release the issue compares against.
const hugoVersion = "v0.165.0"

// hugoBinary finds Hugo on PATH or in $(go env GOPATH)/bin and skips the
// benchmark unless it is the release compared against.
func hugoBinary(b *testing.B) string {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if gopath, gerr := exec.Command("go", "env", "GOPATH").Output(); gerr == nil {
			hugo, err = exec.LookPath(filepath.Join(strings.TrimSpace(string(gopath)), "bin", "hugo"))
		}
	}
	if err != nil {
		b.Skip("hugo not installed: go install github.com/gohugoio/hugo@" + hugoVersion)
	}
	if v, err := exec.Command(hugo, "version").Output(); err != nil || !strings.Contains(string(v), hugoVersion+"-") && !strings.Contains(string(v), hugoVersion+" ") {
		b.Skipf("%s is not Hugo %s (%s): go install github.com/gohugoio/hugo@%s", hugo, hugoVersion, strings.TrimSpace(string(v)), hugoVersion)
	}
	return hugo
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
				t, cpu := time.Now(), cpuTime()
				convertAll(b, files)
				record(fmt.Sprintf("goldmark/N=%d", n), figure{wall: time.Since(t), cpu: cpuTime() - cpu})
			}
			b.ReportMetric(float64(len(files))*float64(b.N)/time.Since(start).Seconds(), "pages/s")
			b.ReportMetric(loadAverage(), "load-avg")
		})
	}
}

// cpuTime is the user and system time the test process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
