package adminpage_test

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"dunban/lambda/form"
	"dunban/lambda/grade"
	"dunban/site/adminpage"
)

func render(t *testing.T, o adminpage.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := adminpage.Fragment(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func registry(t *testing.T) *form.Registry {
	t.Helper()
	reg, err := form.ParseUnits(strings.NewReader("单位名称,类别,所属盟市,管理范围,核对状态,备注\n自治区团委,自治区,,全区,已核对,\n" +
		"包头市,盟市,,本级及所辖旗县,已核对,\n包头市青山区,旗县,包头市,本级,已核对,\n鄂尔多斯市,盟市,,本级及所辖旗县,已核对,\n内蒙古大学,高校,,本级,已核对,\n"))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestFragment(t *testing.T) {
	t.Parallel()
	now := time.Date(2021, 6, 20, 12, 0, 0, 0, time.UTC)
	html := render(t, adminpage.Options{API: "https://api.example.cn", Script: "/assets/admin.1234abcd.js", Style: "/assets/admin.1234abcd.css", Now: now,
		Units: registry(t), Year: 2021, Years: []int{2021}})
	for _, want := range []string{
		`action="https://api.example.cn/admin/bundle"`, `method="post"`, `data-api="https://api.example.cn"`,
		`<label for="admin-token">`, `type="password" id="admin-token" name="token"`,
		`name="from" value="2021-01"`, `name="to" value="2021-06"`, `value="monthly" checked`, `value="gb18030"`,
		`<script defer src="/assets/admin.1234abcd.js"></script>`, `<link rel="stylesheet" href="/assets/admin.1234abcd.css">`,
		`<noscript>`, grade.Rule, "团学干部调研联系全覆盖",
		// The board without JavaScript: the same form, posted to the board route, scope from a list.
		`formaction="https://api.example.cn/admin/board"`, `<select id="admin-scope" name="scope"`, `<option value="" selected>本人管辖范围</option>`,
		`<optgroup label="自治区"><option value="全区">全区</option></optgroup>`,
		`<optgroup label="盟市"><option value="包头市">包头市</option><option value="鄂尔多斯市">鄂尔多斯市</option></optgroup>`,
		`<optgroup label="包头市所辖旗县（市、区）"><option value="包头市青山区">包头市青山区</option></optgroup>`,
		`<optgroup label="高校"><option value="内蒙古大学">内蒙古大学</option></optgroup>`,
		`<select id="admin-year" name="year"><option value="2021" selected>2021年</option></select>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
	// CSP: no inline script, style or event handler.
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<style|\sstyle=|\son[a-z]+=`).MatchString(html) {
		t.Error("fragment has inline script, style or handler")
	}
	// Every input has a label.
	for _, id := range regexp.MustCompile(`<(?:input|select) [^>]*id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(html, `for="`+id[1]+`"`) {
			t.Errorf("input %s has no label", id[1])
		}
	}
}

// The month fields default to the newest round's year, even years later.
func TestFragmentDefaultsToTheRoundsYear(t *testing.T) {
	for _, tt := range []struct {
		now      time.Time
		year     int
		from, to string
	}{
		{time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), 2021, "2021-01", "2021-12"},
		{time.Date(2021, 6, 20, 12, 0, 0, 0, time.UTC), 2021, "2021-01", "2021-06"},
		{time.Date(2021, 6, 20, 12, 0, 0, 0, time.UTC), 0, "2021-01", "2021-06"},
	} {
		html := render(t, adminpage.Options{API: "/api", Now: tt.now, Year: tt.year})
		if !strings.Contains(html, `name="from" value="`+tt.from+`"`) || !strings.Contains(html, `name="to" value="`+tt.to+`"`) {
			t.Errorf("now %v, round %d: months not %s–%s", tt.now, tt.year, tt.from, tt.to)
		}
	}
}

func TestFragmentEscapes(t *testing.T) {
	t.Parallel()
	html := render(t, adminpage.Options{API: `"><script>alert(1)</script>`})
	if strings.Contains(html, "<script>alert") {
		t.Error("API root not escaped")
	}
	if strings.Contains(render(t, adminpage.Options{API: "/api"}), "<script defer") {
		t.Error("script tag without a Script URL")
	}
}

func TestAssets(t *testing.T) {
	t.Parallel()
	for _, name := range []string{adminpage.Script, adminpage.Style} {
		b, err := fs.ReadFile(adminpage.Assets, name)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", name, err)
		}
		if bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) || bytes.Contains(b, []byte("@import")) {
			t.Errorf("%s refers to another origin", name)
		}
	}
}

// TestFragmentOtherYear: months of a past round's year run January to December.
func TestFragmentOtherYear(t *testing.T) {
	html := render(t, adminpage.Options{API: "/api", Now: time.Date(2022, 2, 1, 12, 0, 0, 0, time.UTC), Year: 2021, Years: []int{2021, 2022}})
	for _, want := range []string{`name="from" value="2021-01"`, `name="to" value="2021-12"`, `<option value="2021" selected>`, `<option value="2022">`} {
		if !strings.Contains(html, want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
}
