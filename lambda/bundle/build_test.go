package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/excelcsv"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

func builder(st *s3store.Store, reg *form.Registry, rd *form.Round) *bundle.Builder {
	return &bundle.Builder{Source: st, Units: reg, Rounds: []*form.Round{rd}, Workers: 4, TempDir: "",
		Now: func() time.Time { return bundletest.At(2021, 7, 20, 12) }}
}

func request(scope string) bundle.Request {
	return bundle.Request{Scope: scope, From: bundle.Month{Year: 2021, Month: 3}, To: bundle.Month{Year: 2021, Month: 6}}
}

// unzip reads every file of a zip.
func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = body
	}
	return out
}

// readCSV checks the BOM and CRLF line ends of an Excel CSV and parses it
// into the cells as Excel shows them (excelcsv.Read).
func readCSV(t *testing.T, name string, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("%s: no UTF-8 BOM", name)
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n == 0 || n != crlf {
		t.Fatalf("%s: %d line ends, %d of them CRLF", name, n, crlf)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, rec := range recs {
		for i, c := range rec {
			rec[i] = excelcsv.Read(c).Shown
		}
	}
	return recs
}

func column(t *testing.T, recs [][]string, name string) []string {
	t.Helper()
	i := slices.Index(recs[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, recs[0])
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[i])
	}
	return out
}

func build(t *testing.T, b *bundle.Builder, req bundle.Request) (bundle.Manifest, map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	m, err := b.Build(context.Background(), req, "测试管理员", &buf)
	if err != nil {
		t.Fatal(err)
	}
	return m, unzip(t, buf.Bytes())
}

