package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"dunban/site/output"
)

// memDir is a Dir in memory.
type memDir struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memDir) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	if _, ok := m.files[name]; ok {
		return fmt.Errorf("%s written twice", name)
	}
	m.files[name] = slices.Clone(data)
	return nil
}

// posting is one decoded entry of a shard.
type posting struct {
	doc    int
	weight byte   // 1–weightLevels, plus weightTitle in the title
	next   uint32 // for a bigram, the set of the characters that follow it
}

// textReader reads the numbers, values and terms of an index file, failing
// the test at the first thing out of place.
type textReader struct {
	t    *testing.T
	data string
	pos  int
}

func (r *textReader) num() uint32 {
	r.t.Helper()
	x, next, ok := readNum(r.data, r.pos)
	if !ok {
		r.t.Fatalf("bad number at %d", r.pos)
	}
	r.pos = next
	return x
}

func (r *textReader) sym() byte {
	r.t.Helper()
	if r.pos >= len(r.data) || r.data[r.pos] < symBase || r.data[r.pos] >= symBase+64 {
		r.t.Fatalf("bad value at %d", r.pos)
	}
	r.pos++
	return r.data[r.pos-1] - symBase
}

// term reads a term: its length in UTF-16 code units, then its text.
func (r *textReader) term() string {
	r.t.Helper()
	n := int(r.num())
	start := r.pos
	for units := 0; units < n; {
		c, size := utf8.DecodeRuneInString(r.data[r.pos:])
		if size == 0 {
			r.t.Fatalf("term cut short at %d", r.pos)
		}
		units += utf16.RuneLen(c)
		r.pos += size
	}
	return r.data[start:r.pos]
}

func (r *textReader) header(wantShards, wantDocs int) int {
	r.t.Helper()
	shards, docs := r.num(), r.num()
	if shards != uint32(wantShards) || docs != uint32(wantDocs) {
		r.t.Errorf("shard header says %d shards, %d docs; want %d, %d", shards, docs, wantShards, wantDocs)
	}
	return int(r.num())
}

// readShard decodes a postings shard and its following-characters file
// into their terms' postings, checking the layout as it goes.
func readShard(t *testing.T, post, next []byte, shards int, m Meta) map[string][]posting {
	t.Helper()
	r := &textReader{t: t, data: string(post)}
	out := map[string][]posting{}
	n := r.header(shards, m.Docs)
	prevTerm := ""
	for range n {
		term := r.term()
		if term <= prevTerm {
			t.Errorf("terms not sorted: %q after %q", term, prevTerm)
		}
		prevTerm = term
		df, glen := int(r.num()), int(r.num())
		end := r.pos + glen
		doc := 0
		for k := range df {
			gap := int(r.num())
			if gap == 0 && k > 0 {
				t.Errorf("term %q: repeated document", term)
			}
			doc += gap
			out[term] = append(out[term], posting{doc: doc})
		}
		if r.pos != end {
			t.Errorf("term %q: gaps end at %d, their length says %d", term, r.pos, end)
		}
		for k := range df {
			out[term][k].weight = r.sym()
		}
	}
	if r.pos != len(r.data) {
		t.Errorf("%d bytes after the last term", len(r.data)-r.pos)
	}
	if next == nil {
		return out
	}
	r = &textReader{t: t, data: string(next)}
	n = r.header(shards, m.Docs)
	for range n {
		term := r.term()
		p := out[term]
		if len([]rune(term)) != 2 || classOf([]rune(term)[0]) != cjk || len(p) == 0 {
			t.Errorf("following characters of %q, not a bigram of the shard", term)
		}
		if df := int(r.num()); df != len(p) {
			t.Fatalf("%q: %d following-character sets for %d postings", term, df, len(p))
		}
		end := int(r.num()) + r.pos
		for k := range p {
			p[k].next = nextSet(r.num())
		}
		if r.pos != end {
			t.Errorf("%q: codes end at %d, their length says %d", term, r.pos, end)
		}
	}
	if r.pos != len(r.data) {
		t.Errorf("%d bytes after the last bigram", len(r.data)-r.pos)
	}
	return out
}

