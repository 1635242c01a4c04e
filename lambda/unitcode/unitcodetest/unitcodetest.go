// Package unitcodetest gives tests one 单位填报码: the code every test form
// post carries, and the books and hashes files that accept it.
package unitcodetest

import (
	"bytes"

	"dunban/lambda/unitcode"
)

// Code is the unit code of every test post (also written into the test
// events under lambda/collect/testdata).
const Code = "TESTA-BCDEF"

// Book returns a book in which Code opens every unit, as the development
// code of `make run` does.
func Book() *unitcode.Book {
	b := unitcode.NewBook()
	if err := b.AllowEverywhere(Code); err != nil {
		panic(err) // Code is a constant known to be valid
	}
	return b
}

// Hashes returns a hashes file, as deployed, giving each of units the code Code.
func Hashes(units ...string) []byte {
	b := unitcode.NewBook()
	for _, u := range units {
		if err := b.Set(u, Code); err != nil {
			panic(err)
		}
	}
	var buf bytes.Buffer
	b.WriteTo(&buf)
	return buf.Bytes()
}
