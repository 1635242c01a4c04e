package bundle

import (
	"testing"
	"unsafe"
)

// One entry is held per submission: keep it small so memory stays flat.
func TestEntrySize(t *testing.T) {
	// 64 bytes: the whole id is kept (ties are ordered by it), not a hash.
	if n := unsafe.Sizeof(entry{}); n > 64 {
		t.Errorf("entry is %d bytes, want at most 64", n)
	}
	e := entry{month: int32(Month{2021, 12}.index()), whole: true}
	if got := e.span(); got != (span{Month{2021, 12}, true}) {
		t.Errorf("span() = %+v", got)
	}
}
