// Package lambdazip writes the zip a Lambda function is deployed from: the
// bootstrap executable and the data files it reads, byte-for-byte the same
// for the same inputs, so its hash says whether the code changed.
package lambdazip

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"time"

	"dunban/lambda/unitcode"
)

// Entry is one file of the zip.
type Entry struct {
	Name string      // path inside the zip, e.g. bootstrap or rounds/2021.json
	Mode fs.FileMode // 0o755 for the bootstrap, 0o644 for data
	Data []byte
}

// epoch is the modification time of every entry, so builds are reproducible.
var epoch = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes the entries, sorted by name, as a deflated zip to w, and
// returns the zip's SHA-256 in hex.
func Write(w io.Writer, entries []Entry) (string, error) {
	sorted := append([]Entry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	h := sha256.New()
	zw := zip.NewWriter(io.MultiWriter(w, h))
	for _, e := range sorted {
		hdr := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: epoch}
		hdr.SetMode(e.Mode)
		f, err := zw.CreateHeader(hdr)
		if err != nil {
			return "", fmt.Errorf("zip %s: %w", e.Name, err)
		}
		if _, err := f.Write(e.Data); err != nil {
			return "", fmt.Errorf("zip %s: %w", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("zip: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Data reads the data files a function needs from the content folder:
// units.csv and rounds/*.json, at the same paths in the zip.
func Data(content fs.FS) ([]Entry, error) {
	var out []Entry
	add := func(name string) error {
		b, err := fs.ReadFile(content, name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		out = append(out, Entry{Name: name, Mode: 0o644, Data: b})
		return nil
	}
	if err := add("units.csv"); err != nil {
		return nil, err
	}
	rounds, err := fs.Glob(content, "rounds/*.json")
	if err != nil {
		return nil, err
	}
	if len(rounds) == 0 {
		return nil, fmt.Errorf("no rounds/*.json in the content folder")
	}
	for _, r := range rounds {
		if err := add(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AdminsName is the admin list's name in the admin function's zip, read
// there through ADMINS_FILE=/var/task/admins.json.
const AdminsName = "admins.json"

// Admins checks an admin list (a JSON array of {name, scope, sha256}, token
// hashes only) and returns it as the zip entry and the number of admins.
func Admins(data []byte) (Entry, int, error) {
	var list []map[string]string
	if err := json.Unmarshal(data, &list); err != nil {
		return Entry{}, 0, fmt.Errorf("admin list: want a JSON array of {name, scope, sha256}: %w", err)
	}
	for i, a := range list {
		if a["name"] == "" || a["scope"] == "" || !sha256Hex.MatchString(a["sha256"]) || len(a) != 3 {
			return Entry{}, 0, fmt.Errorf("admin list entry %d: want exactly name, scope and sha256 (64 lower-case hex digits: the token's hash, never the token)", i+1)
		}
	}
	return Entry{Name: AdminsName, Mode: 0o644, Data: data}, len(list), nil
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// UnitCodesName is the units' code hashes' name in the collector's zip,
// where it reads them (DATA_DIR/unit-codes.json).
const UnitCodesName = "unit-codes.json"

// UnitCodes checks a hashes file of 单位填报码 (as bundle -unit-codes writes
// it: salted hashes only) and returns it as the zip entry and the number of
// units with a code.
func UnitCodes(data []byte) (Entry, int, error) {
	b, err := unitcode.ParseBook(bytes.NewReader(data))
	if err != nil {
		return Entry{}, 0, err
	}
	return Entry{Name: UnitCodesName, Mode: 0o644, Data: data}, len(b.Units()), nil
}
