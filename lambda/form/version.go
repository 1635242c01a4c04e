package form

import (
	"fmt"
	"time"
)

// Version is a published version of a form: the value of its 表单版本
// column and the CSV columns objects written under it have. Objects are
// read by the columns' stable keys through their own version, so a label
// reworded later still reads (its Chinese header is only for Excel users).
type Version struct {
	ID      string   // e.g. 2021.1
	Columns []Column // as Form.Columns returned while it was current
}

// Current returns the form's current version.
func (f *Form) Current() Version { return Version{ID: f.Version, Columns: f.Columns()} }

// versionOf returns the current or an earlier published version called id.
func (f *Form) versionOf(id string) (Version, bool) {
	if id == f.Version {
		return f.Current(), true
	}
	for _, v := range f.Earlier {
		if v.ID == id {
			return v, true
		}
	}
	return Version{}, false
}

// metaVersionHeader is the header of the 表单版本 column, the same in every version.
var metaVersionHeader = MetaColumns[2].Header

// ReadVersion finds the version a stored object was written under from its
// header and first record (its 表单版本 cell).
func (f *Form) ReadVersion(header, first []string) (Version, error) {
	for i, h := range header {
		if h != metaVersionHeader {
			continue
		}
		if i >= len(first) {
			return Version{}, fmt.Errorf("表单版本 cell missing")
		}
		v, ok := f.versionOf(first[i])
		if !ok {
			return Version{}, fmt.Errorf("unknown version %q of form %s", first[i], f.ID)
		}
		return v, nil
	}
	return Version{}, fmt.Errorf("no %s column", metaVersionHeader)
}

// Index maps each column key of the version to its position in header,
// where the column appears under its label in that version. A column of
// the version missing from header is an error: the object is not what its
// version says.
func (v Version) Index(header []string) (map[string]int, error) {
	pos := make(map[string]int, len(header))
	for i, h := range header {
		if _, dup := pos[h]; !dup {
			pos[h] = i
		}
	}
	idx := make(map[string]int, len(v.Columns))
	for _, c := range v.Columns {
		i, ok := pos[c.Header]
		if !ok {
			return nil, fmt.Errorf("version %s: column %q (%s) missing", v.ID, c.Header, c.Key)
		}
		idx[c.Key] = i
	}
	return idx, nil
}

// ParseReceived reads a received time: RFC 3339, with or without fractions
// of a second (objects written before milliseconds were kept have none).
func ParseReceived(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
