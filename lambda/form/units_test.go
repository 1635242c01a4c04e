package form

import (
	"strings"
	"testing"
)

const unitsHead = "单位名称,类别,所属盟市,管理范围,核对状态,备注\n"

func TestParseUnitsContent(t *testing.T) {
	reg := content(t).Units
	leagues := reg.OfKinds(KindLeague)
	if len(leagues) != 12 {
		t.Fatalf("%d 盟市, want 12", len(leagues))
	}
	for i, u := range leagues {
		if u.Name != Regions[i] {
			t.Errorf("盟市 %d = %s, want %s", i, u.Name, Regions[i])
		}
	}
	if len(reg.OfKinds(KindUniversity)) < 15 {
		t.Errorf("only %d universities", len(reg.OfKinds(KindUniversity)))
	}
	for _, u := range reg.Units() {
		if u.Check == "" {
			t.Errorf("%s has no 核对状态", u.Name)
		}
	}
}

// The shipped registry lists every 旗县级 unit of the 12 盟市 (103, per the
// 民政部 division list) and the 53 普通高等学校 of the Ministry of
// Education's list for the region, each awaiting an admin's check.
func TestRegistryComplete(t *testing.T) {
	reg := content(t).Units
	want := map[string]int{"呼和浩特市": 9, "包头市": 9, "呼伦贝尔市": 14, "兴安盟": 6, "通辽市": 8, "赤峰市": 12,
		"锡林郭勒盟": 12, "乌兰察布市": 11, "鄂尔多斯市": 9, "巴彦淖尔市": 7, "乌海市": 3, "阿拉善盟": 3}
	got := map[string]int{}
	for _, u := range reg.OfKinds(KindCounty) {
		got[u.Parent]++
		if !strings.HasPrefix(u.Name, u.Parent) || len(u.Name) == len(u.Parent) {
			t.Errorf("旗县 %q is not named 盟市＋旗县 (所属盟市 %q)", u.Name, u.Parent)
		}
	}
	total := 0
	for league, n := range want {
		total += n
		if got[league] != n {
			t.Errorf("%s: %d 旗县级 rows, want %d", league, got[league], n)
		}
	}
	if n := len(reg.OfKinds(KindCounty)); n != 103 || total != 103 {
		t.Errorf("%d 旗县级 rows (table sums to %d), want 103", n, total)
	}
	if n := len(reg.OfKinds(KindUniversity)); n != 53 {
		t.Errorf("%d 高校, want 53 (教育部《全国普通高等学校名单》2024年，内蒙古)", n)
	}
	for _, name := range []string{"扎兰屯职业学院", "包头钢铁职业技术学院", "赤峰工业职业技术学院", "内蒙古鸿德文理学院"} {
		if u, ok := reg.Lookup(name); !ok || u.Kind != KindUniversity {
			t.Errorf("%s missing", name)
		}
	}
	if _, ok := reg.Lookup("巴彦淖尔职业技术学院"); ok {
		t.Error("巴彦淖尔职业技术学院 is a secondary vocational school, not a 高校")
	}
	for _, u := range reg.Units() {
		if u.Check != "待核对" {
			t.Errorf("%s: 核对状态 %q, want 待核对 until an admin checks it", u.Name, u.Check)
		}
	}
}

// Every unit select draws each optgroup once: the registry keeps a 盟市's
// 旗县 together, so a long list stays grouped by 盟市.
func TestUnitChoicesGrouped(t *testing.T) {
	c := content(t)
	for _, f := range All() {
		fd, _ := f.Field(FieldUnit)
		seen := map[string]bool{}
		last := "\x00"
		for _, ch := range f.Choices(fd, c.Units, c.Round) {
			if ch.Group == last {
				continue
			}
			if seen[ch.Group] {
				t.Errorf("%s: group %q split", f.ID, ch.Group)
			}
			seen[ch.Group], last = true, ch.Group
		}
		// 自治区, 盟市, the 旗县 of each of the 12 盟市, 高校
		if leagues := len(Regions) - 1; len(f.UnitKinds) == 0 && len(seen) != 3+leagues {
			t.Errorf("%s: %d groups, want %d", f.ID, len(seen), 3+leagues)
		}
	}
}