var sample = []Doc{
	{URL: "/cases/a/", Title: "驻校蹲班工作案例", Section: "优秀工作案例", Date: day(2021, 5, 1),
		Summary: "包头市团委的做法。", Text: "团干部深入班级团支部，开展主题团日。WeChat 群 2021 年建立。"},
	{URL: "/reports/b/", Title: "调研报告：学生思想状况", Section: "调研报告", Date: day(2022, 6, 30),
		Summary: "问卷调查。", Text: "访谈学生40名，团学干部30名。主题团课两次。"},
	{URL: "/notices/c/", Title: "关于开展“驻校蹲班”工作的通知", Section: "通知", Date: day(2021, 2, 25),
		Text: "各盟市团委：为深入贯彻……驻校蹲班。"},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func build(t *testing.T, docs []Doc) *memDir {
	t.Helper()
	b := NewBuilder()
	for _, d := range docs {
		b.Add(d)
	}
	var dir memDir
	if err := b.Write(&dir); err != nil {
		t.Fatal(err)
	}
	return &dir
}

func readMeta(t *testing.T, dir *memDir) Meta {
	t.Helper()
	var m Meta
	if err := json.Unmarshal(dir.files["search/meta.json"], &m); err != nil {
		t.Fatalf("meta.json: %v", err)
	}
	return m
}

// allPostings reads every shard, checking each term lives in its hash's shard.
func allPostings(t *testing.T, dir *memDir, m Meta) map[string][]posting {
	t.Helper()
	all := map[string][]posting{}
	for s := range m.Shards {
		post, ok := dir.files[shardName(s)]
		next, ok2 := dir.files[nextName(s)]
		if !ok || !ok2 {
			t.Fatalf("shard %d missing", s)
		}
		for term, p := range readShard(t, post, next, m.Shards, m) {
			if r := []rune(term); len(r) == 1 && classOf(r[0]) == cjk {
				t.Errorf("character %q in shard %d of bigrams and words", term, s)
			}
			if got := shardOf(term, m.Shards); got != s {
				t.Errorf("term %q in shard %d, hash says %d", term, s, got)
			}
			all[term] = p
		}
	}
	for s := range m.Chars {
		post, ok := dir.files[charShardName(s)]
		if !ok {
			t.Fatalf("character shard %d missing", s)
		}
		for term, p := range readShard(t, post, nil, m.Chars, m) {
			if r := []rune(term); len(r) != 1 || classOf(r[0]) != cjk {
				t.Errorf("term %q in character shard %d", term, s)
			}
			if got := shardOf(term, m.Chars); got != s {
				t.Errorf("character %q in shard %d, hash says %d", term, s, got)
			}
			all[term] = p
		}
	}
	return all
}

func TestWriteShards(t *testing.T) {
	t.Parallel()
	dir := build(t, sample)
	m := readMeta(t, dir)
	if m.Format != Format || m.Docs != 3 || m.Shards != 1 || len(m.Version) != 12 {
		t.Errorf("meta = %+v", m)
	}
	all := allPostings(t, dir, m)
	// Documents are numbered newest first: b (2022), a (2021-05), c (2021-02).
	tests := []struct {
		term  string
		docs  []int
		title []bool
	}{
		{"驻校", []int{1, 2}, []bool{true, true}},
		{"团日", []int{1}, []bool{false}},
		{"调研", []int{0}, []bool{true}},
		{"wechat", []int{1}, []bool{false}},
		{"2021", []int{1}, []bool{false}},
		{"40", []int{0}, []bool{false}},
		{"团", []int{0, 1, 2}, []bool{false, false, false}},
		{"包头", []int{1}, []bool{false}},
	}
	for _, tt := range tests {
		p := all[tt.term]
		var docs []int
		var title []bool
		for _, x := range p {
			docs = append(docs, x.doc)
			title = append(title, x.weight&weightTitle != 0)
			if x.weight&weightLevels == 0 {
				t.Errorf("%q: zero weight", tt.term)
			}
		}
		if !slices.Equal(docs, tt.docs) || !slices.Equal(title, tt.title) {
			t.Errorf("%q: docs %v title %v, want %v %v", tt.term, docs, title, tt.docs, tt.title)
		}
	}
	if _, ok := all["驻校蹲班"]; ok {
		t.Errorf("4-character term indexed")
	}
}

// readStore decodes store file s, a line of JSON per document.
func readStore(t *testing.T, dir *memDir, s int) []record {
	t.Helper()
	data, ok := dir.files[fmt.Sprintf("search/d/%d.txt", s)]
	if !ok || len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("store %d missing or not ending a line", s)
	}
	var out []record
	for line := range strings.Lines(string(data)) {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("store %d record %d: %v", s, len(out), err)
		}
		out = append(out, r)
	}
	if len(out) > StoreSize {
		t.Errorf("store %d holds %d records", s, len(out))
	}
	return out
}

