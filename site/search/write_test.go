package search

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
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
	weight byte
}

// readShard decodes a shard file into its terms' postings, checking the
// layout as it goes.
func readShard(t *testing.T, data []byte, m Meta) map[string][]posting {
	t.Helper()
	uv := func() uint64 {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			t.Fatalf("bad uvarint")
		}
		data = data[n:]
		return v
	}
	out := map[string][]posting{}
	shards, docs := uv(), uv()
	if shards != uint64(m.Shards) || docs != uint64(m.Docs) {
		t.Errorf("shard header says %d shards, %d docs; meta %d, %d", shards, docs, m.Shards, m.Docs)
	}
	n := uv()
	prevTerm := ""
	for range n {
		l := uv()
		term := string(data[:l])
		data = data[l:]
		if term <= prevTerm {
			t.Errorf("terms not sorted: %q after %q", term, prevTerm)
		}
		prevTerm = term
		df, plen := uv(), uv()
		post, rest := data[:plen], data[plen:]
		data = post
		doc := 0
		for k := range df {
			gap := uv()
			if gap == 0 && k > 0 {
				t.Errorf("term %q: repeated document", term)
			}
			doc += int(gap)
			out[term] = append(out[term], posting{doc: doc, weight: data[0]})
			data = data[1:]
		}
		if len(data) != 0 {
			t.Errorf("term %q: %d bytes left in postings", term, len(data))
		}
		data = rest
	}
	if len(data) != 0 {
		t.Errorf("%d bytes after the last term", len(data))
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
		data, ok := dir.files[shardName(s)]
		if !ok {
			t.Fatalf("shard %d missing", s)
		}
		for term, p := range readShard(t, data, m) {
			if got := shardOf(term, m.Shards); got != s {
				t.Errorf("term %q in shard %d, hash says %d", term, s, got)
			}
			all[term] = p
		}
	}
	return all
}

func TestWriteShards(t *testing.T) {
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
			title = append(title, x.weight&0x80 != 0)
			if x.weight&0x7f == 0 {
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

// readStore decodes store file s through lengths.bin, as the script does.
func readStore(t *testing.T, dir *memDir, s int) []record {
	t.Helper()
	lens, data := dir.files["search/d/lengths.bin"], dir.files[fmt.Sprintf("search/d/%d.txt", s)]
	for range s * StoreSize {
		_, k := binary.Uvarint(lens)
		lens = lens[k:]
	}
	var out []record
	for len(lens) > 0 && len(out) < StoreSize {
		n, k := binary.Uvarint(lens)
		lens = lens[k:]
		line := data[:n]
		data = data[n:]
		if line[len(line)-1] != '\n' {
			t.Errorf("record %d does not end the line", len(out))
		}
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("record %d: %v", len(out), err)
		}
		out = append(out, r)
	}
	if len(data) != 0 {
		t.Errorf("store %d: %d bytes after the last record", s, len(data))
	}
	return out
}

func TestWriteDocs(t *testing.T) {
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
	if n := len(dir.files); n != 1+1+2 {
		t.Errorf("%d files: %v", n, slices.Sorted(maps.Keys(dir.files)))
	}
}

func TestWriteStores(t *testing.T) {
	docs := synthDocs(StoreSize + 5)
	dir := build(t, docs)
	m := readMeta(t, dir)
	if m.Store != StoreSize || m.Docs != len(docs) {
		t.Errorf("meta = %+v", m)
	}
	a, b := readStore(t, dir, 0), readStore(t, dir, 1)
	if len(a) != StoreSize || len(b) != 5 {
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

func TestWriteDuplicateURL(t *testing.T) {
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
	b := NewBuilder()
	b.Add(sample[0])
	if err := b.Write(failDir{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write = %v, want the disk error", err)
	}
}

func TestOSDir(t *testing.T) {
	root := t.TempDir()
	b := NewBuilder()
	for _, d := range sample {
		b.Add(d)
	}
	if err := b.Write(OSDir(root)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"search/meta.json", "search/t/000.bin", "search/d/0.txt", "search/d/lengths.bin"} {
		if _, err := OSDir(root).stat(name); err != nil {
			t.Error(err)
		}
	}
}

func TestShardCount(t *testing.T) {
	for _, tt := range []struct{ bytes, want int }{
		{0, 1}, {ShardTarget, 1}, {ShardTarget + 1, 2}, {100 * ShardTarget, 128}, {1 << 40, MaxShards},
	} {
		if got := shardCount(tt.bytes); got != tt.want {
			t.Errorf("shardCount(%d) = %d, want %d", tt.bytes, got, tt.want)
		}
	}
}

func TestRadixSort(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 1000, 70000} {
		xs := make([]uint64, n)
		for i := range xs {
			xs[i] = uint64((i*7919)%n)<<8 | uint64(i%251)
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		got, _ := radixSort(xs, nil)
		if !slices.Equal(got, want) {
			t.Errorf("radixSort of %d values is out of order", n)
		}
	}
}

func TestTable(t *testing.T) {
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
	dir := build(t, nil)
	m := readMeta(t, dir)
	if m.Docs != 0 || m.Shards != 1 {
		t.Errorf("meta = %+v", m)
	}
	if all := allPostings(t, dir, m); len(all) != 0 {
		t.Errorf("empty index has terms %v", all)
	}
	if data, ok := dir.files["search/d/lengths.bin"]; !ok || len(data) != 0 {
		t.Errorf("lengths.bin = %q, %v", data, ok)
	}
}

func TestWriteLongText(t *testing.T) {
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
			if got := p[0].weight&0x80 != 0; got != inTitle[term] {
				t.Fatalf("term %q: title flag %v, want %v", term, got, inTitle[term])
			}
		}
		for _, term := range Terms(other) {
			if p := all[term]; len(p) == 0 || p[len(p)-1].doc != 1 {
				t.Fatalf("term %q of document 1 finds %v", term, p)
			}
		}
	})
}
