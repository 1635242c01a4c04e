package search

import (
	"testing"
)

func TestZZCost(t *testing.T) {
	b := NewBuilder()
	addAll(b, proseCorpus(t))
	var dir memDir
	if err := b.Write(&dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("meta %s", dir.files["search/meta.json"])
	g := &gzipSizes{files: dir.files, sizes: map[string]int{}}
	for _, k := range queryKinds {
		for _, q := range k.queries {
			c, _ := costOf(g, q)
			t.Logf("%-20s total %3d KB: script %d meta %d shards %d next %d stores %d files %d", q, c.total()>>10, c.script>>10, c.meta, c.shards>>10, c.next>>10, c.stores>>10, c.files)
		}
	}
}
