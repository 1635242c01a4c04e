package infra_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/lambda/form"
	"dunban/lambda/record"
)

// sqlWords are the SQL keywords and functions the README's examples use.
var sqlWords = strings.Fields(`with as select from where and or in like over partition by order desc asc rank
	count distinct sum cast integer double round avg group limit on not null is union all`)

// TestAthenaExample runs the shape of the README's Athena SQL against the
// template: every table it names is a Glue table, every column it reads is
// one of those tables' columns or partition keys, each table keeps only the
// rows of its own version (Athena reads columns by position), every version's
// table of the form is read, and every partition value it filters on selects
// the partition where lambda/record files the submissions of the period it
// means (through the table's projection template).
func TestAthenaExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no SQL example")
	}
	tables := glueColumnsByTable(t)
	for _, b := range blocks {
		sql := b[1]
		m := regexp.MustCompile(`dunban\.form_([a-z]+)`).FindStringSubmatch(sql)
		if m == nil {
			t.Fatalf("the example names no dunban.form_<id> table:\n%s", sql)
		}
		f, ok := form.ByID(m[1])
		if !ok {
			t.Fatalf("the example reads form_%s, which is no form", m[1])
		}
		var cols []string
		for _, tb := range glueTablesOf(f) {
			if !strings.Contains(sql, "dunban."+tb.name+"\n") {
				t.Errorf("the example leaves out the rows of version %s (table %s)", tb.version.ID, tb.name)
			}
			cols = append(cols, tables[tb.name]...)
		}
		for _, read := range regexp.MustCompile(`(?s)FROM dunban\.(form_[a-z0-9_]+)\s+WHERE (.*?)(?:UNION|\)|$)`).FindAllStringSubmatch(sql, -1) {
			if _, ok := tables[read[1]]; !ok {
				t.Fatalf("the example reads %s, which the template does not define", read[1])
			}
			if v := versionOf(t, read[1]); !strings.Contains(read[2], "version = '"+v+"'") {
				t.Errorf("the example reads %s without keeping its own rows (version = '%s')", read[1], v)
			}
		}
		for _, w := range unknownWords(sql, cols) {
			t.Errorf("the example reads %q, which is not a column of form_%s", w, m[1])
		}
		checkPartitionFilter(t, m[1], sql)
	}
	// The README's example of a partition filter: the March 2021 reports.
	checkPartitionFilter(t, "monthly", "WHERE year = '2021' AND month = '03'")
	if !strings.Contains(string(readme), "WHERE year = '2021' AND month = '03'`: the March 2021 reports") {
		t.Error("README.md no longer gives the partition filter this test checks")
	}
}

// versionOf is the version of the form whose columns Glue table name reads.
func versionOf(t *testing.T, name string) string {
	t.Helper()
	for _, tb := range allGlueTables() {
		if tb.name == name {
			return tb.version.ID
		}
	}
	t.Fatalf("no Glue table %s", name)
	return ""
}

// glueColumnsByTable returns each Glue table's column and partition key names.
func glueColumnsByTable(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, tb := range parse(t, infra.Template).Typed.GetAllGlueTableResources() {
		var names []string
		for _, c := range tb.TableInput.StorageDescriptor.Columns {
			names = append(names, c.Name)
		}
		for _, k := range tb.TableInput.PartitionKeys {
			names = append(names, k.Name)
		}
		out[deref(tb.TableInput.Name)] = names
	}
	return out
}

// unknownWords lists the identifiers of sql that are neither SQL words,
// names it defines (WITH x AS, AS alias), the database, nor columns.
func unknownWords(sql string, cols []string) []string {
	sql = regexp.MustCompile(`--[^\n]*|'[^']*'|"[^"]*"|dunban\.form_[a-z0-9_]+`).ReplaceAllString(sql, " ")
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?i)\b(?:with|as)\s+([a-z_][a-z0-9_]*)|\b([a-z_][a-z0-9_]*)\s+as\s*\(`).FindAllStringSubmatch(sql, -1) {
		defined[strings.ToLower(m[1]+m[2])] = true
	}
	var out []string
	for _, w := range regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`).FindAllString(sql, -1) {
		lw := strings.ToLower(w)
		if !slices.Contains(sqlWords, lw) && !defined[lw] && !slices.Contains(cols, lw) && !slices.Contains(out, lw) {
			out = append(out, lw)
		}
	}
	return out
}

// checkPartitionFilter checks the year (and month) a query filters on
// against the keys of the periods they mean: the table's projection
// template, filled in with them, is the prefix of every such key.
func checkPartitionFilter(t *testing.T, formID, sql string) {
	t.Helper()
	year := regexp.MustCompile(`\byear\s*=\s*'(\d{4})'`).FindStringSubmatch(sql)
	if year == nil {
		t.Errorf("the %s query filters on no year partition:\n%s", formID, sql)
		return
	}
	months := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}
	if m := regexp.MustCompile(`\bmonth\s*=\s*'(\d{2})'`).FindStringSubmatch(sql); m != nil {
		months = []string{m[1]}
	}
	tpl := storageTemplate(t, formID)
	id := record.New(time.Now())
	for _, mo := range months {
		period := year[1] + "-" + mo
		key, err := record.SubmissionKey(formID, period, id)
		if err != nil {
			t.Fatal(err)
		}
		prefix := strings.NewReplacer("${!year}", year[1], "${!month}", mo).Replace(tpl)
		if !strings.HasPrefix("s3://${SubmissionsBucket}/"+key, prefix) {
			t.Errorf("the %s report is stored at %s, outside the partition the query reads (%s)", period, key, prefix)
		}
	}
}

// storageTemplate is a form table's storage.location.template, as the !Sub string.
func storageTemplate(t *testing.T, formID string) string {
	t.Helper()
	for _, tb := range parse(t, infra.Template).Typed.GetAllGlueTableResources() {
		if deref(tb.TableInput.Name) == "form_"+formID {
			params, _ := tb.TableInput.Parameters.(map[string]any)
			s, _ := params["storage.location.template"].(string)
			return strings.TrimPrefix(cfn.Show(s), "!Sub ")
		}
	}
	t.Fatalf("no table form_%s", formID)
	return ""
}

// Every period of every form is filed where the projection can find it:
// year in the projected range, month two digits in 1–12.
func TestProjectionCoversEveryPeriod(t *testing.T) {
	id := record.New(time.Now())
	for _, f := range form.All() {
		tpl := storageTemplate(t, f.ID)
		for _, period := range []string{"2021", "2021-H1", "2021-H2", "2021-01", "2021-12", "2099-12"} {
			key, err := record.SubmissionKey(f.ID, period, id)
			if err != nil {
				t.Fatal(err)
			}
			p, _, err := record.ParseKey(key)
			if err != nil || p.Year < 2021 || p.Year > 2099 || p.Month < 1 || p.Month > 12 {
				t.Errorf("%s %s: key %s (%v) outside the projection ranges", f.ID, period, key, err)
				continue
			}
			prefix := strings.NewReplacer("${!year}", key[strings.Index(key, "year=")+5:][:4], "${!month}", key[strings.Index(key, "month=")+6:][:2]).Replace(tpl)
			if !strings.HasPrefix("s3://${SubmissionsBucket}/"+key, prefix) {
				t.Errorf("%s %s: key %s not under %s", f.ID, period, key, prefix)
			}
		}
	}
}
