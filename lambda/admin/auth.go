package admin

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Admin is one person allowed to download bundles: a name for the audit log,
// the scope they see (自治区, a 盟市 or a 高校, as named in the units registry)
// and the SHA-256 of their personal token, in hex. The token itself is never stored.
type Admin struct {
	Name   string `json:"name"`
	Scope  string `json:"scope"`
	SHA256 string `json:"sha256"`
}

// ParseAdmins reads the admin configuration: a JSON list of {name, scope, sha256}.
func ParseAdmins(r io.Reader) ([]Admin, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var admins []Admin
	if err := dec.Decode(&admins); err != nil {
		return nil, fmt.Errorf("parse admins: %w", err)
	}
	return admins, nil
}

// HashToken returns the hex SHA-256 of token, the form stored in the configuration.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns a fresh random token of 32 bytes in hex.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// DevAdmin is the 自治区 admin of local runs, whose token the development
// server prints when it starts.
func DevAdmin(token string) Admin {
	return Admin{Name: "本地开发管理员", Scope: "自治区", SHA256: HashToken(token)}
}

// tokens checks presented tokens against the configured hashes.
type tokens struct {
	admins []Admin
	hashes [][sha256.Size]byte
}

// errNoAdmins reports a configuration without any admin.
var errNoAdmins = errors.New("no admins configured")

func newTokens(admins []Admin) (*tokens, error) {
	if len(admins) == 0 {
		return nil, errNoAdmins
	}
	t := &tokens{admins: admins}
	seen := map[string]bool{}
	for i, a := range admins {
		h, err := hex.DecodeString(strings.TrimSpace(a.SHA256))
		if err != nil || len(h) != sha256.Size {
			return nil, fmt.Errorf("admin %d (%s): sha256 must be 64 hex digits", i+1, a.Name)
		}
		if a.Name == "" || a.Scope == "" {
			return nil, fmt.Errorf("admin %d: name and scope are required", i+1)
		}
		key := string(h)
		if seen[key] {
			return nil, fmt.Errorf("admin %d (%s): token hash used twice", i+1, a.Name)
		}
		seen[key] = true
		t.hashes = append(t.hashes, [sha256.Size]byte(h))
	}
	return t, nil
}

// lookup returns the admin whose token is token. It compares the token's hash
// with every configured hash in constant time, so timing tells nothing of
// which or how many characters matched.
func (t *tokens) lookup(token string) (Admin, bool) {
	if token == "" {
		return Admin{}, false
	}
	sum := sha256.Sum256([]byte(token))
	found := -1
	for i := range t.hashes {
		if subtle.ConstantTimeCompare(sum[:], t.hashes[i][:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Admin{}, false
	}
	return t.admins[found], true
}
