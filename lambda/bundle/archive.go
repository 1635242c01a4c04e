package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"
)

// manifestName is the name of the manifest inside every bundle.
const manifestName = "manifest.json"

// FileInfo describes one file of a bundle in its manifest.
type FileInfo struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"` // data rows, the header not counted (0 for non-CSV files)
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Manifest records what was asked, by whom, when, and what the bundle holds.
type Manifest struct {
	Request     Request `json:"request"`
	Admin       string  `json:"admin"`
	CreatedAt   string  `json:"created_at"` // RFC 3339 in +08:00
	Objects     int     `json:"objects_read"`
	Submissions int     `json:"submissions"` // after duplicates and replaced submissions are dropped
	Replaced    int     `json:"replaced"`    // earlier submissions replaced by a later one of the same unit and period
	Duplicates  int     `json:"duplicates"`  // objects whose submission id was already read
	// Unreadable counts objects left out (not readable as a submission of
	// a known form version); Misfiled those counted although filed where
	// their period does not put them. Problems lists them, key and reason.
	Unreadable int        `json:"unreadable"`
	Misfiled   int        `json:"misfiled"`
	Problems   []Problem  `json:"problems,omitempty"`
	Files      []FileInfo `json:"files"`
}

// archive writes the files of a bundle into a zip, counting rows and hashing
// each file as it streams, and ends with the manifest.
type archive struct {
	zw       *zip.Writer
	modified time.Time
	files    []FileInfo
}

// newArchive starts a zip on w whose entries carry the time modified.
func newArchive(w io.Writer, modified time.Time) *archive {
	return &archive{zw: zip.NewWriter(w), modified: modified}
}

// zipEntry is one file being written: bytes go to the zip and the hash.
type zipEntry struct {
	a    *archive
	info FileInfo
	w    io.Writer
	sum  hash.Hash
}

func (e *zipEntry) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	e.sum.Write(p[:n])
	e.info.Bytes += int64(n)
	return n, err
}

func (e *zipEntry) finish() {
	e.info.SHA256 = hex.EncodeToString(e.sum.Sum(nil))
	e.a.files = append(e.a.files, e.info)
}

func (a *archive) create(name string) (*zipEntry, error) {
	w, err := a.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: a.modified})
	if err != nil {
		return nil, fmt.Errorf("zip %s: %w", name, err)
	}
	return &zipEntry{a: a, info: FileInfo{Name: name}, w: w, sum: sha256.New()}, nil
}

// csvFile is one CSV inside the bundle.
type csvFile struct {
	e  *zipEntry
	ew *excelWriter
}

// CSV starts the CSV file name in enc and writes its header row.
func (a *archive) CSV(name string, enc Encoding, header []string) (*csvFile, error) {
	e, err := a.create(name)
	if err != nil {
		return nil, err
	}
	ew, err := newExcelWriter(e, enc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ew.Write(header); err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	return &csvFile{e: e, ew: ew}, nil
}

// Write adds one data row.
func (f *csvFile) Write(record []string) error {
	f.e.info.Rows++
	return f.ew.Write(record)
}

// Close ends the file and records it for the manifest.
func (f *csvFile) Close() error {
	if err := f.ew.Close(); err != nil {
		return fmt.Errorf("%s: %w", f.e.info.Name, err)
	}
	f.e.finish()
	return nil
}

// Stored adds a file as it is, without compressing it again (documents in
// compressed formats such as docx and pdf).
func (a *archive) Stored(name string, body []byte) error {
	w, err := a.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: a.modified})
	if err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	e := &zipEntry{a: a, info: FileInfo{Name: name}, w: w, sum: sha256.New()}
	if _, err := e.Write(body); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	e.finish()
	return nil
}

// Text adds a whole small file (a README) to the bundle.
func (a *archive) Text(name string, body []byte) error {
	e, err := a.create(name)
	if err != nil {
		return err
	}
	if _, err := e.Write(body); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	e.finish()
	return nil
}

// Close writes the manifest, with the files written so far, and ends the zip.
func (a *archive) Close(m Manifest) error {
	m.Files = a.files
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	w, err := a.zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: a.modified})
	if err != nil {
		return fmt.Errorf("zip %s: %w", manifestName, err)
	}
	if _, err := w.Write(append(body, '\n')); err != nil {
		return fmt.Errorf("zip %s: %w", manifestName, err)
	}
	if err := a.zw.Close(); err != nil {
		return fmt.Errorf("close zip: %w", err)
	}
	return nil
}

// Files returns the files written so far.
func (a *archive) Files() []FileInfo { return a.files }
