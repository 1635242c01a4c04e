// Package sitesync uploads the built portal to its S3 bucket: every file
// with the right Content-Type and Cache-Control, unchanged files skipped,
// files no longer built deleted.
package sitesync

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// File is one object the site bucket must hold.
type File struct {
	Key          string // object key, e.g. "forms/monthly/index.html" or its alias "forms/monthly/"
	Source       string // path in the built site
	ContentType  string
	CacheControl string
	MD5          string // hex MD5 of the body: the ETag S3 gives a single-part upload
	Size         int64
}

// Cache-Control values.
const (
	// Immutable is for fingerprinted assets: their name changes with their content.
	Immutable = "public, max-age=31536000, immutable"
	// Short is for everything else (pages, feeds, search index): CloudFront is
	// invalidated on each deploy, browsers re-check after five minutes.
	Short = "public, max-age=300"
)

// fingerprinted matches names like app.3f9a1c2b7d.css or app-3f9a1c2b.js.
var fingerprinted = regexp.MustCompile(`[.-][0-9a-f]{8,64}\.[A-Za-z0-9]+$`)

// CacheControl returns the Cache-Control for a file name.
func CacheControl(name string) string {
	if fingerprinted.MatchString(path.Base(name)) {
		return Immutable
	}
	return Short
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8", ".map": "application/json; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".xml":         "application/xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8", ".rss": "application/rss+xml; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".md": "text/markdown; charset=utf-8",
	".svg": "image/svg+xml; charset=utf-8",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
	".woff2": "font/woff2", ".woff": "font/woff",
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".wps":  "application/vnd.ms-works",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":  "application/zip",
}

// ContentType returns the Content-Type for a file name; text is UTF-8.
func ContentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// Plan lists the objects for the site in fsys, sorted by key. Each
// dir/index.html is also stored as the key dir/, so that CloudFront, which
// asks S3 for the key of the path as given, serves /forms/monthly/. Hidden
// files (a name starting with a dot, such as the generator's marker) are left
// out.
func Plan(fsys fs.FS) ([]File, error) {
	var files []File
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := md5.Sum(data)
		f := File{Key: p, Source: p, ContentType: ContentType(p), CacheControl: CacheControl(p),
			MD5: hex.EncodeToString(sum[:]), Size: int64(len(data))}
		files = append(files, f)
		if path.Base(p) == "index.html" && p != "index.html" {
			f.Key = strings.TrimSuffix(p, "index.html")
			files = append(files, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan site upload: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Key < files[j].Key })
	return files, nil
}
