package spool

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dunban/site/content"
)

func TestPutGet(t *testing.T) {
	t.Parallel()
	// No memory, some memory, enough memory for every blob.
	for _, budget := range []int{0, chunkSize, 64 * chunkSize} {
		t.Run(fmt.Sprint(budget), func(t *testing.T) {
			dir := t.TempDir()
			s := New(dir, budget)
			blob := func(i int) string {
				if i%50 == 7 {
					return strings.Repeat("x", chunkSize+i) // too big for memory
				}
				return fmt.Sprintf("<p>正文 %d %0*d</p>", i, i*37%9000, 0)
			}
			refs := make([]content.Body, 400)
			var wg sync.WaitGroup
			for i := range refs {
				wg.Go(func() {
					ref, err := s.Put([]byte(blob(i)))
					if err != nil {
						t.Error(err)
					}
					refs[i] = ref
				})
			}
			wg.Wait()
			var buf []byte
			inMemory := 0
			for i, ref := range refs {
				got, err := s.Get(ref, &buf)
				if err != nil || string(got) != blob(i) {
					t.Fatalf("blob %d = %.40q…, %v", i, got, err)
				}
				if ref.Off < 0 {
					inMemory++
				}
			}
			if budget == 0 && inMemory != 0 || budget == 64*chunkSize && inMemory != 392 {
				t.Errorf("%d blobs in memory with a budget of %d", inMemory, budget)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
				t.Errorf("spool file left behind: %v", left)
			}
		})
	}
}

func TestNoFileWhenAllFits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir, chunkSize)
	if _, err := s.Put([]byte("<p>短</p>")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a spool file was made: %v", entries)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
