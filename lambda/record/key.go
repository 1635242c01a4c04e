package record

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dunban/lambda/form"
)

// Key prefixes of the bucket. Submissions and case markdown are filed by
// period; uploads, bundles and the audit log by a time in Zone.
const (
	SubmissionsPrefix = "submissions/"               // one CSV object per submission
	MarkdownPrefix    = "submissions/case-markdown/" // a case's ready-to-review markdown
	UploadsPrefix     = "uploads/"                   // report files, uploaded straight to S3
	BundlesPrefix     = "bundles/"                   // admins' zips (expire after a day)
	AuditPrefix       = "logs/admin/"                // one JSON record per admin request
)

// Partition is where a form's submissions for the periods starting in one
// month are filed: submissions/form=<form>/year=<YYYY>/month=<MM>/. A
// submission is filed by its validated period, never by a clock: a monthly
// report under its month, a half-year report under January (H1) or July
// (H2), a yearly form under January of its year (form.PeriodSpan.Start).
type Partition struct {
	Form  string
	Year  int
	Month int // 1–12
}

// PartitionOf returns the partition of a form's submissions for period.
func PartitionOf(formID, period string) (Partition, error) {
	span, err := form.ParsePeriod(period)
	if err != nil {
		return Partition{}, fmt.Errorf("partition of %s: %w", formID, err)
	}
	y, m := span.Start()
	return Partition{Form: formID, Year: y, Month: m}, nil
}

// Prefix is the key prefix of the partition's objects.
func (p Partition) Prefix() string {
	return fmt.Sprintf("%sform=%s/year=%04d/month=%02d/", SubmissionsPrefix, p.Form, p.Year, p.Month)
}

// Key is the key of submission id's CSV in the partition.
func (p Partition) Key(id ID) string { return p.Prefix() + id.String() + ".csv" }

// String is the partition as in a key, e.g. form=monthly/year=2021/month=04.
func (p Partition) String() string {
	return strings.TrimSuffix(strings.TrimPrefix(p.Prefix(), SubmissionsPrefix), "/")
}

// SubmissionKey is the key of a submission's CSV:
// submissions/form=<form>/year=<YYYY>/month=<MM>/<id>.csv, filed by period.
// It depends only on what the submission says, so a retry lands on the
// same key whenever and from whatever device it is sent.
func SubmissionKey(formID, period string, id ID) (string, error) {
	p, err := PartitionOf(formID, period)
	if err != nil {
		return "", err
	}
	return p.Key(id), nil
}

// MarkdownKey is the key of a case's markdown file, filed by period like its
// CSV but outside the form= partitions, so query tables never read it:
// submissions/case-markdown/year=<YYYY>/month=<MM>/<id>.md.
func MarkdownKey(period string, id ID) (string, error) {
	span, err := form.ParsePeriod(period)
	if err != nil {
		return "", fmt.Errorf("markdown key: %w", err)
	}
	y, m := span.Start()
	return fmt.Sprintf("%syear=%04d/month=%02d/%s.md", MarkdownPrefix, y, m, id), nil
}

// UploadKey is the key of a report file: uploads/<form>/year=<YYYY>/month=<MM>/<id><ext>,
// in the month of the id's time (the upload's own id, or for a report sent
// without JavaScript its submission id). ext is lower-cased, e.g. ".pdf".
func UploadKey(formID string, id ID, ext string) string {
	y, m := yearMonth(id.Time())
	return fmt.Sprintf("%s%s/year=%04d/month=%02d/%s%s", UploadsPrefix, formID, y, m, id, strings.ToLower(ext))
}

// BundleKey is the key of an admin's zip built at t: bundles/<YYYY-MM-DD>/<name>.zip.
func BundleKey(t time.Time, name string) string {
	return BundlesPrefix + t.In(Zone).Format("2006-01-02") + "/" + name + ".zip"
}

// AuditKey is the key of the audit record of an admin request at t:
// logs/admin/year=<YYYY>/month=<MM>/<YYYYMMDDTHHMMSS>-<id>.json.
func AuditKey(t time.Time, id string) string {
	t = t.In(Zone)
	return fmt.Sprintf("%syear=%04d/month=%02d/%s-%s.json", AuditPrefix, t.Year(), int(t.Month()), t.Format("20060102T150405"), id)
}

// ParseKey reads a submission key written by SubmissionKey.
func ParseKey(key string) (Partition, ID, error) {
	bad := fmt.Errorf("%s: not a submission key (submissions/form=…/year=YYYY/month=MM/<id>.csv)", key)
	rest, ok := strings.CutPrefix(key, SubmissionsPrefix)
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 4 {
		return Partition{}, ID{}, bad
	}
	f, okF := strings.CutPrefix(parts[0], "form=")
	y, okY := strings.CutPrefix(parts[1], "year=")
	m, okM := strings.CutPrefix(parts[2], "month=")
	name, okN := strings.CutSuffix(parts[3], ".csv")
	year, errY := strconv.Atoi(y)
	month, errM := strconv.Atoi(m)
	if !okF || !okY || !okM || !okN || errY != nil || errM != nil || len(y) != 4 || len(m) != 2 || month < 1 || month > 12 {
		return Partition{}, ID{}, bad
	}
	id, err := Parse(name)
	if err != nil {
		return Partition{}, ID{}, fmt.Errorf("%s: %w", key, err)
	}
	return Partition{Form: f, Year: year, Month: month}, id, nil
}

// ProjectionTemplate is the key prefix of a form's partitions with the
// Athena partition-projection placeholders ${year} and ${month} (two
// digits) in place of the values: what the Glue tables' storage.location.template holds.
func ProjectionTemplate(formID string) string {
	return SubmissionsPrefix + "form=" + formID + "/year=${year}/month=${month}/"
}
