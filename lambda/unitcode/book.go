package unitcode

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// KDF names the hash a Book keeps: PBKDF2 with HMAC-SHA-256 over the
// normalised code, salted with random bytes and the unit's name.
const KDF = "pbkdf2-sha256"

// Iterations is the PBKDF2 work factor of new hashes: a few milliseconds for
// one check, decades of computing for a leaked file's 50-bit codes.
const Iterations = 20000

const saltBytes = 16

// Entry is one unit's hashed code as the file holds it.
type Entry struct {
	Unit string `json:"unit"` // the unit's name in units.csv
	Salt string `json:"salt"` // 16 random bytes, hex
	Hash string `json:"hash"` // PBKDF2 of the code, hex
}

// file is the JSON of a Book: what is deployed beside admins.json.
type file struct {
	KDF        string  `json:"kdf"`
	Iterations int     `json:"iterations"`
	Units      []Entry `json:"units"`
}

// Book holds the hashed codes of the units and checks a code presented for a
// unit. It is safe for concurrent use. The zero value is not usable; make
// one with NewBook or ParseBook.
type Book struct {
	iter     int
	entries  []Entry
	index    map[string]int // unit → entries index
	anywhere []Entry        // codes valid for every unit (development only; never written)

	mu     sync.Mutex
	cache  map[string][]byte // unit → MAC of the code last verified for it
	macKey []byte            // random, this process only
}

// NewBook returns an empty book: it accepts no code at all.
func NewBook() *Book {
	b := &Book{iter: Iterations, index: map[string]int{}, cache: map[string][]byte{}, macKey: make([]byte, 32)}
	rand.Read(b.macKey)
	return b
}

// ParseBook reads a book written by WriteTo, refusing anything else.
func ParseBook(r io.Reader) (*Book, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("read unit codes: %w", err)
	}
	if f.KDF != KDF || f.Iterations < 1000 || f.Iterations > 10_000_000 {
		return nil, fmt.Errorf("read unit codes: want kdf %q and 1,000–10,000,000 iterations, got %q and %d", KDF, f.KDF, f.Iterations)
	}
	b := NewBook()
	b.iter = f.Iterations
	for i, e := range f.Units {
		salt, err1 := hex.DecodeString(e.Salt)
		sum, err2 := hex.DecodeString(e.Hash)
		if e.Unit == "" || err1 != nil || err2 != nil || len(salt) != saltBytes || len(sum) != sha256.Size {
			return nil, fmt.Errorf("read unit codes: entry %d (%q): want unit, a 32-digit hex salt and a 64-digit hex hash", i+1, e.Unit)
		}
		if _, dup := b.index[e.Unit]; dup {
			return nil, fmt.Errorf("read unit codes: unit %q listed twice", e.Unit)
		}
		b.index[e.Unit] = len(b.entries)
		b.entries = append(b.entries, e)
	}
	return b, nil
}

// WriteTo writes the book as JSON: hashes and salts only, never a code.
func (b *Book) WriteTo(w io.Writer) (int64, error) {
	out, err := json.MarshalIndent(file{KDF: KDF, Iterations: b.iter, Units: b.entries}, "", "  ")
	if err != nil {
		return 0, fmt.Errorf("write unit codes: %w", err)
	}
	n, err := w.Write(append(out, '\n'))
	if err != nil {
		return int64(n), fmt.Errorf("write unit codes: %w", err)
	}
	return int64(n), nil
}

// Set makes code the only code of unit, revoking any earlier one.
func (b *Book) Set(unit, code string) error {
	e, err := b.hash(unit, code)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.cache, unit)
	if i, ok := b.index[unit]; ok {
		b.entries[i] = e
		return nil
	}
	b.index[unit] = len(b.entries)
	b.entries = append(b.entries, e)
	return nil
}

// AllowEverywhere makes code valid for every unit, besides each unit's own.
// It is for development (the code `make run` prints); such a code is kept in
// memory only and never written by WriteTo.
func (b *Book) AllowEverywhere(code string) error {
	e, err := b.hash("*", code)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.anywhere = append(b.anywhere, e)
	clear(b.cache)
	return nil
}

// Units lists the units that have a code, in the book's order.
func (b *Book) Units() []string {
	out := make([]string, len(b.entries))
	for i, e := range b.entries {
		out[i] = e.Unit
	}
	return out
}

// Has reports whether unit has a code of its own.
func (b *Book) Has(unit string) bool {
	_, ok := b.index[unit]
	return ok
}

func (b *Book) hash(unit, code string) (Entry, error) {
	code = Normalize(code)
	if !Valid(code) {
		return Entry{}, errors.New("unit code: not a code of " + fmt.Sprint(Length) + " symbols of " + Alphabet)
	}
	salt := make([]byte, saltBytes)
	rand.Read(salt)
	return Entry{Unit: unit, Salt: hex.EncodeToString(salt), Hash: hex.EncodeToString(derive(code, salt, unit, b.iter))}, nil
}

// derive is the hash of a normalised code for unit: PBKDF2 salted with the
// random salt and the unit's name, so an entry moved to another unit fails.
func derive(code string, salt []byte, unit string, iter int) []byte {
	s := append(append(append([]byte(nil), salt...), 0), unit...)
	k, err := pbkdf2.Key(sha256.New, code, s, iter, sha256.Size)
	if err != nil { // only in FIPS-140-only mode with a short key; never the case here
		return make([]byte, sha256.Size)
	}
	return k
}

// Check reports whether code, as typed, is unit's code (or one valid
// everywhere). Every candidate hash is computed and compared in constant
// time whatever the answer, so the time taken tells nothing of how close a
// guess was or whether the unit has a code. A code once verified for a unit
// is remembered (as a keyed MAC, in memory) so its next check is quick.
func (b *Book) Check(unit, code string) bool {
	code = Normalize(code)
	mac := hmac.New(sha256.New, b.macKey)
	fmt.Fprintf(mac, "%d:%s%s", len(unit), unit, code)
	tag := mac.Sum(nil)
	b.mu.Lock()
	cached := b.cache[unit]
	b.mu.Unlock()
	if cached != nil && hmac.Equal(cached, tag) {
		return true
	}
	ok := b.verify(unit, code)
	if ok {
		b.mu.Lock()
		b.cache[unit] = tag
		b.mu.Unlock()
	}
	return ok
}

// verify derives the code's hash for the unit's entry (a stand-in when it
// has none) and for every code valid everywhere, and compares them all.
func (b *Book) verify(unit, code string) bool {
	b.mu.Lock()
	own, has := Entry{}, false
	if i, ok := b.index[unit]; ok {
		own, has = b.entries[i], true
	}
	candidates := append([]Entry{own}, b.anywhere...)
	b.mu.Unlock()
	valid := Valid(code)
	match := 0
	for i, e := range candidates {
		name := unit
		if i > 0 {
			name = "*"
		}
		salt, _ := hex.DecodeString(e.Salt)
		want, _ := hex.DecodeString(e.Hash)
		if len(want) != sha256.Size {
			want = make([]byte, sha256.Size) // the stand-in: nothing derives to it in practice
		}
		got := derive(code, salt, name, b.iter)
		eq := subtle.ConstantTimeCompare(got, want)
		if i == 0 && !has {
			eq = 0
		}
		match |= eq
	}
	return valid && match == 1
}
