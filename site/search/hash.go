package search

// termHash is the hash that puts a term in a shard: FNV-1a over the term's
// characters (code points, not bytes), then a final mix. The search script
// computes the same hash.
func termHash(t string) uint32 {
	h := hashStart
	for _, r := range t {
		h = hashRune(h, r)
	}
	return hashEnd(h)
}

// hashStart, hashRune and hashEnd are the steps of termHash.
const hashStart = uint32(2166136261)

func hashRune(h uint32, r rune) uint32 { return (h ^ uint32(r)) * 16777619 }

func hashEnd(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	return h
}

// keyHash is termHash of the term whose CJK key is k (see bigramKey).
func keyHash(k uint64) uint32 {
	if k < 1<<42 {
		return hashEnd(hashRune(hashStart, rune(k)))
	}
	return hashEnd(hashRune(hashRune(hashStart, rune(k>>21&(1<<21-1))), rune(k&(1<<21-1))))
}

// shardOf is the shard of term t among n shards (a power of two).
func shardOf(t string, n int) int { return int(termHash(t) & uint32(n-1)) }
