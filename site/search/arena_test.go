package search

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestArena writes interleaved postings of many terms, some long enough to
// cross pages, and reads each chain back whole.
func TestArena(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var a arena
	chains := make([]chain, 300)
	want := make([][]byte, len(chains))
	for range 400_000 {
		i := r.IntN(len(chains))
		if r.IntN(4) != 0 {
			i %= 7 // a few common terms
		}
		if chains[i].size == 0 {
			a.start(&chains[i])
		}
		p := make([]byte, 1+r.IntN(maxPosted))
		for k := range p {
			p[k] = byte(r.Uint32())
		}
		a.write(&chains[i], p)
		want[i] = append(want[i], p...)
	}
	if len(a.pages) < 2 {
		t.Fatalf("%d pages: the test should cross a page", len(a.pages))
	}
	for i := range chains {
		if chains[i].size == 0 {
			continue
		}
		got := a.appendTo([]byte("x"), &chains[i])
		if !bytes.Equal(got[1:], want[i]) {
			t.Fatalf("chain %d: %d bytes back, want %d", i, len(got)-1, len(want[i]))
		}
	}
}

func TestPack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		count, set uint32
		title      bool
		pair       bool
		bytes      int
	}{
		{1, 0, false, false, 1}, {1, 0, true, false, 1}, {63, 0, true, false, 1}, {70, 0, false, false, 2},
		{1, 0, false, true, 1}, {1, 1 << 11, true, true, 1}, {4, 1 << 5, true, true, 1}, {5, 1, false, true, 3},
		{1, 3, false, true, 2}, {2, 0xFFF, true, true, 3}, {countMask, 0xFFF, true, true, 5},
	} {
		v := tc.count | tc.set<<countBits
		if tc.title {
			v |= titleFlag
		}
		x := pack(v, tc.pair)
		var b [maxPosted]byte
		if n := putUvarint(b[:], x); n != tc.bytes {
			t.Errorf("pack(%+v) = %d takes %d bytes, want %d", tc, x, n, tc.bytes)
		}
		count, set, title := unpack(x, tc.pair)
		wantCount := tc.count
		if tc.pair {
			wantCount = min(wantCount, 1<<18-1)
		}
		if count != wantCount || set != tc.set || title != tc.title {
			t.Errorf("unpack(pack(%+v)) = %d %#x %v", tc, count, set, title)
		}
	}
}
