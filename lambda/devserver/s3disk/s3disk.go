// Package s3disk is the embedded store of `make run`: a gofakes3 backend
// that keeps each object as a plain file (so a person can open the CSV a
// form post wrote) and survives a crash at any instant. An object is
// written to a temporary file, synced, and renamed (or hard-linked, for a
// create-once write) into place; its metadata is a side file written the
// same way before the data and believed only while it names the data's
// MD5, so data and metadata never disagree. A write either happened
// completely or not at all, and a create-once write that was acknowledged
// is on disk.
package s3disk

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/johannesboyne/gofakes3"
)

// tmpPrefix starts the name of a file being written; it is never listed
// and is swept away at start.
const tmpPrefix = ".tmp-"

// Backend keeps buckets under <root>/buckets/<bucket>/<key> and the
// objects' metadata under <root>/meta/<bucket>/<key>.json.
type Backend struct {
	root string
	mu   sync.Mutex // orders the check and the move into place of writes
}

var _ gofakes3.Backend = (*Backend)(nil)

// New opens (creating if needed) a store under root and removes the
// temporary files a crash may have left.
func New(root string) (*Backend, error) {
	b := &Backend{root: root}
	for _, d := range []string{b.dataDir(""), b.metaDir("")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("s3disk: %w", err)
		}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), tmpPrefix) {
			return os.Remove(p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("s3disk: sweep temporary files: %w", err)
	}
	return b, nil
}

func (b *Backend) dataDir(bucket string) string { return filepath.Join(b.root, "buckets", bucket) }
func (b *Backend) metaDir(bucket string) string { return filepath.Join(b.root, "meta", bucket) }

// paths returns the data and metadata files of a key, refusing keys that
// would leave the bucket's folder or name a temporary file.
func (b *Backend) paths(bucket, key string) (string, string, error) {
	clean := path.Clean("/" + key)
	if key == "" || clean != "/"+key || strings.Contains(key, "\\") || strings.HasPrefix(path.Base(key), tmpPrefix) {
		return "", "", gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "key not storable on disk: "+key)
	}
	rel := filepath.FromSlash(key)
	return filepath.Join(b.dataDir(bucket), rel), filepath.Join(b.metaDir(bucket), rel+".json"), nil
}

// meta is the side file of an object.
type meta struct {
	MD5      string            `json:"md5"`
	Size     int64             `json:"size"`
	Metadata map[string]string `json:"metadata"`
}

// ListBuckets lists the folders under buckets/.
func (b *Backend) ListBuckets() ([]gofakes3.BucketInfo, error) {
	entries, err := os.ReadDir(b.dataDir(""))
	if err != nil {
		return nil, fmt.Errorf("s3disk: %w", err)
	}
	var out []gofakes3.BucketInfo
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.IsDir() {
			out = append(out, gofakes3.BucketInfo{Name: e.Name(), CreationDate: gofakes3.NewContentTime(info.ModTime())})
		}
	}
	return out, nil
}

