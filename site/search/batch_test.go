package search

import "testing"

func TestSortKey(t *testing.T) {
	t.Parallel()
	for _, k := range []uint64{'团', 0x20000, bigramKey('主', '题'), bigramKey('团', 0x20001), bigramKey(0x20000, '日'), bigramKey(0xFFFF, 0xFFFF)} {
		if got := termKey(sortKey(k)); got != k {
			t.Errorf("termKey(sortKey(%x)) = %x", k, got)
		}
	}
	if sortKey('团') == sortKey(bigramKey(0, '团')) {
		t.Errorf("a character and a pair share a sort key")
	}
}

func TestBatchSort(t *testing.T) {
	t.Parallel()
	keys := []uint64{sortKey(bigramKey('团', '日')), 'a', sortKey(bigramKey(0x20000, '日')), 'a', sortKey(bigramKey('团', '日')), 0x4E00, 'a'}
	var bt batch
	for i, k := range keys {
		bt.posts = append(bt.posts, counted{key: k, doc: uint32(i)})
	}
	bt.sort()
	seen := map[uint64]bool{}
	for i, p := range bt.posts {
		if i > 0 && p.key != bt.posts[i-1].key {
			if seen[p.key] {
				t.Fatalf("key %x not in one run: %v", p.key, bt.posts)
			}
		}
		if i > 0 && p.key == bt.posts[i-1].key && p.doc < bt.posts[i-1].doc {
			t.Fatalf("documents of key %x out of order: %v", p.key, bt.posts)
		}
		seen[p.key] = true
	}
	if len(bt.posts) != len(keys) {
		t.Fatalf("%d postings after sorting, want %d", len(bt.posts), len(keys))
	}
}
