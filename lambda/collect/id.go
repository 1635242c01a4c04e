package collect

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// ID is a submission id: a UUID whose first 48 bits are a Unix time in
// milliseconds. Version 7 ids are minted by the page's script (or by
// NewID); version 8 ids are derived by the collector from a submission's
// content when the page sent no usable id. The time part decides the
// object's year/month partition, so a retried id always lands on one key.
type ID [16]byte

// ParseID reads the 36-character lowercase or uppercase form of an id of
// version 7 or 8.
func ParseID(s string) (ID, error) {
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

// Receipt returns the short number shown to the person, e.g.
// MON-202103-9F3A61C2: the form, the id's month and the id's last 8 hex
// digits, so an admin can find the row by searching the submission id.
func (id ID) Receipt(formID string, loc *time.Location) string {
	abbr := strings.ToUpper(formID)
	if len(abbr) > 3 {
		abbr = abbr[:3]
	}
	s := id.String()
	return abbr + "-" + id.Time().In(loc).Format("200601") + "-" + strings.ToUpper(s[len(s)-8:])
}

// NewID mints a random version 7 id for time t.
func NewID(t time.Time) ID {
	var id ID
	rand.Read(id[6:])
	setTime(&id, t)
	id[6] = id[6]&0x0f | 0x70
	id[8] = id[8]&0x3f | 0x80
	return id
}

// DeriveID returns the version 8 id of content: the same content always
// gives the same id, with t (which must itself come from the content) as
// its time part.
func DeriveID(t time.Time, content []byte) ID {
	sum := sha256.Sum256(content)
	var id ID
	copy(id[6:], sum[:10])
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