// BucketExists reports whether the bucket's folder exists.
func (b *Backend) BucketExists(name string) (bool, error) {
	_, err := os.Stat(b.dataDir(name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// CreateBucket makes the bucket's folder.
func (b *Backend) CreateBucket(name string) error {
	if ok, _ := b.BucketExists(name); ok {
		return gofakes3.ResourceError(gofakes3.ErrBucketAlreadyExists, name)
	}
	return os.MkdirAll(b.dataDir(name), 0o755)
}

// DeleteBucket removes an empty bucket.
func (b *Backend) DeleteBucket(name string) error {
	list, err := b.ListBucket(name, nil, gofakes3.ListBucketPage{MaxKeys: 1})
	if err != nil {
		return err
	}
	if len(list.Contents) > 0 {
		return gofakes3.ResourceError(gofakes3.ErrBucketNotEmpty, name)
	}
	return b.ForceDeleteBucket(name)
}

// ForceDeleteBucket removes a bucket and everything in it.
func (b *Backend) ForceDeleteBucket(name string) error {
	if ok, _ := b.BucketExists(name); !ok {
		return gofakes3.BucketNotFound(name)
	}
	if err := os.RemoveAll(b.metaDir(name)); err != nil {
		return err
	}
	return os.RemoveAll(b.dataDir(name))
}

// ListBucket lists the bucket's keys in order, from after page.Marker.
func (b *Backend) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	if ok, err := b.BucketExists(name); err != nil || !ok {
		return nil, gofakes3.BucketNotFound(name)
	}
	if prefix == nil {
		prefix = &gofakes3.Prefix{}
	}
	keys, err := b.keys(name, prefix)
	if err != nil {
		return nil, err
	}
	out := gofakes3.NewObjectList()
	var match gofakes3.PrefixMatch
	var n int64
	for i, k := range keys {
		if page.HasMarker && k <= page.Marker || !prefix.Match(k, &match) {
			continue
		}
		if match.CommonPrefix {
			out.AddPrefix(match.MatchedPart)
		} else if c, err := b.content(name, k); err == nil {
			out.Add(c)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if n++; page.MaxKeys > 0 && n >= page.MaxKeys {
			out.NextMarker, out.IsTruncated = k, i < len(keys)-1
			break
		}
	}
	return out, nil
}

// keys returns the sorted keys of a bucket under the prefix's folder.
func (b *Backend) keys(bucket string, prefix *gofakes3.Prefix) ([]string, error) {
	base := b.dataDir(bucket)
	start := base
	if prefix.HasPrefix {
		if dir := path.Dir("/" + prefix.Prefix); dir != "/" {
			start = filepath.Join(base, filepath.FromSlash(strings.TrimPrefix(dir, "/")))
		}
	}
	var keys []string
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case d.IsDir() || strings.HasPrefix(d.Name(), tmpPrefix):
			return nil
		}
		rel, err := filepath.Rel(base, p)
		keys = append(keys, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(keys)
	return keys, err
}

// content describes one listed object.
func (b *Backend) content(bucket, key string) (*gofakes3.Content, error) {
	data, _, err := b.paths(bucket, key)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(data)
	if err != nil {
		return nil, err
	}
	obj, err := b.read(bucket, key, false)
	if err != nil {
		return nil, err
	}
	return &gofakes3.Content{Key: key, LastModified: gofakes3.NewContentTime(info.ModTime()),
		ETag: gofakes3.FormatETag(obj.Hash), Size: obj.Size}, nil
}

// HeadObject describes an object without its body.
func (b *Backend) HeadObject(bucket, key string) (*gofakes3.Object, error) {
	return b.read(bucket, key, false)
}

// GetObject returns an object, or the requested range of it.
func (b *Backend) GetObject(bucket, key string, rng *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	obj, err := b.read(bucket, key, true)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(obj.Contents)
	if obj.Range, err = rng.Range(obj.Size); err != nil {
		return nil, err
	}
	if obj.Range != nil {
		body = body[obj.Range.Start : obj.Range.Start+obj.Range.Length]
	}
	obj.Contents = io.NopCloser(bytes.NewReader(body))
	return obj, nil
}

// read loads an object: its bytes, their MD5, and the metadata of its side
// file if that describes these bytes (else the defaults for its name).
func (b *Backend) read(bucket, key string, withBody bool) (*gofakes3.Object, error) {
	data, metaPath, err := b.paths(bucket, key)
	if err != nil {
		return nil, err
	}
	body, err := os.ReadFile(data)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if ok, _ := b.BucketExists(bucket); !ok {
			return nil, gofakes3.BucketNotFound(bucket)
		}
		return nil, gofakes3.KeyNotFound(key)
	case err != nil:
		return nil, fmt.Errorf("s3disk: %w", err)
	}
	sum := md5.Sum(body)
	md := map[string]string{"Content-Type": defaultType(key)}
	var m meta
	if raw, err := os.ReadFile(metaPath); err == nil && json.Unmarshal(raw, &m) == nil &&
		m.MD5 == hex.EncodeToString(sum[:]) && m.Size == int64(len(body)) && m.Metadata != nil {
		md = m.Metadata
	}
	obj := &gofakes3.Object{Name: key, Metadata: md, Size: int64(len(body)), Hash: sum[:], Contents: io.NopCloser(bytes.NewReader(nil))}
	if withBody {
		obj.Contents = io.NopCloser(bytes.NewReader(body))
	}
	return obj, nil
}

// defaultType is the Content-Type of an object without usable metadata.
func defaultType(key string) string {
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// PutObject writes an object crash-safely: data and side file to temporary
// files (synced), then, holding the lock while the conditions are checked,
// the side file and the data moved into place. A create-once write
// (If-None-Match: *) hard-links the data, which fails if the key exists
// even if another process made it.
func (b *Backend) PutObject(bucket, key string, md map[string]string, input io.Reader, size int64, cond *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	var res gofakes3.PutObjectResult
	if ok, err := b.BucketExists(bucket); err != nil || !ok {
		return res, gofakes3.BucketNotFound(bucket)
	}
	data, metaPath, err := b.paths(bucket, key)
	if err != nil {
		return res, err
	}
	body, err := gofakes3.ReadAll(input, size)
	if err != nil {
		return res, err
	}
	sum := md5.Sum(body)
	side, err := json.Marshal(meta{MD5: hex.EncodeToString(sum[:]), Size: int64(len(body)), Metadata: md})
	if err != nil {
		return res, fmt.Errorf("s3disk: %w", err)
	}
	tmpData, err := writeTemp(data, body)
	if err != nil {
		return res, err
	}
	defer os.Remove(tmpData)
	tmpMeta, err := writeTemp(metaPath, side)
	if err != nil {
		return res, err
	}
	defer os.Remove(tmpMeta)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.check(bucket, key, cond); err != nil {
		return res, err
	}
	if err := os.Rename(tmpMeta, metaPath); err != nil {
		return res, fmt.Errorf("s3disk: %w", err)
	}
	return res, place(tmpData, data, cond != nil && cond.IfNoneMatch != nil && *cond.IfNoneMatch == "*")
}

// check applies a write's conditions to the object now stored.
func (b *Backend) check(bucket, key string, cond *gofakes3.PutConditions) error {
	if cond == nil {
		return nil
	}
	info := &gofakes3.ConditionalObjectInfo{}
	if obj, err := b.read(bucket, key, false); err == nil {
		info.Exists, info.Hash = true, obj.Hash
	} else if !gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		return err
	}
	return gofakes3.CheckPutConditions(cond, info)
}

// place moves a synced temporary file to its name: a hard link for a
// create-once write (refused if the name exists), else a rename. The
// folder is synced so the new name survives a power cut too.
func place(tmp, name string, once bool) error {
	var err error
	if once {
		err = os.Link(tmp, name)
		if errors.Is(err, fs.ErrExist) {
			return gofakes3.ErrorMessage(gofakes3.ErrPreconditionFailed, "The object already exists")
		}
	} else {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		return fmt.Errorf("s3disk: %w", err)
	}
	if d, err := os.Open(filepath.Dir(name)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeTemp writes body to a synced temporary file beside name.
func writeTemp(name string, body []byte) (string, error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("s3disk: %w", err)
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(dir, tmpPrefix+hex.EncodeToString(rnd[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("s3disk: %w", err)
	}
	_, err = f.Write(body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("s3disk: write %s: %w", name, err)
	}
	return tmp, nil
}

// DeleteObject removes an object (no error if it is absent).
func (b *Backend) DeleteObject(bucket, key string) (gofakes3.ObjectDeleteResult, error) {
	var res gofakes3.ObjectDeleteResult
	if ok, _ := b.BucketExists(bucket); !ok {
		return res, gofakes3.BucketNotFound(bucket)
	}
	data, metaPath, err := b.paths(bucket, key)
	if err != nil {
		return res, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := os.Remove(data); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("s3disk: %w", err)
	}
	os.Remove(metaPath)
	return res, nil
}

// DeleteMulti removes several objects.
func (b *Backend) DeleteMulti(bucket string, keys ...string) (gofakes3.MultiDeleteResult, error) {
	var res gofakes3.MultiDeleteResult
	for _, k := range keys {
		if _, err := b.DeleteObject(bucket, k); err != nil {
			res.Error = append(res.Error, gofakes3.ErrorResultFromError(err))
			continue
		}
		res.Deleted = append(res.Deleted, gofakes3.ObjectID{Key: k})
	}
	return res, nil
}

// CopyObject copies through Get and Put.
func (b *Backend) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, md map[string]string) (gofakes3.CopyObjectResult, error) {
	return gofakes3.CopyObject(b, srcBucket, srcKey, dstBucket, dstKey, md)
}
