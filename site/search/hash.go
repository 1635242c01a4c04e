package search

// termHash is the hash that puts a term in a shard: FNV-1a over the term's
// characters (code points, not bytes), then a final mix. The search script
// computes the same hash.
func termHash(t string) uint32 {
	h := uint32(2166136261)
	for _, r := range t {
		h ^= uint32(r)
		h *= 16777619
	}
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	return h
}

// shardOf is the shard of term t among n shards (a power of two).
func shardOf(t string, n int) int { return int(termHash(t) & uint32(n-1)) }
