package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"dunban/site/markdown"
)

// Loader reads and validates the sections of a content tree.
type Loader struct {
	Vocabulary
	// Bodies receives the rendered HTML of each published article.
	Bodies BodyStore
	// OnText, if set, receives the plain text of each published article.
	// It is called from several goroutines at once.
	OnText func(a *Article, text []byte)
	// Workers is how many files are converted at once; 0 means GOMAXPROCS.
	Workers int
	// Converted, if set, keeps the converted articles for the next Load,
	// which converts again only the files that changed.
	Converted *Converted
}

type loaded struct {
	art  *Article
	errs Errors
	err  error
	kept *converted // what Converted keeps of the file
}

// Load reads every markdown file of every section in fsys and returns the
// published articles (drafts are validated, not returned). When the content
// has problems the error is an Errors listing all of them, and the articles
// are still returned (those with problems incomplete, without a body) so
// that their links can be checked in the same run.
func (l *Loader) Load(fsys fs.FS) ([]*Article, error) {
	files, errs := listFiles(fsys)
	results := make([]loaded, len(files))
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Workers take the next file by counting, not from a channel: no
	// goroutine hand-offs for 10,000 small files.
	prev := l.Converted.take()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			conv := markdown.New()
			var buf bytes.Buffer
			var src []byte
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				results[i] = l.loadFile(fsys, files[i], prev, conv, &buf, &src)
			}
		})
	}
	wg.Wait()
	l.Converted.keep(results)
	var arts []*Article
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		errs = append(errs, r.errs...)
		if r.art != nil {
			arts = append(arts, r.art)
		}
	}
	errs = append(errs, duplicates(arts)...)
	return published(arts), errs.Err()
}

type file struct {
	section Section
	name    string
}

func listFiles(fsys fs.FS) ([]file, Errors) {
	var files []file
	var errs Errors
	for _, s := range Sections {
		err := fs.WalkDir(fsys, s.Key, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			base := path.Base(p)
			if d.IsDir() || !strings.HasSuffix(base, ".md") || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
				return nil
			}
			files = append(files, file{section: s, name: p})
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, Problem{File: s.Key, Line: 0, Msg: "无法读取目录：" + err.Error()})
		}
	}
	return files, errs
}

// loadFile reads, converts and checks one file, or takes it from prev when
// it did not change. It reads the file into *raw, which the next file
// reuses: nothing kept from a file aliases it.
func (l *Loader) loadFile(fsys fs.FS, f file, prev map[string]*converted, conv *markdown.Converter, buf *bytes.Buffer, raw *[]byte) loaded {
	var err error
	*raw, err = readFile(fsys, f.name, (*raw)[:0])
	if err != nil {
		return loaded{errs: Errors{{File: f.name, Line: 0, Msg: "无法读取文件：" + err.Error()}}}
	}
	a := &Article{Section: f.section, File: f.name}
	src := bytes.TrimPrefix(*raw, []byte("\ufeff"))
	if r, ok := l.reuse(prev, f, src); ok {
		return r
	}
	if !utf8.Valid(src) {
		return loaded{errs: Errors{{File: f.name, Line: invalidLine(src), Msg: "文件不是 UTF-8 编码（可能是 GBK）：请用 UTF-8 另存"}}}
	}
	buf.Reset()
	doc, err := conv.Convert(buf, src)
	if err != nil {
		return loaded{err: fmt.Errorf("convert %s: %w", f.name, err)}
	}
	errs := l.check(a, doc)
	if len(errs) > 0 || a.Draft {
		return loaded{art: a, errs: errs}
	}
	a.Body, err = l.Bodies.Put(buf.Bytes())
	if err != nil {
		return loaded{err: fmt.Errorf("keep body of %s: %w", f.name, err)}
	}
	if l.OnText != nil {
		l.OnText(a, doc.Text)
	}
	r := loaded{art: a}
	if l.Converted != nil {
		r.kept = newConverted(a, src, buf.Bytes(), doc.Text)
	}
	return r
}

// readFile appends the content of name to buf.
func readFile(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return buf, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() < 1<<30 {
		buf = slices.Grow(buf, int(st.Size())+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 4096)
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// check fills a from doc and returns the file's own problems.
func (l *Loader) check(a *Article, doc *markdown.Doc) Errors {
	var errs Errors
	switch {
	case doc.MetaErr != nil:
		errs = append(errs, Problem{File: a.File, Line: doc.MetaErr.Line, Msg: doc.MetaErr.Msg})
	case doc.Meta == nil:
		errs = append(errs, Problem{File: a.File, Line: 1, Msg: "缺少 front matter（文件应以 --- 开头的 YAML 段开始）"})
	default:
		errs = append(errs, applyMeta(a, doc.Meta, l.Vocabulary)...)
	}
	if a.Slug == "" {
		a.Slug = strings.TrimSuffix(path.Base(a.File), ".md")
		if !slugPattern.MatchString(a.Slug) {
			errs = append(errs, Problem{File: a.File, Line: 1, Msg: "文件名不能直接作网址：请改用小写字母、数字和连字符命名，或加 slug 字段"})
		}
	}
	a.URL = "/" + a.Section.Key + "/" + a.Slug + "/"
	a.TOC, a.Refs, a.Chars = doc.TOC, doc.Refs, doc.Chars
	if a.Summary == "" {
		a.Summary = excerpt(doc.Text, 120)
	}
	return append(errs, checkRefs(a)...)
}

func duplicates(arts []*Article) Errors {
	var errs Errors
	first := map[string]*Article{}
	for _, a := range arts {
		if b, ok := first[a.URL]; ok {
			errs = append(errs, Problem{File: a.File, Line: 1, Msg: fmt.Sprintf("网址 %s 与 %s 重复", a.URL, b.File)})
			continue
		}
		first[a.URL] = a
	}
	return errs
}

func published(arts []*Article) []*Article {
	out := arts[:0]
	for _, a := range arts {
		if !a.Draft {
			out = append(out, a)
		}
	}
	return out
}

// invalidLine is the line of the first byte that is not valid UTF-8.
func invalidLine(src []byte) int {
	line := 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		src = src[size:]
	}
	return line
}

// excerpt returns the first n characters of text on one line (runs of
// white space made one space), with an ellipsis when it was cut. It reads
// no further into text than it needs.
func excerpt(text []byte, n int) string {
	var b strings.Builder
	count, space := 0, false
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		if unicode.IsSpace(r) {
			space = count > 0
			continue
		}
		if space {
			if count == n {
				return b.String() + "…"
			}
			b.WriteByte(' ')
			count++
			space = false
		}
		if count == n {
			return b.String() + "…"
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}
