// Command testsummary reads `go test -json` on standard input and prints what
// a plain `go test` prints (one line per package, the output of failing
// tests), then every skipped test with its reason. It exits 1 when a test or
// a build failed, so `go test -json ./... | go run .ci/testsummary.go` fails
// as `go test ./...` does.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of test2json output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// skip is a skipped test and the reason it logged.
type skip struct {
	pkg, test, reason string
}

func main() {
	failed, skips, err := summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	printSkips(os.Stdout, skips)
	if failed {
		os.Exit(1)
	}
}

// summarise copies package lines and failing tests' output to w and returns
// whether anything failed and which tests were skipped.
func summarise(r io.Reader, w io.Writer) (bool, []skip, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	running := map[string]*strings.Builder{}
	var skips []skip
	failed, seen := false, false
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Fprintln(w, sc.Text()) // not JSON: a message from the go command itself
			continue
		}
		seen = true
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output":
			fmt.Fprint(w, e.Output)
		case e.Action == "build-fail":
			failed = true
		case e.Test == "":
			if e.Action == "fail" {
				failed = true
			}
			if e.Action == "output" && e.Output != "PASS\n" {
				fmt.Fprint(w, e.Output)
			}
		case e.Action == "output":
			b := running[key]
			if b == nil {
				b = &strings.Builder{}
				running[key] = b
			}
			b.WriteString(e.Output)
		case e.Action == "fail":
			failed = true
			if b := running[key]; b != nil {
				fmt.Fprint(w, b.String())
			}
			delete(running, key)
		case e.Action == "skip":
			if b := running[key]; b != nil {
				skips = append(skips, skip{e.Package, e.Test, reason(b.String())})
			}
			delete(running, key)
		case e.Action == "pass":
			delete(running, key)
		}
	}
	if err := sc.Err(); err != nil {
		return failed, skips, err
	}
	if !seen {
		failed = true
	}
	return failed, skips, nil
}

// reason keeps the lines a skipped test logged, without the run markers.
func reason(out string) string {
	var kept []string
	for _, line := range strings.Split(out, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		kept = append(kept, t)
	}
	return strings.Join(kept, " ")
}

// printSkips lists the skipped tests, grouped by the reason they gave.
func printSkips(w io.Writer, skips []skip) {
	if len(skips) == 0 {
		fmt.Fprintln(w, "\nno test was skipped")
		return
	}
	byReason := map[string][]string{}
	for _, s := range skips {
		r := s.reason
		if i := strings.Index(r, ": "); i > 0 && strings.Contains(r[:i], ".go:") {
			r = r[i+2:] // drop the file:line prefix so equal reasons group
		}
		byReason[r] = append(byReason[r], strings.TrimPrefix(s.pkg, "dunban/")+"."+s.test)
	}
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	fmt.Fprintf(w, "\nskipped tests: %d\n", len(skips))
	for _, r := range reasons {
		tests := byReason[r]
		sort.Strings(tests)
		if r == "" {
			r = "(no reason given)"
		}
		if len(tests) > 6 {
			tests = append(tests[:6], "…")
		}
		fmt.Fprintf(w, "- %s (%d): %s\n", r, len(byReason[r]), strings.Join(tests, ", "))
	}
}
