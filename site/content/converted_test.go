package content

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// loadOnce is what one Load gave: the articles and, by file, each body and text.
type loadOnce struct {
	arts       []Article
	body, text map[string]string
	kept       map[string]*converted
}

func loadWith(t *testing.T, fsys fstest.MapFS, c *Converted) loadOnce {
	t.Helper()
	store := &bodyStore{}
	var mu sync.Mutex
	texts := map[string]string{}
	l := &Loader{Vocabulary: vocab, Bodies: store, Workers: 2, Converted: c, OnText: func(a *Article, text []byte) {
		mu.Lock()
		defer mu.Unlock()
		texts[a.File] = string(text)
	}}
	arts, err := l.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := loadOnce{body: map[string]string{}, text: texts, kept: c.take()}
	for _, a := range arts {
		got.body[a.File] = string(store.bodies[a.Body.Off])
		b := *a
		b.Body = Body{}
		got.arts = append(got.arts, b)
	}
	return got
}

// TestConvertedReusesUnchangedFiles loads, changes one file, and loads
// again keeping the conversions: the result is a fresh load's, and only
// the changed file was converted again.
func TestConvertedReusesUnchangedFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"cases/baotou.md":    {Data: []byte(goodCase)},
		"notices/n2021.md":   {Data: []byte(goodNotice)},
		"notices/draft.md":   {Data: []byte(strings.Replace(goodNotice, "issuer:", "draft: true\nissuer:", 1))},
		"reports/.hidden.md": {Data: []byte("x")},
	}
	c := &Converted{}
	first := loadWith(t, fsys, c)
	fsys["cases/baotou.md"] = &fstest.MapFile{Data: []byte(strings.Replace(goodCase, "一段摘要。", "另一段摘要。", 1) + "\n新的一句。\n")}
	second := loadWith(t, fsys, c)
	fresh := loadWith(t, fsys, nil)
	if !reflect.DeepEqual(second.arts, fresh.arts) || !reflect.DeepEqual(second.body, fresh.body) || !reflect.DeepEqual(second.text, fresh.text) {
		t.Errorf("a load keeping conversions differs from a fresh one:\n%+v\n%+v", second, fresh)
	}
	if !strings.Contains(second.body["cases/baotou.md"], "新的一句") {
		t.Errorf("the changed file's body is the old one: %q", second.body["cases/baotou.md"])
	}
	if first.kept["notices/n2021.md"] == nil || second.kept["notices/n2021.md"] != first.kept["notices/n2021.md"] {
		t.Error("the unchanged notice was converted again")
	}
	if second.kept["cases/baotou.md"] == first.kept["cases/baotou.md"] {
		t.Error("the changed case was not converted again")
	}
	if len(second.kept) != 2 {
		t.Errorf("kept %d files, want the 2 published ones", len(second.kept))
	}
}