func TestWriteDocs(t *testing.T) {
	t.Parallel()
	dir := build(t, sample)
	recs := readStore(t, dir, 0)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	want := record{URL: "/cases/a/", Title: "驻校蹲班工作案例", Section: "优秀工作案例", Date: "2021-05-01",
		Summary: "包头市团委的做法。", Text: sample[0].Text}
	if recs[1] != want {
		t.Errorf("record 1 = %+v, want %+v", recs[1], want)
	}
	if recs[0].URL != "/reports/b/" || recs[2].URL != "/notices/c/" || recs[2].Summary != "" {
		t.Errorf("records = %+v", recs)
	}
	if n := len(dir.files); n != 1+3+1+1 { // meta.json; postings, following characters, characters; one store; common characters
		t.Errorf("%d files: %v", n, slices.Sorted(maps.Keys(dir.files)))
	}
}

func TestWriteStores(t *testing.T) {
	t.Parallel()
	docs := synthDocs(StoreSize + StoreSize - 1)
	dir := build(t, docs)
	m := readMeta(t, dir)
	if m.Store != StoreSize || m.Docs != len(docs) {
		t.Errorf("meta = %+v", m)
	}
	a, b := readStore(t, dir, 0), readStore(t, dir, 1)
	if len(a) != StoreSize || len(b) != StoreSize-1 {
		t.Errorf("stores hold %d and %d documents", len(a), len(b))
	}
	all := append(a, b...)
	for i := 1; i < len(all); i++ {
		if all[i].Date > all[i-1].Date {
			t.Errorf("record %d (%s) newer than record %d (%s)", i, all[i].Date, i-1, all[i-1].Date)
		}
	}
}

func TestWriteDeterministic(t *testing.T) {
	t.Parallel()
	a := build(t, sample)
	rev := slices.Clone(sample)
	slices.Reverse(rev)
	b := build(t, rev)
	if !maps.EqualFunc(a.files, b.files, func(x, y []byte) bool { return string(x) == string(y) }) {
		t.Errorf("index depends on the order of Add")
	}
	changed := slices.Clone(sample)
	changed[0].Title += "（修订）"
	if readMeta(t, build(t, changed)).Version == readMeta(t, a).Version {
		t.Errorf("version unchanged after an edit")
	}
}

func TestWriteConcurrentAdd(t *testing.T) {
	t.Parallel()
	docs := synthDocs(200)
	b := NewBuilder()
	var wg sync.WaitGroup
	for i := range docs {
		wg.Go(func() { b.Add(docs[i]) })
	}
	wg.Wait()
	var got memDir
	if err := b.Write(&got); err != nil {
		t.Fatal(err)
	}
	want := build(t, docs)
	if !maps.EqualFunc(got.files, want.files, func(x, y []byte) bool { return string(x) == string(y) }) {
		t.Errorf("concurrent Add gives another index")
	}
	m := readMeta(t, want)
	if m.Shards < 4 {
		t.Errorf("200 documents in %d shards", m.Shards)
	}
	allPostings(t, want, m)
}

// TestWriteBatches checks that the index does not depend on how the
// counted documents were gathered into batches before merging.
func TestWriteBatches(t *testing.T) {
	t.Parallel()
	docs := synthDocs(60)
	want := build(t, docs)
	for _, size := range []int{1, 7, 500, 1 << 30} {
		b := NewBuilder()
		b.batch = size
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Go(func() {
				for i := w; i < len(docs); i += 3 {
					b.Add(docs[i])
				}
			})
		}
		wg.Wait()
		if b.Len() != len(docs) {
			t.Errorf("batches of %d: Len %d, want %d", size, b.Len(), len(docs))
		}
		var got memDir
		if err := b.Write(&got); err != nil {
			t.Fatal(err)
		}
		if !maps.EqualFunc(got.files, want.files, func(x, y []byte) bool { return string(x) == string(y) }) {
			t.Errorf("batches of %d postings give another index", size)
		}
	}
}

