// Package s3post makes the embedded S3 server of `make run` treat browser
// uploads (presigned POSTs) the way S3 does: the signature and the policy's
// expiry, key, content type and size range are checked before anything is
// stored, an upload never replaces an object already stored (create-once),
// and success_action_redirect sends the browser on, with the bucket, key and
// ETag appended. Every other request goes on to the server it wraps.
package s3post

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// Limits of one browser upload request.
const (
	maxFieldBytes = 64 << 10 // one form field
	maxFields     = 64
	// HardMaxBytes caps a file whose policy sets no content-length-range.
	HardMaxBytes = 100 << 20
)

// Checker is an http.Handler in front of an S3 server: it takes browser
// POST uploads itself, checked like S3, and passes everything else on.
type Checker struct {
	Next    http.Handler     // the S3 server
	Backend gofakes3.Backend // where accepted uploads are stored
	// Secret returns the secret key of an access key id.
	Secret func(accessKey string) (string, bool)
	Now    func() time.Time

	mu sync.Mutex // one upload at a time: create-once is check, then put
}

// New returns a Checker that knows one access key.
func New(next http.Handler, backend gofakes3.Backend, accessKey, secretKey string) *Checker {
	return &Checker{
		Next: next, Backend: backend, Now: time.Now,
		Secret: func(id string) (string, bool) { return secretKey, id == accessKey },
	}
}

// ServeHTTP handles a browser upload (POST /<bucket> with a multipart form)
// and passes every other request on.
func (c *Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, ok := uploadBucket(r)
	if !ok {
		c.Next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Expose-Headers", "ETag")
	up, e := c.read(r, bucket)
	if e == nil {
		e = c.store(up)
	}
	if e != nil {
		e.write(w)
		return
	}
	up.answer(w, r)
}

// uploadBucket says whether r is a browser upload and to which bucket
// (path-style: POST /<bucket> with no query).
func uploadBucket(r *http.Request) (string, bool) {
	if r.Method != http.MethodPost || r.URL.RawQuery != "" {
		return "", false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	bucket := strings.Trim(r.URL.Path, "/")
	return bucket, err == nil && mt == "multipart/form-data" && bucket != "" && !strings.Contains(bucket, "/")
}

// upload is a checked browser upload.
type upload struct {
	bucket, key string
	fields      map[string]string // lower-case names
	body        []byte
	etag        string
}

// read reads the form fields, checks them against the signed policy, then
// reads the file (the last part, as S3 requires) within the policy's size
// range.
func (c *Checker) read(r *http.Request, bucket string) (*upload, *s3Error) {
	_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	mr := multipart.NewReader(r.Body, params["boundary"])
	fields := map[string]string{}
	var file *multipart.Part
	for file == nil {
		part, err := mr.NextPart()
		if err != nil {
			return nil, malformed("The body of your POST request is not well-formed multipart/form-data.")
		}
		name := strings.ToLower(part.FormName())
		if name == "file" {
			file = part
			break
		}
		if _, dup := fields[name]; dup || len(fields) >= maxFields {
			return nil, malformed("POST requires exactly one value per form field.")
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil || len(b) > maxFieldBytes {
			return nil, malformed("A form field is too long.")
		}
		fields[name] = string(b)
	}
	if fields["key"] == "" {
		return nil, &s3Error{400, "InvalidArgument", "Bucket POST must contain a field named 'key'."}
	}
	if name := file.FileName(); name != "" {
		fields["key"] = strings.ReplaceAll(fields["key"], "${filename}", name)
	}
	p, e := verify(fields, c.Secret)
	if e != nil {
		return nil, e
	}
	size, e := p.check(fields, bucket, c.Now())
	if e != nil {
		return nil, e
	}
	body, e := readFile(file, size)
	if e != nil {
		return nil, e
	}
	return &upload{bucket: bucket, key: fields["key"], fields: fields, body: body}, nil
}

// readFile reads the file part within the size range.
func readFile(file io.Reader, size sizeRange) ([]byte, *s3Error) {
	limit := int64(HardMaxBytes)
	if size.max >= 0 && size.max < limit {
		limit = size.max
	}
	b, err := io.ReadAll(io.LimitReader(file, limit+1))
	switch {
	case err != nil:
		return nil, malformed("The body of your POST request is not well-formed multipart/form-data.")
	case int64(len(b)) > limit:
		return nil, &s3Error{400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"}
	case int64(len(b)) < size.min:
		return nil, &s3Error{400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size"}
	}
	return b, nil
}

// store writes the file unless its key is taken.
func (c *Checker) store(up *upload) *s3Error {
	meta := map[string]string{}
	for name, v := range up.fields {
		switch {
		case name == "content-type", name == "cache-control", name == "content-disposition", name == "content-encoding",
			strings.HasPrefix(name, "x-amz-meta-"):
			meta[textproto.CanonicalMIMEHeaderKey(name)] = v
		}
	}
	if meta["Content-Type"] == "" {
		meta["Content-Type"] = "binary/octet-stream"
	}
	sum := md5.Sum(up.body)
	up.etag = `"` + hex.EncodeToString(sum[:]) + `"`
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.Backend.HeadObject(up.bucket, up.key); err == nil {
		return &s3Error{412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"}
	} else if !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		return &s3Error{500, "InternalError", "We encountered an internal error. Please try again."}
	}
	star := "*"
	_, err := c.Backend.PutObject(up.bucket, up.key, meta, bytes.NewReader(up.body), int64(len(up.body)), &gofakes3.PutConditions{IfNoneMatch: &star})
	switch {
	case gofakes3.HasErrorCode(err, gofakes3.ErrPreconditionFailed):
		return &s3Error{412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"}
	case err != nil:
		return &s3Error{500, "InternalError", "We encountered an internal error. Please try again."}
	}
	return nil
}

// answer is S3's answer to a stored upload: a 303 to success_action_redirect
// with bucket, key and etag appended, else success_action_status (204 by
// default; 201 with an XML body).
func (up *upload) answer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", up.etag)
	w.Header().Set("Location", r.URL.Path+"/"+up.key)
	target := up.fields["success_action_redirect"]
	if target == "" {
		target = up.fields["redirect"]
	}
	if u, err := url.Parse(target); target != "" && err == nil && u.IsAbs() {
		q := u.Query()
		q.Set("bucket", up.bucket)
		q.Set("key", up.key)
		q.Set("etag", up.etag)
		u.RawQuery = q.Encode()
		w.Header().Set("Location", u.String())
		w.WriteHeader(http.StatusSeeOther)
		return
	}
	switch up.fields["success_action_status"] {
	case "200":
		w.WriteHeader(http.StatusOK)
	case "201":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "%s<PostResponse><Bucket>%s</Bucket><Key>%s</Key><ETag>%s</ETag></PostResponse>", xml.Header, esc(up.bucket), esc(up.key), esc(up.etag))
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// s3Error is an S3 error answer.
type s3Error struct {
	status        int
	code, message string
}

func denied(msg string) *s3Error    { return &s3Error{403, "AccessDenied", msg} }
func malformed(msg string) *s3Error { return &s3Error{400, "MalformedPOSTRequest", msg} }

func (e *s3Error) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.status)
	fmt.Fprintf(w, "%s<Error><Code>%s</Code><Message>%s</Message></Error>", xml.Header, esc(e.code), esc(e.message))
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
