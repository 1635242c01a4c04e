package sitesync

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Client is the part of the S3 API an upload uses.
type Client interface {
	s3.ListObjectsV2APIClient
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, opts ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// Syncer makes a bucket hold the built site.
type Syncer struct {
	Client   Client
	Bucket   string
	Force    bool      // upload files whose content is unchanged too (e.g. after a header rule changed)
	Parallel int       // uploads at once (default 8)
	Log      io.Writer // one line per upload and deletion; nil for none
	// KeepPrevious keeps the fingerprinted assets of the previous build for
	// one more deploy (pages cached before this one still name them) and
	// records this build's files in Manifest for the next sync. Without it
	// the bucket holds exactly the site.
	KeepPrevious bool

	logMu sync.Mutex
}

// Manifest is the object listing the files of the last build synced with
// KeepPrevious (a hidden name, which no built file has).
const Manifest = ".deploy/manifest.json"

// Result says what a sync did, by key.
type Result struct {
	Uploaded, Unchanged, Deleted []string
	Kept                         []string // assets of the previous build kept one deploy longer
}

// Sync uploads the site in fsys, fingerprinted assets first and pages last
// (so no page is served before what it names), then deletes objects it no
// longer has.
func (s *Syncer) Sync(ctx context.Context, fsys fs.FS) (Result, error) {
	files, err := Plan(fsys)
	if err != nil {
		return Result{}, err
	}
	existing, err := s.list(ctx)
	if err != nil {
		return Result{}, err
	}
	previous := map[string]bool{}
	if _, ok := existing[Manifest]; ok && s.KeepPrevious {
		if previous, err = s.readManifest(ctx); err != nil {
			return Result{}, err
		}
		delete(existing, Manifest)
	}
	var res Result
	same := make([]bool, len(files))
	err = s.each(files, func(i int, f File) error {
		etag, ok := existing[f.Key]
		if !ok || etag != f.MD5 || s.Force {
			return nil
		}
		var err error
		same[i], err = s.sameHeaders(ctx, f)
		return err
	})
	if err != nil {
		return res, err
	}
	var todo []File
	for i, f := range files {
		if same[i] {
			res.Unchanged = append(res.Unchanged, f.Key)
		} else {
			todo = append(todo, f)
		}
		delete(existing, f.Key)
	}
	for _, phase := range phases(todo) {
		if err := s.each(phase, func(_ int, f File) error { return s.put(ctx, fsys, f) }); err != nil {
			return res, err
		}
		for _, f := range phase {
			res.Uploaded = append(res.Uploaded, f.Key)
		}
	}
	var stale []string
	for _, k := range slices.Sorted(maps.Keys(existing)) {
		if previous[k] && CacheControl(k) == Immutable {
			res.Kept = append(res.Kept, k)
		} else {
			stale = append(stale, k)
		}
	}
	if res.Deleted, err = s.deleteKeys(ctx, stale); err != nil {
		return res, err
	}
	if s.KeepPrevious {
		err = s.writeManifest(ctx, files)
	}
	return res, err
}

// phases orders uploads: fingerprinted assets, then other files, then HTML.
func phases(files []File) [][]File {
	out := make([][]File, 3)
	for _, f := range files {
		switch {
		case f.CacheControl == Immutable:
			out[0] = append(out[0], f)
		case strings.HasPrefix(f.ContentType, "text/html"):
			out[2] = append(out[2], f)
		default:
			out[1] = append(out[1], f)
		}
	}
	return out
}

func (s *Syncer) readManifest(ctx context.Context) (map[string]bool, error) {
	out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(Manifest)})
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", s.Bucket, Manifest, err)
	}
	defer out.Body.Close()
	var keys []string
	if err := json.NewDecoder(out.Body).Decode(&keys); err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", s.Bucket, Manifest, err)
	}
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m, nil
}

func (s *Syncer) writeManifest(ctx context.Context, files []File) error {
	keys := make([]string, len(files))
	for i, f := range files {
		keys[i] = f.Key
	}
	b, _ := json.Marshal(keys)
	_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(Manifest), Body: bytes.NewReader(b),
		ContentType: aws.String("application/json"), CacheControl: aws.String("no-store")})
	if err != nil {
		return fmt.Errorf("write s3://%s/%s: %w", s.Bucket, Manifest, err)
	}
	return nil
}

// sameHeaders reports whether the stored object already has f's headers.
func (s *Syncer) sameHeaders(ctx context.Context, f File) (bool, error) {
	out, err := s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(f.Key)})
	if err != nil {
		return false, fmt.Errorf("head s3://%s/%s: %w", s.Bucket, f.Key, err)
	}
	return aws.ToString(out.ContentType) == f.ContentType && aws.ToString(out.CacheControl) == f.CacheControl, nil
}

// list returns the bucket's keys and their ETags (unquoted).
func (s *Syncer) list(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(s.Bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s: %w", s.Bucket, err)
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = strings.Trim(aws.ToString(o.ETag), `"`)
		}
	}
	return out, nil
}

// each runs fn for every file, Parallel at a time, and returns the first error.
func (s *Syncer) each(files []File, fn func(i int, f File) error) error {
	n := s.Parallel
	if n <= 0 {
		n = 8
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, n)
	)
	for i, f := range files {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, f File) {
			defer func() { <-sem; wg.Done() }()
			if err := fn(i, f); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}(i, f)
	}
	wg.Wait()
	return first
}

func (s *Syncer) put(ctx context.Context, fsys fs.FS, f File) error {
	data, err := fs.ReadFile(fsys, f.Source)
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Key, err)
	}
	_, err = s.Client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:       aws.String(s.Bucket),
		Key:          aws.String(f.Key),
		Body:         bytes.NewReader(data),
		ContentType:  aws.String(f.ContentType),
		CacheControl: aws.String(f.CacheControl),
	})
	if err != nil {
		return fmt.Errorf("upload s3://%s/%s: %w", s.Bucket, f.Key, err)
	}
	s.logf("put    %s (%s; %s)\n", f.Key, f.ContentType, f.CacheControl)
	return nil
}

// deleteKeys deletes keys in batches of 1,000 (the most one request takes).
func (s *Syncer) deleteKeys(ctx context.Context, keys []string) ([]string, error) {
	var deleted []string
	for len(keys) > 0 {
		batch := keys[:min(len(keys), 1000)]
		keys = keys[len(batch):]
		ids := make([]types.ObjectIdentifier, len(batch))
		for i, k := range batch {
			ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
		}
		out, err := s.Client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(s.Bucket),
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return deleted, fmt.Errorf("delete stale files from s3://%s: %w", s.Bucket, err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return deleted, fmt.Errorf("delete s3://%s/%s: %s", s.Bucket, aws.ToString(e.Key), aws.ToString(e.Message))
		}
		for _, k := range batch {
			s.logf("delete %s\n", k)
		}
		deleted = append(deleted, batch...)
	}
	return deleted, nil
}

func (s *Syncer) logf(format string, args ...any) {
	if s.Log != nil {
		s.logMu.Lock()
		defer s.logMu.Unlock()
		fmt.Fprintf(s.Log, format, args...)
	}
}

// Describe writes every file of the plan with its headers, for a dry run.
func Describe(w io.Writer, files []File) error {
	for _, f := range files {
		if _, err := fmt.Fprintf(w, "  %-60s %8d B  Content-Type: %s  Cache-Control: %s\n", f.Key, f.Size, f.ContentType, f.CacheControl); err != nil {
			return err
		}
	}
	return nil
}
