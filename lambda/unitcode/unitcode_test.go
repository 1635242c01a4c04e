package unitcode

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	count := map[rune]int{}
	for range 2000 {
		c := New()
		if len(c) != Length+1 || c[5] != '-' {
			t.Fatalf("%q: want two groups of five", c)
		}
		n := Normalize(c)
		if !Valid(n) || Format(n) != c {
			t.Fatalf("%q: normalised %q is not valid or prints differently", c, n)
		}
		if seen[c] {
			t.Fatalf("%q made twice", c)
		}
		seen[c] = true
		for _, r := range n {
			count[r]++
		}
	}
	if bits := Length * math.Log2(float64(len(Alphabet))); bits < 40 {
		t.Errorf("a code holds %.0f bits, want at least 40", bits)
	}
	if len(count) != len(Alphabet) {
		t.Errorf("%d of the %d symbols used in 20,000", len(count), len(Alphabet))
	}
	for _, bad := range "01IOilo" {
		if strings.ContainsRune(Alphabet, bad) {
			t.Errorf("alphabet holds the look-alike %q", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KQ7MZ-3XHPD", "KQ7MZ3XHPD"},
		{"kq7mz 3xhpd", "KQ7MZ3XHPD"},
		{" Kq7Mz—3xHpD ", "KQ7MZ3XHPD"},
		{"ＫＱ７ＭＺ－３ＸＨＰＤ", "KQ7MZ3XHPD"},      // full-width, as a Chinese input method types it
		{"ｋｑ７ｍｚ\u3000３ｘｈｐｄ", "KQ7MZ3XHPD"}, // full-width small letters, ideographic space
		{"KQ7-MZ3-XHP-D", "KQ7MZ3XHPD"},    // grouped otherwise
		{"KQ7MZ_3XHPD.", "KQ7MZ3XHPD"},
		{"KQ7MZ3XHP0", "KQ7MZ3XHP0"}, // kept, and then not Valid
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "KQ7MZ3XHP", "KQ7MZ3XHPDD", "KQ7MZ3XHP0", "KQ7MZ3XHPI", "KQ7MZ3XHP中"} {
		if Valid(Normalize(bad)) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBook(t *testing.T) {
	b := NewBook()
	a, c := New(), New()
	if err := b.Set("包头市", a); err != nil {
		t.Fatal(err)
	}
	if err := b.Set("内蒙古大学", c); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		unit, code string
		want       bool
	}{
		{"包头市", a, true},
		{"包头市", strings.ToLower(strings.ReplaceAll(a, "-", " ")), true},
		{"包头市", fullWidth(a), true},
		{"包头市", c, false}, // another unit's code
		{"内蒙古大学", c, true},
		{"包头市青山区", a, false}, // a unit without a code, given a parent's
		{"包头市", "", false},
		{"包头市", a[:len(a)-1], false},
	}
	check := func(b *Book) {
		t.Helper()
		for _, tt := range tests {
			for range 2 { // the second time through the cache
				if got := b.Check(tt.unit, tt.code); got != tt.want {
					t.Errorf("Check(%q, %q) = %v, want %v", tt.unit, tt.code, got, tt.want)
				}
			}
		}
	}
	check(b)
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); strings.Contains(s, Normalize(a)) || strings.Contains(s, a) {
		t.Fatalf("the file holds a code:\n%s", s)
	}
	read, err := ParseBook(&buf)
	if err != nil {
		t.Fatal(err)
	}
	check(read)

	// A new code for one unit revokes its old one, also once it was cached.
	d := New()
	if err := read.Set("包头市", d); err != nil {
		t.Fatal(err)
	}
	if read.Check("包头市", a) || !read.Check("包头市", d) || !read.Check("内蒙古大学", c) {
		t.Error("regenerating 包头市's code did not revoke the old one alone")
	}
	if got := read.Units(); strings.Join(got, ",") != "包头市,内蒙古大学" {
		t.Errorf("units %q", got)
	}
}

func TestAllowEverywhere(t *testing.T) {
	b := NewBook()
	own, dev := New(), New()
	b.Set("包头市", own)
	if err := b.AllowEverywhere(dev); err != nil {
		t.Fatal(err)
	}
	if !b.Check("包头市", dev) || !b.Check("内蒙古大学", dev) || !b.Check("包头市", own) || b.Check("内蒙古大学", own) {
		t.Error("a development code must open every unit, besides each unit's own")
	}
	var buf bytes.Buffer
	b.WriteTo(&buf)
	read, _ := ParseBook(&buf)
	if read.Check("内蒙古大学", dev) {
		t.Error("the development code was written to the file")
	}
	if err := b.AllowEverywhere("too short"); err == nil {
		t.Error("an invalid code accepted")
	}
}

// TestMovedEntry checks a hash copied to another unit's entry does not open it.
func TestMovedEntry(t *testing.T) {
	b := NewBook()
	code := New()
	b.Set("包头市", code)
	var buf bytes.Buffer
	b.WriteTo(&buf)
	moved := strings.Replace(buf.String(), "包头市", "赤峰市", 1)
	read, err := ParseBook(strings.NewReader(moved))
	if err != nil {
		t.Fatal(err)
	}
	if read.Check("赤峰市", code) {
		t.Error("an entry renamed to another unit still opens it")
	}
}

func TestParseBookRefuses(t *testing.T) {
	salt, hash := strings.Repeat("ab", 16), strings.Repeat("cd", 32)
	for _, in := range []string{
		``, `[]`, `{"kdf":"sha256","iterations":20000,"units":[]}`,
		`{"kdf":"pbkdf2-sha256","iterations":10,"units":[]}`,
		`{"kdf":"pbkdf2-sha256","iterations":20000,"units":[{"unit":"","salt":"` + salt + `","hash":"` + hash + `"}]}`,
		`{"kdf":"pbkdf2-sha256","iterations":20000,"units":[{"unit":"a","salt":"ab","hash":"` + hash + `"}]}`,
		`{"kdf":"pbkdf2-sha256","iterations":20000,"units":[{"unit":"a","salt":"` + salt + `","hash":"` + hash + `","code":"KQ7MZ3XHPD"}]}`,
		`{"kdf":"pbkdf2-sha256","iterations":20000,"units":[{"unit":"a","salt":"` + salt + `","hash":"` + hash + `"},{"unit":"a","salt":"` + salt + `","hash":"` + hash + `"}]}`,
	} {
		if _, err := ParseBook(strings.NewReader(in)); err == nil {
			t.Errorf("accepted %s", in)
		}
	}
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r - '!' + '！'
		}
		return r
	}, s)
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"KQ7MZ-3XHPD", "ｋｑ７ｍｚ\u3000３ｘｈｐｄ", "", "\xff", strings.Repeat("-", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize not idempotent on %q: %q", s, n)
		}
		if Valid(n) && Normalize(Format(n)) != n {
			t.Errorf("%q: Format does not read back", n)
		}
		if len(n) > 4*Length+4 {
			t.Errorf("%q: normalised to %d bytes", s, len(n))
		}
	})
}

func FuzzParseBook(f *testing.F) {
	b := NewBook()
	b.Set("包头市", New())
	var buf bytes.Buffer
	b.WriteTo(&buf)
	f.Add(buf.String())
	f.Add(`{"kdf":"pbkdf2-sha256","iterations":1000,"units":[]}`)
	f.Fuzz(func(t *testing.T, s string) {
		book, err := ParseBook(strings.NewReader(s))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := book.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		again, err := ParseBook(&out)
		if err != nil || strings.Join(again.Units(), "\x00") != strings.Join(book.Units(), "\x00") {
			t.Errorf("a book read does not read back: %v", err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	book := NewBook()
	code := New()
	book.Set("包头市", code)
	b.Run("wrong code", func(b *testing.B) {
		for b.Loop() {
			book.Check("包头市", "KQ7MZ-3XHPD")
		}
	})
	b.Run("right code, remembered", func(b *testing.B) {
		for b.Loop() {
			book.Check("包头市", code)
		}
	})
}
