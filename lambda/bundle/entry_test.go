package bundle

import (
	"testing"
	"unsafe"
)

// One entry is held per submission: keep it small so memory stays flat.
func TestEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 56 {
		t.Errorf("entry is %d bytes, want at most 56", n)
	}
	e := entry{month: int32(Month{2021, 12}.Index()), whole: true}
	if got := e.span(); got != (Span{Month{2021, 12}, true}) {
		t.Errorf("span() = %+v", got)
	}
}
