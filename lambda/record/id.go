package record

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// ID is a submission id: a UUID whose first 48 bits are a Unix time in
// milliseconds. Version 7 ids are minted by the page's script (or New);
// version 8 ids are derived from a submission's content (Derive) when the
// page sent none. The id names the object; it does not decide where the
// object is filed (its period does, see Partition).
type ID [16]byte

// Parse reads the 36-character lowercase or uppercase form of an id of
// version 7 or 8.
func Parse(s string) (ID, error) {
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, fmt.Errorf("id %q: not a UUID", s)
	}
	h := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(id[:], []byte(h)); err != nil {
		return id, fmt.Errorf("id %q: not a UUID", s)
	}
	if v := id.Version(); v != 7 && v != 8 {
		return id, fmt.Errorf("id %q: version %d, want 7 or 8", s, v)
	}
	if id[8]&0xc0 != 0x80 {
		return id, fmt.Errorf("id %q: wrong variant", s)
	}
	return id, nil
}

// Version returns the UUID version nibble.
func (id ID) Version() int { return int(id[6] >> 4) }

// Time returns the time held in the id's first 48 bits.
func (id ID) Time() time.Time {
	var ms int64
	for _, b := range id[:6] {
		ms = ms<<8 | int64(b)
	}
	return time.UnixMilli(ms)
}

// String returns the canonical lowercase form.
func (id ID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], id[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], id[10:16])
	return string(b[:])
}

// New mints a random version 7 id for time t.
func New(t time.Time) ID {
	var id ID
	rand.Read(id[6:])
	setTime(&id, t)
	id[6] = id[6]&0x0f | 0x70
	id[8] = id[8]&0x3f | 0x80
	return id
}

// Derive returns the version 8 id of a content whose fingerprint (a
// SHA-256, form.Submission.Fingerprint) is given: its bytes fill the id's
// 74 free bits directly, and t (which must itself come from the content,
// e.g. the start of its period) is the time part. The same content always
// gives the same id.
func Derive(t time.Time, fingerprint []byte) ID {
	var id ID
	copy(id[6:], fingerprint)
	setTime(&id, t)
	id[6] = id[6]&0x0f | 0x80
	id[8] = id[8]&0x3f | 0x80
	return id
}

func setTime(id *ID, t time.Time) {
	ms := t.UnixMilli()
	for i := 5; i >= 0; i-- {
		id[i] = byte(ms)
		ms >>= 8
	}
}
