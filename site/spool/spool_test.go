package spool

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"dunban/site/content"
)

func TestPutGet(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	refs := make([]content.Body, 200)
	var wg sync.WaitGroup
	for i := range refs {
		wg.Go(func() {
			ref, err := s.Put([]byte(fmt.Sprintf("<p>正文 %d</p>", i)))
			if err != nil {
				t.Error(err)
			}
			refs[i] = ref
		})
	}
	wg.Wait()
	var buf []byte
	for i, ref := range refs {
		got, err := s.Get(ref, buf)
		if err != nil || string(got) != fmt.Sprintf("<p>正文 %d</p>", i) {
			t.Fatalf("blob %d = %q, %v", i, got, err)
		}
		buf = got
	}
	name := s.f.Name()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); err == nil {
		t.Error("spool file left behind")
	}
}
