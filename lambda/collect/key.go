package collect

import (
	"fmt"
	"time"
)

// Key returns the object key of a submission's CSV:
// submissions/form=<form>/year=<YYYY>/month=<MM>/<id>.csv, with year and
// month taken from the id's time in loc. The key depends on the form and the
// id only, never on when a request arrived, so a retry cannot land elsewhere.
func Key(formID string, id ID, loc *time.Location) string {
	t := id.Time().In(loc)
	return fmt.Sprintf("submissions/form=%s/year=%04d/month=%02d/%s.csv", formID, t.Year(), int(t.Month()), id)
}

// MarkdownKey returns the key of a case's ready-to-review markdown file,
// outside the form= partitions so that query tables never read it.
func MarkdownKey(id ID, loc *time.Location) string {
	t := id.Time().In(loc)
	return fmt.Sprintf("submissions/case-markdown/year=%04d/month=%02d/%s.md", t.Year(), int(t.Month()), id)
}

// UploadKey returns the key of a report file uploaded for a submission.
func UploadKey(formID string, id ID, ext string, loc *time.Location) string {
	t := id.Time().In(loc)
	return fmt.Sprintf("uploads/%s/year=%04d/month=%02d/%s%s", formID, t.Year(), int(t.Month()), id, ext)
}
