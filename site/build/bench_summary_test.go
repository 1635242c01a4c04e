//go:build unix

package build

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// figure is one measured build, kept for the summary printed when the
// benchmarks are done.
type figure struct {
	wall, cpu time.Duration
	peakMiB   float64 // 0 when not measured (goldmark runs in the test process)
	load      float64 // the machine's load average over the last minute, at the end
}

var (
	figuresMu sync.Mutex
	figures   = map[string][]figure{} // by tool and size, e.g. "dunban/N=10000"
)

// record keeps one build's figure under name.
func record(name string, f figure) {
	f.load = loadAverage()
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures[name] = append(figures[name], f)
}

// loadAverage is the one-minute load average, or -1 where the system does
// not tell it.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	v, err := strconv.ParseFloat(strings.Fields(string(data) + " x")[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// tools are the lines of the summary, in order.
var tools = []struct{ key, label string }{
	{"dunban", "dunban build"},
	{"hugo", "Hugo v0.165.0"},
	{"goldmark", "goldmark alone"},
}

// printSummary writes, for each size measured, the median wall time, CPU
// time and peak memory of dunban, Hugo and goldmark alone, with the load
// average during their builds, and the ratios the targets are on.
func printSummary(w io.Writer) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	for _, n := range benchSizes {
		size := fmt.Sprintf("N=%d", n)
		med := map[string]figure{}
		for _, t := range tools {
			if fs := figures[t.key+"/"+size]; len(fs) > 0 {
				med[t.key] = median(fs)
			}
		}
		if len(med) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%d pages (medians; load: one-minute load average, lowest–highest over the builds):\n", n)
		for _, t := range tools {
			if f, ok := med[t.key]; ok {
				fmt.Fprintf(w, "  %-15s %s\n", t.label, describe(f, figures[t.key+"/"+size]))
			}
		}
		printRatios(w, med)
	}
}

// describe is one line of the summary.
func describe(f figure, all []figure) string {
	lo, hi := all[0].load, all[0].load
	for _, g := range all {
		lo, hi = min(lo, g.load), max(hi, g.load)
	}
	peak := "   –   "
	if f.peakMiB > 0 {
		peak = fmt.Sprintf("%4.0f MiB", f.peakMiB)
	}
	return fmt.Sprintf("wall %7.2f s  cpu %7.2f s  peak %s  builds %d  load %.1f–%.1f",
		f.wall.Seconds(), f.cpu.Seconds(), peak, len(all), lo, hi)
}

// printRatios prints Hugo over dunban and dunban over goldmark alone.
func printRatios(w io.Writer, med map[string]figure) {
	d, ok := med["dunban"]
	if !ok {
		return
	}
	if h, ok := med["hugo"]; ok {
		fmt.Fprintf(w, "  Hugo / dunban:     wall %.1f×  cpu %.1f×  (target ≥ 5×)\n",
			h.wall.Seconds()/d.wall.Seconds(), h.cpu.Seconds()/d.cpu.Seconds())
	}
	if g, ok := med["goldmark"]; ok {
		fmt.Fprintf(w, "  dunban / goldmark: wall %.1f×  cpu %.1f×  (target ≤ 3×)\n",
			d.wall.Seconds()/g.wall.Seconds(), d.cpu.Seconds()/g.cpu.Seconds())
	}
	fmt.Fprintf(w, "  dunban peak memory %.0f MiB (target < 300 MiB)\n", d.peakMiB)
}

// median takes each figure's median separately; peak memory is the highest.
func median(fs []figure) figure {
	pick := func(v func(figure) float64) float64 {
		xs := make([]float64, len(fs))
		for i, f := range fs {
			xs[i] = v(f)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	f := figure{
		wall: time.Duration(pick(func(f figure) float64 { return float64(f.wall) })),
		cpu:  time.Duration(pick(func(f figure) float64 { return float64(f.cpu) })),
		load: pick(func(f figure) float64 { return f.load }),
	}
	for _, g := range fs {
		f.peakMiB = max(f.peakMiB, g.peakMiB)
	}
	return f
}
