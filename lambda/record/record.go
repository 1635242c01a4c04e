// Package record owns a submission at rest: its id, the key of every
// object the project stores (submissions, case markdown, report uploads,
// bundles, the audit log), the partitions submissions are filed under, and
// the CSV bytes of a stored submission. Everything that writes or reads
// those objects — the collector, the bundle, the tests and the Glue tables
// of infra — goes through it, so the storage contract exists once.
//
// It imports only the standard library, lambda/form and lambda/excelcsv.
package record

import (
	"errors"
	"time"

	"dunban/lambda/form"
)

// Sentinel errors of a store (s3store returns them).
var (
	// ErrExists means a create-once write found the key already taken.
	ErrExists = errors.New("object already exists")
	// ErrNotFound means there is no object under the key.
	ErrNotFound = errors.New("object not found")
)

// Zone is the one time zone of keys that carry a time (uploads, bundles,
// the audit log) and of received times: Beijing time, +08:00.
var Zone = form.Shanghai

// yearMonth returns t's year and month in Zone.
func yearMonth(t time.Time) (int, int) {
	t = t.In(Zone)
	return t.Year(), int(t.Month())
}
