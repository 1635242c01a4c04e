package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

var wantKeys = []string{"author", "date", "draft", "region", "school", "school_type", "slug", "summary", "tags", "title", "unit"}

// split returns the front matter and body of a page.
func split(t *testing.T, name string, page []byte) (front, body []byte) {
	t.Helper()
	rest, ok := bytes.CutPrefix(page, []byte("---\n"))
	if !ok {
		t.Fatalf("%s: no front matter", name)
	}
	front, body, ok = bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		t.Fatalf("%s: front matter not closed", name)
	}
	return front, body
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, i := range []int{0, 1, 2, 99, 12345} {
		n1, b1 := Page(i, 7)
		n2, b2 := Page(i, 7)
		if n1 != n2 || !bytes.Equal(b1, b2) {
			t.Errorf("page %d differs between two calls", i)
		}
		_, b3 := Page(i, 8)
		if bytes.Equal(b1, b3) {
			t.Errorf("page %d is the same for seeds 7 and 8", i)
		}
	}
}

func TestWriteMatchesPage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Write(dir, 5, -3); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		name, want := Page(i, -3)
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: file differs from Page(%d)", name, i)
		}
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if len(files) != 5 {
		t.Errorf("wrote %d files, want 5: %v", len(files), files)
	}
}

func TestFrontMatter(t *testing.T) {
	t.Parallel()
	for i := range 600 {
		name, page := Page(i, 1)
		front, _ := split(t, name, page)
		var m map[string]any
		if err := yaml.Unmarshal(front, &m); err != nil {
			t.Fatalf("%s: front matter is not YAML: %v", name, err)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, wantKeys) {
			t.Fatalf("%s: keys %v, want %v", name, keys, wantKeys)
		}
		var fm struct {
			Title, Date, Author, Unit, Region, School, Summary, Slug string
			SchoolType                                               string `yaml:"school_type"`
			Tags                                                     []string
			Draft                                                    bool
		}
		if err := yaml.Unmarshal(front, &fm); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d, err := time.Parse("2006-01-02", fm.Date)
		if err != nil || d.Before(firstDate) || d.After(lastDate) {
			t.Errorf("%s: date %q out of range (%v)", name, fm.Date, err)
		}
		if !slices.Contains(Regions, fm.Region) || !slices.Contains(SchoolTypes, fm.SchoolType) {
			t.Errorf("%s: region %q or school type %q not allowed", name, fm.Region, fm.SchoolType)
		}
		if fm.Region == "高校" && fm.SchoolType != "高等院校" {
			t.Errorf("%s: university page with school type %q", name, fm.SchoolType)
		}
		if len(fm.Tags) < 2 || len(fm.Tags) > 4 {
			t.Errorf("%s: %d tags", name, len(fm.Tags))
		}
		for _, tag := range fm.Tags {
			if !slices.Contains(Tags, tag) {
				t.Errorf("%s: tag %q not in pool", name, tag)
			}
		}
		if fm.Draft || fm.Title == "" || fm.Author == "" || fm.Unit == "" || fm.School == "" || fm.Summary == "" {
			t.Errorf("%s: empty field or draft: %+v", name, fm)
		}
		if strings.ContainsAny(fm.Title+fm.Summary, "{}") {
			t.Errorf("%s: unfilled placeholder in %q / %q", name, fm.Title, fm.Summary)
		}
		if want := strings.TrimSuffix(filepath.Base(name), ".md"); fm.Slug != want {
			t.Errorf("%s: slug %q, want %q", name, fm.Slug, want)
		}
	}
}

func TestCoverage(t *testing.T) {
	t.Parallel()
	regions, types, tags, years := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[int]bool{}
	for i := range 200 {
		m := metaOf(i, 42)
		regions[m.region] = true
		types[m.schoolType] = true
		for _, tag := range m.tags {
			tags[tag] = true
		}
		d, _ := time.Parse("2006-01-02", m.date)
		years[d.Year()] = true
	}
	if len(regions) != len(Regions) || len(types) != len(SchoolTypes) || len(tags) != len(Tags) {
		t.Errorf("200 pages cover %d/%d regions, %d/%d school types, %d/%d tags",
			len(regions), len(Regions), len(types), len(SchoolTypes), len(tags), len(Tags))
	}
	for y := 2021; y <= 2026; y++ {
		if !years[y] {
			t.Errorf("no page dated %d", y)
		}
	}
}

var linkRE = regexp.MustCompile(`\]\((/[^)]*)\)`)

func TestLinksResolve(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 3, 17, 300} {
		dir := t.TempDir()
		if err := Write(dir, n, 5); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			name, page := Page(i, 5)
			links := linkRE.FindAllSubmatch(page, -1)
			if len(links) != 1 {
				t.Fatalf("n=%d %s: %d internal links, want 1", n, name, len(links))
			}
			url := string(links[0][1])
			parts := strings.Split(strings.Trim(url, "/"), "/")
			if len(parts) != 2 || !strings.HasSuffix(url, "/") {
				t.Fatalf("n=%d %s: link %q is not /section/slug/", n, name, url)
			}
			if _, err := os.Stat(filepath.Join(dir, parts[0], parts[1]+".md")); err != nil {
				t.Errorf("n=%d %s: link %q is broken", n, name, url)
			}
			if url == "/"+strings.TrimSuffix(name, ".md")+"/" {
				t.Errorf("n=%d %s links to itself", n, name)
			}
		}
	}
}

func TestBody(t *testing.T) {
	t.Parallel()
	for i := range 2000 {
		name, page := Page(i, int64(i%3))
		_, body := split(t, name, page)
		n := utf8.RuneCount(body)
		if n < MinBodyChars || n > MaxBodyChars {
			t.Errorf("%s: body has %d characters, want %d..%d", name, n, MinBodyChars, MaxBodyChars)
		}
		s := string(body)
		for _, want := range []string{"\n## ", "\n### ", "\n1. ", "\n2. ", "\n| --- | --- | --- |\n"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: body lacks %q", name, want)
			}
		}
		if strings.ContainsAny(s, "{}") || strings.Contains(s, "\n\n\n") {
			t.Errorf("%s: unfilled placeholder or triple newline", name)
		}
	}
}

func TestUniqueSlugs(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for i := range 10000 {
		name, _ := Page(i, 9)
		if j, ok := seen[name]; ok {
			t.Fatalf("pages %d and %d share %s", j, i, name)
		}
		seen[name] = i
	}
	if n, _ := Page(3, -12); n != "reports/synth-m12-000003.md" {
		t.Errorf("negative seed name %q", n)
	}
}

func BenchmarkPage(b *testing.B) {
	bytes := 0
	for i := 0; b.Loop(); i++ {
		_, body := Page(i, 1)
		bytes += len(body)
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/page")
}

func BenchmarkWrite10000(b *testing.B) {
	for b.Loop() {
		if err := Write(b.TempDir(), 10000, 1); err != nil {
			b.Fatal(err)
		}
	}
}
