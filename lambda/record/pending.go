package record

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
)

// Report files are uploaded to a pending slot and stay there until a report
// submission adopts them (copies them to its UploadKey); the bucket's
// lifecycle rule removes whatever is left after PendingDays days.
const (
	PendingPrefix = UploadsPrefix + "pending/"
	PendingDays   = 2
)

// PendingKey is the key of an upload slot issued for a unit and form:
// uploads/pending/<form>/<unit tag>/<slot id><ext>. The collector signs a
// slot for this key alone and only for someone holding the unit's
// 单位填报码, so a file under a unit's tag came from that unit.
func PendingKey(formID, unit string, slot ID, ext string) string {
	return PendingPrefix + formID + "/" + UnitTag(unit) + "/" + slot.String() + strings.ToLower(ext)
}

// UnitTag names a unit in a key: 16 hex digits, the same for the same name.
func UnitTag(unit string) string {
	sum := sha256.Sum256([]byte("dunban unit\x00" + unit))
	return hex.EncodeToString(sum[:8])
}

// PendingFor reports whether key is a pending slot's key issued for the
// form and unit, and returns its extension (lower case).
func PendingFor(key, formID, unit string) (string, bool) {
	rest, ok := strings.CutPrefix(key, PendingPrefix+formID+"/"+UnitTag(unit)+"/")
	if !ok || strings.Contains(rest, "/") {
		return "", false
	}
	ext := path.Ext(rest)
	if _, err := Parse(strings.TrimSuffix(rest, ext)); err != nil || ext == "" || ext != strings.ToLower(ext) {
		return "", false
	}
	return ext, true
}