func TestBuild(t *testing.T) {
	s3test.Both(t, func(t *testing.T, srv *s3test.Server) {
		reg, rd := bundletest.Registry(t), bundletest.Round(t)
		st := s3store.New(srv.Client, srv.Bucket)
		bundletest.Fixture(t, st, reg)
		m, files := build(t, builder(st, reg, rd), request(bundle.ScopeAll))

		t.Run("manifest", func(t *testing.T) {
			if m.Request.Scope != bundle.ScopeAll || m.Request.From.String() != "2021-03" || len(m.Request.Forms) != 5 || m.Objects != 15 {
				t.Errorf("manifest: %+v, %d objects read", m.Request, m.Objects)
			}
			checkManifest(t, m, files)
		})
		t.Run("merged", func(t *testing.T) {
			monthly := readCSV(t, "monthly", files[bundle.FileName(form.Monthly)])
			if got, want := column(t, monthly, "姓名"), []string{"李四", "张三", "李四", "孙七", "王五", "王五"}; !slices.Equal(got, want) {
				t.Errorf("monthly rows by region and unit = %q, want %q", got, want)
			}
			if got := column(t, monthly, "提交编号"); slices.Contains(got, bundletest.ID(9)) {
				t.Errorf("out-of-period submission in monthly CSV: %q", got)
			}
			// 内蒙古大学 corrected its March report: both versions, marked, oldest first.
			versions := rowsOf(t, monthly, "提交编号", bundletest.ID(20), bundletest.ID(21), "版本状态", "更正次数", "当前版本提交编号", "接收时间")
			if want := [][]string{
				{bundle.VersionCorrected, "1", bundletest.ID(21), "2021-04-03 09:00:00"},
				{bundle.VersionCurrent, "1", bundletest.ID(21), "2021-04-08 09:00:00"},
			}; !slices.EqualFunc(versions, want, slices.Equal) {
				t.Errorf("corrected March report = %q, want %q", versions, want)
			}
			if got := column(t, monthly, "版本状态"); slices.Index(got, bundle.VersionCorrected) != 4 || strings.Count(strings.Join(got, ","), bundle.VersionCorrected) != 1 {
				t.Errorf("版本状态 = %q: only the replaced March report is 已更正", got)
			}
			// Submission 10 is stored twice; the copy received first is the original.
			if got := column(t, monthly, "接收时间"); got[0] != "2021-04-05 09:00:00" || got[1] != got[0] {
				t.Errorf("duplicate submission kept the retry's receive time: %q", got)
			}
			// The copy is filed under another layout: counted once, and reported.
			if m.Misfiled != 1 || len(m.Problems) != 1 || m.Problems[0].Key != bundletest.MisfiledKey || !m.Problems[0].Counted {
				t.Errorf("misfiled copy: %d, %+v", m.Misfiled, m.Problems)
			}
			if !strings.Contains(string(files[bundle.ReadmeName]), bundletest.MisfiledKey) {
				t.Error("说明.txt does not name the misfiled object")
			}
			cases := readCSV(t, "case", files[bundle.FileName(form.Case)])
			if got := rowsOf(t, cases, "提交编号", bundletest.ID(30), bundletest.ID(33), "版本状态"); !slices.EqualFunc(got, [][]string{{bundle.VersionCorrected}, {bundle.VersionCurrent}}, slices.Equal) {
				t.Errorf("cases 30, 33 = %q: 33 must replace 30, both shown", got)
			}
			arr := readCSV(t, "arrangement", files[bundle.FileName(form.Arrangement)])
			if got := rowsOf(t, arr, "提交编号", bundletest.ID(1), bundletest.ID(3), "版本状态", "更正次数"); len(got) != 4 ||
				!slices.Equal(got[0], []string{bundle.VersionCorrected, "1"}) || !slices.Equal(got[3], []string{bundle.VersionCurrent, "1"}) {
				t.Errorf("arrangement 1 then 3 = %q: 3 must replace 1, both shown", got)
			}
			if got := column(t, arr, "工作单位及职务"); !slices.Contains(got, "'=HYPERLINK(\"http://x\",\"点我\")") {
				t.Errorf("formula not neutralised: %q", got)
			}
			if got := column(t, arr, "联系电话"); !slices.Contains(got, "13912345678") {
				t.Errorf("phone not kept as text: %q", got)
			}
		})
		t.Run("attachment", func(t *testing.T) {
			recs := readCSV(t, bundle.AttachmentName, files[bundle.AttachmentName])
			if got, want := column(t, recs, "姓名"), []string{"李四", "赵六", "王五", "张三"}; !slices.Equal(got, want) {
				t.Errorf("attachment rows = %q, want grouped 盟市/旗县/高校/中学/中职 %q", got, want)
			}
			if want := form.Arrangement.Rows.Fields[0].Label; recs[0][0] != want || recs[0][1] != "姓名" {
				t.Errorf("attachment header starts %q, want %s, 姓名", recs[0][:2], want)
			}
		})
		t.Run("summary", func(t *testing.T) {
			recs := readCSV(t, bundle.SummaryName, files[bundle.SummaryName])
			got := map[string]string{}
			for i, name := range column(t, recs, "姓名") {
				got[name] = column(t, recs, "建议等次")[i] + " " + column(t, recs, "到期指标达标")[i]
			}
			// As of June (see bundletest.Fixture): year-long counts not yet
			// reached are 进行中 and not graded; the fixture has no days at
			// school, so 常态化 and 集中式 are 未达标 for everyone.
			want := map[string]string{"李四": "合格 6项（共9项）", "王五": "一般 4项（共7项）", "孙七": "合格 3项（共5项）",
				"张三": "一般 1项（共4项）", "赵六": "一般 1项（共5项）", "钱八": "一般 1项（共4项）", "周九": "一般 1项（共4项）"}
			if !mapsEqual(got, want) {
				t.Errorf("grades = %v, want %v", got, want)
			}
			i := slices.Index(column(t, recs, "姓名"), "王五")
			if got := column(t, recs, "调研报告≥1篇 自报")[i] + "/" + column(t, recs, "调研报告≥1篇 已提交")[i] + " " +
				column(t, recs, "调研报告≥1篇 状态")[i]; got != "1/0 进行中" {
				t.Errorf("王五 调研报告 自报/已提交 = %s, want 1/0 进行中", got)
			}
			if got := column(t, recs, "核对提示")[i]; got != "调研报告自报1篇、已提交0篇" {
				t.Errorf("王五 核对提示 = %q", got)
			}
			if got := column(t, recs, "入驻学校2–3所 状态")[i]; got != "不适用" {
				t.Errorf("王五 (高校) 入驻学校 = %q, want 不适用", got)
			}
			i = slices.Index(column(t, recs, "姓名"), "赵六")
			if got := column(t, recs, "单位")[i] + " " + column(t, recs, "优秀工作案例≥1个 已提交")[i]; got != "包头市 1" {
				t.Errorf("赵六's case from 包头市青山区 counts as %q, want 包头市 1", got)
			}
		})
		t.Run("grid", func(t *testing.T) {
			recs := readCSV(t, bundle.GridName, files[bundle.GridName])
			var got []string
			for _, r := range recs {
				got = append(got, strings.Join(r, ","))
			}
			want := []string{
				"所属地区,单位,类别,2021年度工作安排表,2021年3月月报,2021年4月月报,2021年5月月报,2021年6月月报,2021年上半年报告",
				"包头市,包头市,盟市,已报送,已报送,已报送,未报送,未报送,已报送",
				"鄂尔多斯市,鄂尔多斯市,盟市,未报送,未报送,未报送,已报送,未报送,未报送",
				"高校,内蒙古大学,高校,已报送,已报送,未报送,未报送,未报送,未报送",
				"高校,内蒙古大学创业学院,高校,未报送,未报送,未报送,未报送,未报送,未报送",
			}
			if !slices.Equal(got, want) {
				t.Errorf("报送一览 =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
		t.Run("missing", func(t *testing.T) {
			recs := readCSV(t, bundle.MissingName, files[bundle.MissingName])
			var got []string
			for _, r := range recs[1:] {
				if r[3] == "阶段性总结报告" || r[3] == "调研报告" {
					r[1] += " " + r[3]
				}
				got = append(got, r[1]+" "+r[4])
			}
			want := []string{
				"鄂尔多斯市 2021年度", "内蒙古大学创业学院 2021年度",
				"鄂尔多斯市 2021年3月", "内蒙古大学创业学院 2021年3月",
				"鄂尔多斯市 2021年4月", "内蒙古大学 2021年4月", "内蒙古大学创业学院 2021年4月",
				"包头市 2021年5月", "内蒙古大学 2021年5月", "内蒙古大学创业学院 2021年5月",
				"包头市 2021年6月", "鄂尔多斯市 2021年6月", "内蒙古大学 2021年6月", "内蒙古大学创业学院 2021年6月",
				"包头市 阶段性总结报告 2021年上半年",
				"鄂尔多斯市 阶段性总结报告 2021年上半年", "鄂尔多斯市 调研报告 2021年上半年",
				"内蒙古大学 阶段性总结报告 2021年上半年", "内蒙古大学 调研报告 2021年上半年",
				"内蒙古大学创业学院 阶段性总结报告 2021年上半年", "内蒙古大学创业学院 调研报告 2021年上半年",
			}
			if !slices.Equal(got, want) {
				t.Errorf("未报送 =\n%q\nwant\n%q", got, want)
			}
		})
		if m.Duplicates != 1 || m.Replaced != 3 {
			t.Errorf("duplicates %d, replaced %d; want 1 and 3", m.Duplicates, m.Replaced)
		}
	})
}

// rowsOf returns the named cells of the rows whose column by holds one of
// the two values, in file order.
func rowsOf(t *testing.T, recs [][]string, by, v1, v2 string, names ...string) [][]string {
	t.Helper()
	keys := column(t, recs, by)
	var out [][]string
	for i, k := range keys {
		if k != v1 && k != v2 {
			continue
		}
		var row []string
		for _, n := range names {
			row = append(row, column(t, recs, n)[i])
		}
		out = append(out, row)
	}
	return out
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// checkManifest verifies every file's checksum and row count by reading the zip back.
func checkManifest(t *testing.T, m bundle.Manifest, files map[string][]byte) {
	t.Helper()
	var fromZip bundle.Manifest
	if err := json.Unmarshal(files[bundle.ManifestName], &fromZip); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(m.Request)
	got, _ := json.Marshal(fromZip.Request)
	if fromZip.Admin != "测试管理员" || string(got) != string(want) || fromZip.CreatedAt == "" {
		t.Errorf("manifest request/admin = %s / %q, want %s", got, fromZip.Admin, want)
	}
	if len(fromZip.Files) != len(files)-1 {
		t.Errorf("manifest lists %d files, zip has %d besides the manifest", len(fromZip.Files), len(files)-1)
	}
	for _, f := range fromZip.Files {
		body, ok := files[f.Name]
		if !ok {
			t.Errorf("manifest names %s, not in zip", f.Name)
			continue
		}
		sum := sha256.Sum256(body)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(body)) != f.Bytes {
			t.Errorf("%s: checksum or size differs from manifest", f.Name)
		}
		if strings.HasSuffix(f.Name, ".csv") {
			if recs := readCSV(t, f.Name, body); len(recs)-1 != f.Rows {
				t.Errorf("%s: %d rows, manifest says %d", f.Name, len(recs)-1, f.Rows)
			}
		}
	}
	if !slices.EqualFunc(m.Files, fromZip.Files, func(a, b bundle.FileInfo) bool { return a == b }) {
		t.Errorf("returned manifest differs from the one in the zip")
	}
}

// TestScope builds for every kind of scope and checks no unit outside it
// appears in any file: exact names only, never prefixes.
func TestScope(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	b := builder(st, reg, rd)
	for _, tc := range []struct {
		scope string
		units []string // every unit that may appear
	}{
		{bundle.ScopeAll, []string{"包头市", "包头市青山区", "鄂尔多斯市", "包头市郊区团委", "内蒙古大学", "内蒙古大学创业学院"}},
		{"包头市", []string{"包头市", "包头市青山区"}},
		{"包头市青山区", []string{"包头市青山区"}},
		{"鄂尔多斯市", []string{"鄂尔多斯市", "包头市郊区团委"}},
		{"内蒙古大学", []string{"内蒙古大学"}},
		{"内蒙古大学创业学院", []string{"内蒙古大学创业学院"}},
	} {
		t.Run(tc.scope, func(t *testing.T) {
			_, files := build(t, b, request(tc.scope))
			seen := map[string]bool{}
			for name, body := range files {
				if !strings.HasSuffix(name, ".csv") {
					continue
				}
				recs := readCSV(t, name, body)
				for _, col := range []string{"填报单位", "单位", "盟市（高校）团委"} {
					if slices.Contains(recs[0], col) {
						for _, u := range column(t, recs, col) {
							seen[u] = true
						}
					}
				}
			}
			for u := range seen {
				if !slices.Contains(tc.units, u) {
					t.Errorf("scope %s sees %s", tc.scope, u)
				}
			}
			if !seen[tc.units[len(tc.units)-1]] {
				t.Errorf("scope %s does not see %s", tc.scope, tc.units[len(tc.units)-1])
			}
		})
	}
	var buf bytes.Buffer
	if _, err := b.Build(context.Background(), request("包头"), "x", &buf); err == nil || buf.Len() != 0 {
		t.Errorf("unknown scope 包头: err %v, %d bytes written", err, buf.Len())
	}
}

// TestUnreadable: objects that are not submission CSVs are left out and
// counted, without stopping the bundle; only a 全区 manifest names them.
func TestUnreadable(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	part, _ := record.PartitionOf("monthly", "2021-04")
	prefix := part.Prefix()
	for name, body := range map[string]string{
		"header-only.csv": "\uFEFF提交编号,接收时间\r\n",
		"ragged.csv":      string(bundletest.Monthly(90, "包头市", "2021-04", bundletest.At(2021, 4, 9, 9), bundletest.MonthlyRow("甲", 1, 1, 1, "1", 0, 0, 0, 0)).CSV(reg)) + "x,y\r\n",
		"binary.csv":      "\x00\x01\x02\"unterminated",
		"no-time.csv":     "提交编号,接收时间\nabc,yesterday\n",
	} {
		if err := st.Create(context.Background(), prefix+name, []byte(body), "text/csv"); err != nil {
			t.Fatal(err)
		}
	}
	b := builder(st, reg, rd)
	m, _ := build(t, b, request(bundle.ScopeAll))
	skipped := 0
	for _, p := range m.Problems {
		if !p.Counted && strings.HasPrefix(p.Key, prefix) && p.Reason != "" {
			skipped++
		}
	}
	if m.Unreadable != 4 || skipped != 4 {
		t.Errorf("全区: unreadable %d %+v", m.Unreadable, m.Problems)
	}
	m, files := build(t, b, request("包头市"))
	if m.Unreadable != 4 || len(m.Problems) != 5 || m.Problems[0].Key != "" || m.Problems[0].Reason == "" {
		t.Errorf("包头市: unreadable %d, problems %+v", m.Unreadable, m.Problems)
	}
	if readme := string(files[bundle.ReadmeName]); !strings.Contains(readme, "4 个对象未计入") || strings.Contains(readme, prefix) {
		t.Errorf("说明.txt of 包头市 does not warn, or names keys:\n%s", readme)
	}
}

// TestGB18030Bundle: with the GB18030 option every CSV is GB18030 without
// a BOM, with CRLF line ends, and reads back to the same rows.
func TestGB18030Bundle(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	bundletest.Fixture(t, st, reg)
	b := builder(st, reg, rd)
	_, utf := build(t, b, request(bundle.ScopeAll))
	req := request(bundle.ScopeAll)
	req.Encoding = bundle.GB18030
	_, gb := build(t, b, req)
	for name, body := range gb {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) || bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
			t.Errorf("%s: BOM or bare LF in GB18030 file", name)
		}
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := utf[name][3:]; !bytes.Equal(dec, want) {
			t.Errorf("%s differs from the UTF-8 bundle once decoded:\n%s\n----\n%s", name, dec, want)
		}
	}
}
