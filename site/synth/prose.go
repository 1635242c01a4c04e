package synth

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Prose is a character Markov model of Chinese prose, trained on markdown
// files (the project's own content/), for pages whose text compresses like
// real articles do: a corpus of repeated sentences gzips 20× and more, real
// articles 2.5–2.9×.
//
// It predicts each character from the two before it (a trigram model),
// falling back now and then on the one before it (and whenever a pair was
// never seen) or on no context at all, so that runs of the training text are
// broken up and recombined rather than copied, and a small training text
// still gives text as varied as many authors write.
type Prose struct {
	next2 map[[2]rune][]rune // followers of each pair, with repeats
	next1 map[rune][]rune    // followers of each character, with repeats
	all   []rune             // every character trained on, with repeats
	start []rune             // characters that begin a sentence
	runes int                // characters trained on
}

// proseBackoff is the chance that a character is drawn from the one-character
// context: 0.33 makes 128 pages' text gzip about 2.7× (TestProseCompresses).
const proseBackoff, proseAny = 0.3, 0.2

// NewProse trains a Prose on the text of every .md file under fsys (front
// matter, markup and links left out), in path order.
func NewProse(fsys fs.FS) (*Prose, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("synth: prose: %w", err)
	}
	slices.Sort(files)
	m := &Prose{next2: map[[2]rune][]rune{}, next1: map[rune][]rune{}}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("synth: prose: %w", err)
		}
		for _, line := range proseLines(data) {
			m.train(line)
		}
	}
	if m.runes < 1000 {
		return nil, fmt.Errorf("synth: prose: only %d characters of text to learn from", m.runes)
	}
	return m, nil
}

// proseLines returns the lines of running text of a markdown file: no front
// matter, headings' and list items' markers removed, link targets dropped,
// table rules skipped.
func proseLines(md []byte) []string {
	if rest, ok := bytes.CutPrefix(md, []byte("---\n")); ok {
		if _, body, ok := bytes.Cut(rest, []byte("\n---\n")); ok {
			md = body
		}
	}
	var out []string
	for line := range strings.Lines(string(md)) {
		line = strings.TrimSpace(line)
		line = strings.TrimLeft(line, "#>-*0123456789. ")
		if line == "" || line[0] == '|' { // tables are not prose
			continue
		}
		line = dropLinkTargets(line)
		line = strings.NewReplacer("**", "", "[", "", "]", "").Replace(line)
		out = append(out, line)
	}
	return out
}

// dropLinkTargets removes the "(url)" after each "](" of a markdown link.
func dropLinkTargets(s string) string {
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return s
		}
		s = s[:i+1] + s[i+j+1:]
	}
}

// train adds one line of text to the model.
func (m *Prose) train(line string) {
	a, b := rune(0), rune(0) // 0: start of line
	for _, r := range line {
		if unicode.IsSpace(r) || r == '@' { // no e-mail addresses: goldmark would link their jumbles
			continue
		}
		if (b == 0 || isSentenceEnd(b)) && unicode.Is(unicode.Han, r) {
			m.start = append(m.start, r)
		}
		if b != 0 {
			m.next1[b] = append(m.next1[b], r)
			if a != 0 {
				m.next2[[2]rune{a, b}] = append(m.next2[[2]rune{a, b}], r)
			}
		}
		a, b = b, r
		m.all = append(m.all, r)
		m.runes++
	}
}

func isSentenceEnd(r rune) bool { return r == '。' || r == '！' || r == '？' || r == '；' }

// Paragraph returns about n characters of prose drawn with r, ending with a
// full stop.
func (m *Prose) Paragraph(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(3 * (n + 40))
	count := 0
	for count < n {
		count += m.sentence(r, &b, n-count+40)
	}
	return b.String()
}

// sentence writes one sentence of at most limit characters and returns its
// length in characters.
func (m *Prose) sentence(r *rand.Rand, b *strings.Builder, limit int) int {
	a, c := rune(0), m.start[r.IntN(len(m.start))]
	n := 0
	for {
		b.WriteRune(c)
		n++
		if isSentenceEnd(c) {
			return n
		}
		if n >= limit {
			b.WriteRune('。')
			return n + 1
		}
		next := m.next2[[2]rune{a, c}]
		switch x := r.Float64(); {
		case x < proseAny:
			next = m.all
		case len(next) == 0 || x < proseAny+proseBackoff:
			next = m.next1[c]
		}
		if len(next) == 0 {
			b.WriteRune('。')
			return n + 1
		}
		a, c = c, next[r.IntN(len(next))]
	}
}

// Page returns page i of the set made with seed, as Page(i, seed) does — the
// same file name and front matter — with its body replaced by prose from m:
// headings over paragraphs of 60–200 characters, about as long as the body of
// Page, and the same internal link.
func (m *Prose) Page(i int, seed int64) (name string, page []byte) {
	name, orig := Page(i, seed)
	front, body := splitPage(orig)
	r := rng(i, seed, 3)
	target := utf8.RuneCount(body)
	var b bytes.Buffer
	b.Grow(len(orig) + 512)
	b.Write(front)
	b.WriteByte('\n')
	chars := 0
	for h := 0; chars < target; h++ {
		if h%3 == 0 {
			head := m.Paragraph(r, 6+r.IntN(8))
			fmt.Fprintf(&b, "## %s、%s\n\n", chineseNumber(h/3+1), strings.TrimRight(head, "。！？；"))
		}
		p := m.Paragraph(r, 60+r.IntN(140))
		b.WriteString(p)
		b.WriteString("\n\n")
		chars += utf8.RuneCountInString(p)
	}
	if k := bytes.LastIndex(body, []byte("相关做法可参阅[")); k >= 0 {
		b.Write(body[k:])
	}
	return name, b.Bytes()
}

// splitPage cuts a page after its front matter's closing line.
func splitPage(page []byte) (front, body []byte) {
	k := bytes.Index(page, []byte("\n---\n"))
	if k < 0 {
		return nil, page
	}
	return page[:k+5], page[k+5:]
}

func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return digits[n]
	}
	if n < 20 {
		return "十" + digits[n-10]
	}
	return digits[n/10] + "十" + digits[n%10]
}
