package search

// table is an open-addressing hash map from non-zero uint64 keys to uint32
// values, faster than a Go map for the millions of lookups of a build. It
// remembers the slots in use so it can be walked and cleared in time
// proportional to its size.
type table struct {
	keys []uint64
	vals []uint32
	used []int32 // slots in use, in insertion order
	bits uint
}

func newTable(bits uint) *table {
	return &table{keys: make([]uint64, 1<<bits), vals: make([]uint32, 1<<bits), bits: bits}
}

// slot returns the slot of k: where it is, or where it would go.
func (t *table) slot(k uint64) int {
	mask := len(t.keys) - 1
	i := int((k * 0x9E3779B97F4A7C15) >> (64 - t.bits))
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	return i
}

// ref returns a pointer to the value of k, adding k with value 0 if absent;
// the pointer is valid until the next ref.
func (t *table) ref(k uint64) *uint32 {
	i := t.slot(k)
	if t.keys[i] == 0 {
		if 2*(len(t.used)+1) > len(t.keys) {
			t.grow()
			i = t.slot(k)
		}
		t.keys[i] = k
		t.used = append(t.used, int32(i))
	}
	return &t.vals[i]
}

// get returns the value of k and whether k is present.
func (t *table) get(k uint64) (uint32, bool) {
	i := t.slot(k)
	return t.vals[i], t.keys[i] != 0
}

func (t *table) grow() {
	old := *t
	*t = *newTable(t.bits + 1)
	t.used = make([]int32, 0, 2*cap(old.used))
	for _, i := range old.used {
		*t.ref(old.keys[i]) = old.vals[i]
	}
}

// each calls f with every key and value, in insertion order.
func (t *table) each(f func(k uint64, v uint32)) {
	for _, i := range t.used {
		f(t.keys[i], t.vals[i])
	}
}

// reset empties the table.
func (t *table) reset() {
	for _, i := range t.used {
		t.keys[i], t.vals[i] = 0, 0
	}
	t.used = t.used[:0]
}

func (t *table) len() int { return len(t.used) }