func TestWriteDuplicateURL(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	b.Add(sample[0])
	b.Add(sample[1])
	b.Add(sample[0])
	err := b.Write(&memDir{})
	if err == nil || !strings.Contains(err.Error(), "/cases/a/") {
		t.Errorf("Write = %v, want duplicate URL error", err)
	}
}

type failDir struct{}

func (failDir) WriteFile(string, []byte) error { return errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	b.Add(sample[0])
	if err := b.Write(failDir{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write = %v, want the disk error", err)
	}
}

func TestWriteDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	b := NewBuilder()
	for _, d := range sample {
		b.Add(d)
	}
	if err := b.Write(output.Dir(root)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"search/meta.json", "search/t/000.txt", "search/t/000.n.txt", "search/d/0.txt", commonName} {
		if _, err := stat(root, name); err != nil {
			t.Error(err)
		}
	}
}

func TestShardCount(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ bytes, want int }{
		{0, 1}, {ShardTarget, 1}, {ShardTarget + 1, 2}, {100 * ShardTarget, 128}, {1 << 40, MaxShards},
	} {
		if got := shardCount(tt.bytes, MaxShards); got != tt.want {
			t.Errorf("shardCount(%d) = %d, want %d", tt.bytes, got, tt.want)
		}
	}
}

func TestRadixSort(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 63, 64, 1000, 70000} {
		xs := make([]uint64, n)
		for i := range xs {
			xs[i] = uint64((i*7919)%n)<<postShift | uint64(i*40503%(1<<postShift))
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		radixSort(xs, nil)
		got := xs
		if !slices.Equal(got, want) {
			t.Errorf("radixSort of %d values is out of order", n)
		}
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	tb := newTable(2)
	want := map[uint64]uint32{}
	for i := range uint64(5000) {
		k := i*0x10001 + 1
		*tb.ref(k) += uint32(i)
		*tb.ref(k)++
		want[k] = uint32(i) + 1
	}
	if tb.len() != len(want) {
		t.Fatalf("len = %d, want %d", tb.len(), len(want))
	}
	tb.each(func(k uint64, v uint32) {
		if want[k] != v {
			t.Errorf("table[%d] = %d, want %d", k, v, want[k])
		}
	})
	if _, ok := tb.get(3); ok {
		t.Errorf("absent key found")
	}
	tb.reset()
	if v, ok := tb.get(1); ok || v != 0 || tb.len() != 0 {
		t.Errorf("reset left key 1 = %d", v)
	}
}

func TestWriteEmpty(t *testing.T) {
	t.Parallel()
	dir := build(t, nil)
	m := readMeta(t, dir)
	if m.Docs != 0 || m.Shards != 1 {
		t.Errorf("meta = %+v", m)
	}
	if all := allPostings(t, dir, m); len(all) != 0 {
		t.Errorf("empty index has terms %v", all)
	}
	if n := len(dir.files); n != 5 {
		t.Errorf("empty index: %d files: %v", n, slices.Sorted(maps.Keys(dir.files)))
	}
}

func TestWriteLongText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("驻校蹲班", MaxTextLen) // 4×MaxTextLen characters
	dir := build(t, []Doc{{URL: "/reports/long/", Title: "长文", Text: long + "结尾"}})
	r := readStore(t, dir, 0)[0]
	if n := utf8.RuneCountInString(r.Text); n != MaxTextLen {
		t.Errorf("stored %d characters, want %d", n, MaxTextLen)
	}
	all := allPostings(t, dir, readMeta(t, dir))
	if len(all["结尾"]) != 1 {
		t.Errorf("text past MaxTextLen is not indexed")
	}
}

