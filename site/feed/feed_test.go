package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"testing"
	"time"

	"dunban/site/content"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	var arts []*content.Article
	for i := range 40 {
		arts = append(arts, &content.Article{Section: content.Cases, URL: fmt.Sprintf("/cases/a%d/", i),
			Title: "案例 <" + fmt.Sprint(i) + ">", Date: time.Date(2021, 3, 40-i, 0, 0, 0, 0, time.UTC), Tags: []string{"团日"}})
	}
	var b bytes.Buffer
	if err := Write(&b, "https://portal.example.cn", arts); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if len(f.Entries) != Size || f.Entries[0].Title != "案例 <0>" || f.Entries[0].Link.Href != "https://portal.example.cn/cases/a0/" {
		t.Errorf("entries: %d, first %+v", len(f.Entries), f.Entries[0])
	}
	if f.Updated != f.Entries[0].Updated || f.Updated != "2021-04-09T00:00:00+08:00" {
		t.Errorf("updated %s / %s", f.Updated, f.Entries[0].Updated)
	}
}
