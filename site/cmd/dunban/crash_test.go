package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"

	"dunban/lambda/bundle"
	"dunban/lambda/devserver"
	"dunban/lambda/devserver/s3disk"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

// TestServeSurvivesSIGKILL runs the binary `make run` runs, kills it with
// SIGKILL in the middle of a bounded burst of case submissions, starts it
// again on the same data folder and sends every submission that got no
// success answer again: each retry succeeds, and the bundle built from the
// folder holds every submission exactly once.
func TestServeSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the dunban binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "dunban")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	const total, killAfter, workers = 120, 40, 6
	subs := make([]crashSub, total)
	for i := range subs {
		subs[i] = newCrashSub(t, i)
	}

	srv := startServe(t, bin, data, dir)
	code := devCode(t, data)
	var acked atomic.Int32
	var refused atomic.Value // the first refusal's status and body
	ok := make([]bool, total)
	var wg sync.WaitGroup
	next := atomic.Int32{}
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < total; i = int(next.Add(1)) - 1 {
				status, body := subs[i].send(srv.url, code)
				if status != http.StatusOK && status != 0 {
					refused.CompareAndSwap(nil, fmt.Sprintf("%d %.300s", status, body))
				}
				if status == http.StatusOK {
					ok[i] = true
					if acked.Add(1) == killAfter {
						srv.cmd.Process.Signal(syscall.SIGKILL)
					}
				}
			}
		})
	}
	wg.Wait()
	if acked.Load() < killAfter {
		// Refused posts never reach the kill: stop the server, then fail below.
		srv.cmd.Process.Signal(syscall.SIGKILL)
		t.Logf("first refusal: %v", refused.Load())
	}
	srv.cmd.Wait()
	if n := acked.Load(); n < killAfter || n == total {
		t.Fatalf("%d of %d acknowledged: the kill did not land inside the burst", n, total)
	}

	srv = startServe(t, bin, data, dir)
	retried := 0
	for i := range subs {
		if ok[i] {
			continue
		}
		retried++
		if status, body := subs[i].send(srv.url, code); status != http.StatusOK {
			t.Errorf("retry of %s after the restart: %d %s", subs[i].id, status, body)
		}
	}
	srv.cmd.Process.Signal(os.Interrupt)
	srv.cmd.Wait()
	t.Logf("%d acknowledged before SIGKILL, %d sent again after the restart", acked.Load(), retried)

	ids := bundledCases(t, data)
	for i, s := range subs {
		if n := ids[s.id]; n != 1 {
			t.Errorf("submission %d (%s, acknowledged %v) is %d times in the bundle", i, s.id, ok[i], n)
		}
	}
	if len(ids) != total {
		t.Errorf("%d submissions in the bundle, want %d", len(ids), total)
	}
}

// crashSub is one case submission of the burst.
type crashSub struct {
	id   string
	body map[string]string
}

func newCrashSub(t *testing.T, i int) crashSub {
	raw, err := os.ReadFile("../../../lambda/collect/testdata/events/case-json.json")
	if err != nil {
		t.Fatal(err)
	}
	var ev struct{ Body string }
	json.Unmarshal(raw, &ev)
	var body map[string]string
	if err := json.Unmarshal([]byte(ev.Body), &body); err != nil {
		t.Fatal(err)
	}
	id := record.New(testClock(t)()).String() // minted by a page on the server's clock (-as-of)
	body["submission_id"], body["title"], body["author"] = id, fmt.Sprintf("第%03d个案例的标题", i), fmt.Sprintf("作者%03d", i)
	delete(body, "rendered_at")
	return crashSub{id: id, body: body}
}

// send posts the submission as the page's script does.
func (s crashSub) send(url, code string) (int, string) {
	s.body["unit_code"] = code
	b, _ := json.Marshal(s.body)
	client := &http.Client{Timeout: 20 * time.Second}
	res, err := client.Post(url+"/api/submit/case", "application/json", bytes.NewReader(b))
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

// served is a running dunban serve.
type served struct {
	cmd *exec.Cmd
	url string
}

var startedRe = regexp.MustCompile(`门户已启动：(http://[0-9.:]+)/`)

// startServe runs `dunban serve` as `make run` does and waits until it listens.
func startServe(t *testing.T, bin, data, dir string) served {
	t.Helper()
	cmd := exec.Command(bin, "serve", "-as-of", asOf, "-content", "../../../content", "-out", filepath.Join(dir, "public"),
		"-addr", "127.0.0.1:0", "-data", data)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := startedRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return served{cmd: cmd, url: u}
	case <-time.After(60 * time.Second):
		t.Fatal("dunban serve did not start within a minute")
	}
	return served{}
}

// devCode is the development 单位填报码 the server keeps under its data folder.
func devCode(t *testing.T, data string) string {
	t.Helper()
	s, err := devserver.LoadSecrets(data)
	if err != nil {
		t.Fatal(err)
	}
	return s.UnitCode
}

// bundledCases builds the 2021 case bundle from the data folder the server
// left and counts each submission id in it.
func bundledCases(t *testing.T, data string) map[string]int {
	t.Helper()
	backend, err := s3disk.New(filepath.Join(data, "s3"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(backend).Server())
	defer ts.Close()
	st := s3store.New(s3store.NewClient(s3store.Endpoint{URL: ts.URL, AccessKey: "k", SecretKey: "s"}), devserver.Bucket)
	c, err := form.LoadContent(os.DirFS("../../../content"))
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle.Builder{Source: st, Units: c.Units, Rounds: []*form.Round{c.Round}}
	var zipped bytes.Buffer
	req := bundle.Request{Scope: bundle.ScopeAll, Forms: []string{"case"}, From: bundle.Month{Year: 2021, Month: 1}, To: bundle.Month{Year: 2021, Month: 12}}
	m, err := b.Build(context.Background(), req, "test", &zipped)
	if err != nil {
		t.Fatal(err)
	}
	if m.Unreadable != 0 {
		t.Errorf("after the crash the bundle finds unreadable objects: %+v", m.Problems)
	}
	return countIDs(t, zipped.Bytes(), bundle.FileName(form.Case))
}

// countIDs counts the 提交编号 of each row of a CSV in a bundle.
func countIDs(t *testing.T, b []byte, name string) map[string]int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	raw, _ := io.ReadAll(f)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte(record.BOM)))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	col := slices.Index(recs[0], "提交编号")
	ids := map[string]int{}
	for _, r := range recs[1:] {
		ids[strings.TrimPrefix(r[col], "'")]++
	}
	return ids
}