func TestCovers(t *testing.T) {
	reg, err := ParseUnits(strings.NewReader("# 注释\n" + unitsHead +
		"自治区团委,自治区,,全区,待核对,\n包头市,盟市,,本级及所辖旗县,,\n包头市青山区,旗县,包头市,本级,,\n" +
		"呼和浩特市,盟市,,,,\n呼和浩特市新城区,旗县,呼和浩特市,,,\n内蒙古大学,高校,,本级,,\n内蒙古大学创业学院,高校,,本级,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		admin, unit string
		want        bool
	}{
		{"全区", "包头市青山区", true},
		{"自治区团委", "内蒙古大学", true},
		{"包头市", "包头市", true},
		{"包头市", "包头市青山区", true},
		{"包头市", "呼和浩特市新城区", false},
		{"包头市", "内蒙古大学", false},
		{"包头市青山区", "包头市", false},
		{"包头市青山区", "包头市青山区", true},
		{"包头", "包头市", false},
		{"包头市青", "包头市青山区", false},
		{"内蒙古大学", "内蒙古大学创业学院", false},
		{"内蒙古大学", "内蒙古大学", true},
		{"呼和浩特市", "呼和浩特市新城区", true},
		{"包头市", "包头市青山区 ", false},
		{"", "包头市", false},
		{"包头市", "不存在", false},
	} {
		if got := reg.Covers(tc.admin, tc.unit); got != tc.want {
			t.Errorf("Covers(%q, %q) = %v", tc.admin, tc.unit, got)
		}
	}
	if n := len(reg.InScope("包头市")); n != 2 {
		t.Errorf("包头市 scope has %d units", n)
	}
	if u, _ := reg.Lookup("包头市青山区"); u.Region() != "包头市" {
		t.Errorf("region of 青山区 = %s", u.Region())
	}
	if u, _ := reg.Lookup("内蒙古大学"); u.Region() != RegionUniversities {
		t.Errorf("region of 内蒙古大学 = %s", u.Region())
	}
}

func TestParseUnitsErrors(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"bad header", "名称,类别\n", "表头"},
		{"bad kind", unitsHead + "包头市,市,,,,\n", "类别"},
		{"duplicate", unitsHead + "包头市,盟市,,,,\n包头市,盟市,,,,\n", "重复"},
		{"not a league", unitsHead + "包头,盟市,,,,\n", "12个盟市"},
		{"county without parent", unitsHead + "青山区,旗县,,,,\n", "所属盟市"},
		{"county of unknown league", unitsHead + "青山区,旗县,包头,,,\n", "不在名单中"},
		{"league with parent", unitsHead + "包头市,盟市,呼和浩特市,,,\n", "所属盟市"},
		{"bad scope", unitsHead + "包头市,盟市,,全部,,\n", "管理范围"},
		{"too many columns", unitsHead + "包头市,盟市,,,,,,\n", "列数"},
		{"reserved name", unitsHead + "全区,高校,,,,\n", "保留"},
		{"gb18030", unitsHead + "\xb0\xfc\xcd\xb7,盟市,,,,\n", "UTF-8"},
		{"line number", unitsHead + "包头市,盟市,,,,\n\n包头市,盟市,,,,\n", "第4行"},
	} {
		_, err := ParseUnits(strings.NewReader(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if _, err := ParseUnits(strings.NewReader("\uFEFF" + unitsHead + "包头市,盟市,,,,\n")); err != nil {
		t.Errorf("BOM: %v", err)
	}
}

func FuzzParseUnits(f *testing.F) {
	f.Add(unitsHead + "包头市,盟市,,,,\n包头市青山区,旗县,包头市,本级,,\n")
	f.Add("#x\n" + unitsHead + "\"a,b\",高校,,,,\n")
	f.Fuzz(func(t *testing.T, s string) {
		reg, err := ParseUnits(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, u := range reg.Units() {
			if !reg.Covers(u.Name, u.Name) || !reg.Covers(ScopeAll, u.Name) {
				t.Fatalf("%q does not cover itself", u.Name)
			}
			if u.Kind == KindCounty {
				if p, ok := reg.Lookup(u.Parent); !ok || p.Kind != KindLeague {
					t.Fatalf("county %q with parent %q", u.Name, u.Parent)
				}
			}
		}
	})
}
