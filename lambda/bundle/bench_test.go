package bundle_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/s3store"
)

// The benchmark's S3-protocol server runs in a child process (this test
// binary, re-executed), seeded straight through its in-memory backend, so
// the peak memory measured is the bundle builder's alone.
const (
	envServe   = "DUNBAN_BENCH_S3_SERVE" // set in the child: number of objects to seed
	envObjects = "DUNBAN_BENCH_OBJECTS"  // objects for BenchmarkBundle (default 100000)
	benchBkt   = "bench"
)

func TestMain(m *testing.M) {
	if n := os.Getenv(envServe); n != "" {
		os.Exit(serveSeeded(n))
	}
	os.Exit(m.Run())
}

// serveSeeded seeds n objects, prints the server's address, and serves
// until its standard input closes.
func serveSeeded(arg string) int {
	n, err := strconv.Atoi(arg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	be := s3mem.New()
	if err := be.CreateBucket(benchBkt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	reg := benchRegistry()
	for i := range n {
		s := benchSub(i)
		body := s.CSV(reg)
		if _, err := be.PutObject(benchBkt, s.Key(), map[string]string{}, bytes.NewReader(body), int64(len(body)), nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go http.Serve(ln, gofakes3.New(be).Server())
	fmt.Printf("ADDR http://%s\n", ln.Addr())
	bufio.NewReader(os.Stdin).ReadString('\n') // parent closes stdin when done
	return 0
}

func benchRegistry() *form.Registry { return bundletest.Registry(&testing.T{}) }

var benchUnits = []string{"包头市", "鄂尔多斯市", "内蒙古大学", "内蒙古大学创业学院"}

// benchSub is the i-th synthetic submission: 40% task lists and 40% cases
// (each distinct, so they all reach the merged CSVs), 15% monthly reports
// (many replacing one another), 5% 工作安排表; received over March–December 2021.
func benchSub(i int) bundletest.Sub {
	unit := benchUnits[i%len(benchUnits)]
	at := bundletest.At(2021, time.Month(3+i%10), 1+i%28, 8+i%12)
	switch r := i % 20; {
	case r < 8:
		s := bundletest.Sub{Form: form.TaskList, ID: bundletest.ID(i), Received: at, Unit: unit, Period: "2021",
			Values: map[string]string{"name": fmt.Sprintf("干部%06d", i), "post": "团委学校部干事", "phone": "13800000000", "approved": "是", "consent": "是"}}
		for a := 1; a <= 6; a++ {
			s.Values[fmt.Sprintf("area%d", a)] = strings.Repeat("深入学校班级开展走访调研，", 6)
		}
		s.Rows = []map[string]string{
			{"school": "第一中学", "school_type": "高级中学", "branch": "高二（3）班团支部"},
			{"school": "第一中学", "school_type": "高级中学", "branch": "高二（5）班团支部"},
		}
		return s
	case r < 16:
		s := bundletest.Case(i, unit, "作者", fmt.Sprintf("案例%06d", i), at)
		s.Values["body"] = strings.Repeat("团干部与学生同吃同学同活动，深入了解学生所思所想。", 20)
		return s
	case r < 19:
		row := bundletest.MonthlyRow
		return bundletest.Monthly(i, unit, fmt.Sprintf("2021-%02d", 3+i%10), at,
			row("李四", 5, 4, 3, "85", 1, 0, 0, 0), row("张三", 6, 3, 2, "80", 0, 1, 0, 0), row("王五", 2, 2, 4, "90", 0, 0, 1, 0))
	}
	return bundletest.Arrangement(i, unit, at, bundletest.ArrangementRow("盟市", "李四", "13912345678"),
		bundletest.ArrangementRow("中学", "张三", "13800000001"))
}

func startServer(b *testing.B, n int) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envServe+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if !strings.HasPrefix(line, "ADDR ") {
		b.Fatalf("seeding server: %q %v", line, err)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "ADDR "))
}

// BenchmarkBundle builds one bundle of every seeded submission (scope 全区,
// all forms, 2021) into a zip file and reports wall time, objects per
// second and peak memory (the process's maximum resident set, and the
// sampled peak of Go heap in use).
func BenchmarkBundle(b *testing.B) {
	n := 100000
	if v := os.Getenv(envObjects); v != "" {
		n, _ = strconv.Atoi(v)
	}
	url := startServer(b, n)
	st := s3store.New(s3store.NewClient(s3store.Endpoint{URL: url, AccessKey: "k", SecretKey: "s"}), benchBkt)
	bld := &bundle.Builder{Source: st, Units: benchRegistry(), Rounds: []*form.Round{bundletest.Round(b)},
		TempDir: b.TempDir(), Now: func() time.Time { return bundletest.At(2022, 1, 20, 12) }}
	req := bundle.Request{Scope: bundle.ScopeAll, From: bundle.Month{Year: 2021, Month: 1}, To: bundle.Month{Year: 2021, Month: 12}}
	runtime.GC()
	stop, peakHeap := sampleHeap()
	var m bundle.Manifest
	var size int64
	start := time.Now()
	for b.Loop() {
		f, err := os.CreateTemp(b.TempDir(), "bundle-*.zip")
		if err != nil {
			b.Fatal(err)
		}
		if m, err = bld.Build(context.Background(), req, "bench", f); err != nil {
			b.Fatal(err)
		}
		size, _ = f.Seek(0, 1)
		f.Close()
		os.Remove(f.Name())
	}
	wall := time.Since(start).Seconds() / float64(b.N)
	stop()
	if m.Objects != n {
		b.Fatalf("read %d objects, seeded %d", m.Objects, n)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(wall, "wall-s")
	b.ReportMetric(float64(n)/wall, "objects/s")
	b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	b.ReportMetric(float64(*peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(size)/(1<<20), "zip-MiB")
	b.Logf("%d objects, %d submissions in the merged CSVs, %d replaced, zip %.1f MiB", m.Objects, m.Submissions, m.Replaced, float64(size)/(1<<20))
}

// sampleHeap records the largest HeapInuse seen every 10 ms until stop is called.
func sampleHeap() (stop func(), peak *uint64) {
	peak = new(uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }, peak
}

// BenchmarkBoard lays out the board of every seeded submission (scope 全区,
// 2021), as GET /admin/board does, and reports wall time and objects per
// second: the admin API must answer within its 25 s.
func BenchmarkBoard(b *testing.B) {
	n := 100000
	if v := os.Getenv(envObjects); v != "" {
		n, _ = strconv.Atoi(v)
	}
	url := startServer(b, n)
	st := s3store.New(s3store.NewClient(s3store.Endpoint{URL: url, AccessKey: "k", SecretKey: "s"}), benchBkt)
	bld := &bundle.Builder{Source: st, Units: benchRegistry(), Rounds: []*form.Round{bundletest.Round(b)},
		TempDir: b.TempDir(), Now: func() time.Time { return bundletest.At(2022, 1, 20, 12) }}
	var bd *bundle.Board
	start := time.Now()
	for b.Loop() {
		var err error
		if bd, err = bld.Board(context.Background(), bundle.ScopeAll, 2021); err != nil {
			b.Fatal(err)
		}
	}
	wall := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(wall, "wall-s")
	b.ReportMetric(float64(n)/wall, "objects/s")
	b.Logf("%d objects: %d units × %d periods, %d grade groups", n, len(bd.Rows), len(bd.Columns), len(bd.Grades))
}
