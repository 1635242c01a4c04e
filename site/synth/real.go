package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// The realistic set is what benchmarks of the whole build use: pages as
// people write them rather than as a tool does. Page i has the name and
// metadata of Page(i, seed), written in one of four front-matter styles
// (quoted as tools write it; unquoted with a flow list `[团日, 调研]`; a
// block list with comments and single quotes; mixed), a body of prose from
// a Prose whose length varies from a few hundred characters to over ten
// thousand, images on every fifth page and a long table on every seventh.
// The images are files under dir/images/, linked as /images/<name>.

// ImageCount is how many image files the realistic set shares.
const ImageCount = 24

// ImageName is the file name of shared image k (under images/).
func ImageName(k int) string { return fmt.Sprintf("synth-%02d.jpg", k) }

// WriteRealistic writes realistic pages 0..n-1 made with seed under
// dir/cases and dir/reports, and the images they show under dir/images.
func (m *Prose) WriteRealistic(dir string, n int, seed int64) error {
	for _, s := range []string{"cases", "reports", "images"} {
		if err := os.MkdirAll(filepath.Join(dir, s), 0o755); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	for k := range ImageCount {
		if err := os.WriteFile(filepath.Join(dir, "images", ImageName(k)), image(k, seed), 0o644); err != nil {
			return fmt.Errorf("synth: write image: %w", err)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += workers {
				name, body := m.RealPage(i, seed)
				errs[w] = os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), body, 0o644)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

// image is the bytes of shared image k: a JPEG header over 40–160 KB of
// random bytes, as large as a phone photo made smaller for the web.
func image(k int, seed int64) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(k)))
	b := make([]byte, 40<<10+r.IntN(120<<10))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	return b
}

// RealPage returns realistic page i of the set made with seed.
func (m *Prose) RealPage(i int, seed int64) (name string, page []byte) {
	meta := metaOf(i, seed)
	r := rng(i, seed, 3)
	var b bytes.Buffer
	realFrontMatter(&b, meta, i%4)
	target := bodyLength(r)
	chars := 0
	for h := 0; chars < target; h++ {
		if h%3 == 0 {
			head := strings.TrimRight(m.Paragraph(r, 6+r.IntN(8)), "。！？；")
			fmt.Fprintf(&b, "## %s、%s\n\n", chineseNumber(h/3+1), head)
		} else if h%3 == 2 && r.IntN(3) == 0 {
			fmt.Fprintf(&b, "### （%s）%s\n\n", chineseNumber(h%3), strings.TrimRight(m.Paragraph(r, 5+r.IntN(6)), "。！？；"))
		}
		p := m.Paragraph(r, 60+r.IntN(240))
		b.WriteString(p + "\n\n")
		chars += len([]rune(p))
		if h == 1 && i%5 == 0 {
			for k := range 1 + r.IntN(3) {
				fmt.Fprintf(&b, "![图%d：%s](/images/%s)\n\n", k+1, meta.school, ImageName(r.IntN(ImageCount)))
			}
		}
		if h == 2 && i%7 == 3 {
			longTable(&b, r, meta)
		}
	}
	link := linkTarget(i, seed)
	fmt.Fprintf(&b, "相关做法可参阅[%s](/%s/%s/)。\n", link.title, link.section, link.slug)
	return meta.section + "/" + meta.slug + ".md", b.Bytes()
}

// bodyLength draws a body's length in characters: a fifth of the pages
// are short notes, a fifth long reports, the rest in between.
func bodyLength(r *rand.Rand) int {
	switch x := r.IntN(10); {
	case x < 2:
		return 300 + r.IntN(600)
	case x < 8:
		return 1200 + r.IntN(1800)
	default:
		return 4000 + r.IntN(8000)
	}
}

// realFrontMatter writes m's front matter in one of four styles.
func realFrontMatter(b *bytes.Buffer, m meta, style int) {
	q := strconv.Quote
	b.WriteString("---\n")
	switch style {
	case 0: // as tools write it
		fmt.Fprintf(b, "title: %s\ndate: %s\nauthor: %s\nunit: %s\nregion: %s\nschool_type: %s\nschool: %s\n",
			q(m.title), m.date, q(m.author), q(m.unit), q(m.region), q(m.schoolType), q(m.school))
		fmt.Fprintf(b, "tags: [%s]\nsummary: %s\ndraft: false\nslug: %s\n", quotedList(m.tags), q(m.summary), q(m.slug))
	case 1: // unquoted, flow list, optional keys left out
		fmt.Fprintf(b, "title: %s\ndate: %s\nauthor: %s\nunit: %s\nregion: %s\nschool_type: %s\nschool: %s\ntags: [%s]\n",
			m.title, m.date, m.author, m.unit, m.region, m.schoolType, m.school, strings.Join(m.tags, ", "))
	case 2: // block list, comments, single quotes
		fmt.Fprintf(b, "# %s\ntitle: '%s'\ndate: %s   # 发布日期\nauthor: %s\nunit: %s\n\nregion: %s  # 盟市或高校\nschool_type: %s\nschool: %s\ntags:\n",
			m.section, m.title, m.date, m.author, m.unit, m.region, m.schoolType, m.school)
		for _, t := range m.tags {
			b.WriteString("  - " + t + "\n")
		}
		fmt.Fprintf(b, "summary: %s\n", m.summary)
	default: // mixed
		fmt.Fprintf(b, "title: %s\ndate: %s\nauthor: %s\nunit: %s\nregion: %s\nschool_type: %s\nschool: %s\ntags: [%s]\ndraft: false\n",
			q(m.title), m.date, m.author, m.unit, m.region, q(m.schoolType), m.school, quotedList(m.tags))
	}
	b.WriteString("---\n\n")
}

func quotedList(items []string) string {
	q := make([]string, len(items))
	for k, s := range items {
		q[k] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// longTable writes a roster of 30–80 rows, as a report's annex has.
func longTable(b *bytes.Buffer, r *rand.Rand, m meta) {
	b.WriteString("| 序号 | 姓名 | 单位 | 职务 | 联系班级 | 访谈学生（名） | 主题团日（次） |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for k := range 30 + r.IntN(51) {
		fmt.Fprintf(b, "| %d | 合成人员%03d | %s | %s | %d年级%d班 | %d | %d |\n", k+1, r.IntN(1000), m.unit,
			pick(r, []string{"副书记", "组织委员", "宣传委员", "团干部"}), 1+r.IntN(3), 1+r.IntN(12), 20+r.IntN(40), 1+r.IntN(4))
	}
	b.WriteString("\n")
}