// FuzzIndex builds an index of two documents from fuzzed text and checks
// that every term of each document finds it, with the right title flag.
func FuzzIndex(f *testing.F) {
	f.Add("驻校蹲班", "主题团日 WeChat 2021年", "包头")
	f.Add("", "ＡＢＣ　团", "𠀀𠀁")
	f.Fuzz(func(t *testing.T, title, text, other string) {
		docs := []Doc{
			{URL: "/a/", Title: title, Text: text, Date: day(2022, 1, 1)},
			{URL: "/b/", Title: other, Date: day(2021, 1, 1)},
		}
		dir := build(t, docs)
		all := allPostings(t, dir, readMeta(t, dir))
		inTitle := map[string]bool{}
		for _, term := range Terms(title) {
			inTitle[term] = true
		}
		for _, term := range Terms(title + " " + text) {
			p := all[term]
			if len(p) == 0 || p[0].doc != 0 {
				t.Fatalf("term %q of document 0 finds %v", term, p)
			}
			if got := p[0].weight&weightTitle != 0; got != inTitle[term] {
				t.Fatalf("term %q: title flag %v, want %v", term, got, inTitle[term])
			}
		}
		for _, term := range Terms(other) {
			if p := all[term]; len(p) == 0 || p[len(p)-1].doc != 1 {
				t.Fatalf("term %q of document 1 finds %v", term, p)
			}
		}
		for _, tri := range trigrams(title + " " + text) {
			p := all[string(tri[:2])]
			if len(p) == 0 || p[0].doc != 0 || p[0].next&(nextBit(tri[2])>>countBits) == 0 {
				t.Fatalf("%q in document 0, but %q has no bit for %q: %v", string(tri), string(tri[:2]), tri[2], p)
			}
		}
	})
}

// trigrams lists every three adjacent CJK characters of text, folded.
func trigrams(text string) [][]rune {
	var out [][]rune
	var run []rune
	for _, r := range text {
		if r = Fold(r); classOf(r) != cjk {
			run = run[:0]
			continue
		}
		run = append(run, r)
		if len(run) >= 3 {
			out = append(out, slices.Clone(run[len(run)-3:]))
		}
	}
	return out
}

// TestNextSets checks the sets of characters that follow each bigram: what
// tells 主题团日 from 主题团课 … 团日 without positions in the index.
func TestNextSets(t *testing.T) {
	t.Parallel()
	docs := []Doc{
		{URL: "/a/", Title: "主题团日", Text: "开展主题团日活动。", Date: day(2022, 1, 2)},
		{URL: "/b/", Title: "主题团课", Text: "上好主题团课，办好团日活动。", Date: day(2022, 1, 1)},
	}
	all := allPostings(t, build(t, docs), readMeta(t, build(t, docs)))
	bit := func(r rune) uint32 { return nextBit(r) >> countBits }
	for _, tt := range []struct {
		term string
		want []uint32 // per document
	}{
		{"主题", []uint32{bit('团'), bit('团')}},
		{"题团", []uint32{bit('日'), bit('课')}},
		{"团日", []uint32{bit('活'), bit('活')}},
		{"展主", []uint32{bit('题')}},
		{"活动", []uint32{0, 0}},
		{"团", []uint32{0, 0}},
	} {
		p := all[tt.term]
		var got []uint32
		for _, x := range p {
			got = append(got, x.next)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: following characters %b, want %b", tt.term, got, tt.want)
		}
	}
}

func TestSummaryLeftOutWhenTextStartsWithIt(t *testing.T) {
	t.Parallel()
	dir := build(t, []Doc{
		{URL: "/a/", Title: "甲", Summary: "开展主题团日…", Text: "开展主题团日活动。", Date: day(2022, 1, 2)},
		{URL: "/b/", Title: "乙", Summary: "自己写的摘要。", Text: "正文。", Date: day(2022, 1, 1)},
	})
	recs := readStore(t, dir, 0)
	if recs[0].Summary != "" || recs[1].Summary != "自己写的摘要。" {
		t.Errorf("summaries stored: %q, %q", recs[0].Summary, recs[1].Summary)
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	var b []byte
	values := []uint32{0, 1, 31, 32, 33, 1023, 1024, 1<<20 + 5, 1<<32 - 1}
	for _, x := range values {
		b = appendNum(b, x)
	}
	if !utf8.Valid(b) || strings.ContainsAny(string(b), " \n\"") {
		t.Errorf("numbers are not plain text: %q", b)
	}
	s, pos := string(b), 0
	for _, want := range values {
		x, next, ok := readNum(s, pos)
		if !ok || x != want {
			t.Fatalf("read %d (%v) at %d, want %d", x, ok, pos, want)
		}
		pos = next
	}
	if _, _, ok := readNum("P", 0); ok {
		t.Errorf("a number cut short reads")
	}
}
