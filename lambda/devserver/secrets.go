package devserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"dunban/lambda/admin"
	"dunban/lambda/unitcode"
)

// SecretsFile is where the development credentials live under the data folder.
const SecretsFile = "dev-secrets.json"

// Secrets are the development credentials of `make run`: a 单位填报码 valid
// for every unit and a 全区 admin token. They are kept under the data folder,
// so a restart on the same folder keeps them (an admin tab left open and a
// code already typed still work); a new folder gets new ones.
type Secrets struct {
	UnitCode   string `json:"unit_code"`
	AdminToken string `json:"admin_token"`
}

// LoadSecrets reads the development credentials kept under dataDir, making
// and keeping new ones for whatever is missing or unreadable.
func LoadSecrets(dataDir string) (Secrets, error) {
	path := filepath.Join(dataDir, SecretsFile)
	var s Secrets
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return s, fmt.Errorf("devserver: %w", err)
	default:
		json.Unmarshal(b, &s) // a damaged file is replaced below
	}
	changed := false
	if !unitcode.Valid(unitcode.Normalize(s.UnitCode)) {
		s.UnitCode, changed = unitcode.New(), true
	}
	if len(s.AdminToken) < 32 {
		s.AdminToken, changed = admin.NewToken(), true
	}
	if !changed {
		return s, nil
	}
	return s, writeSecrets(path, s)
}

// writeSecrets replaces the file whole, readable by its owner only.
func writeSecrets(path string, s Secrets) error {
	b, _ := json.MarshalIndent(s, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	tmp := path + ".part"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	return nil
}
