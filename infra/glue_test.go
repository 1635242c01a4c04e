package infra_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"dunban/infra"
	"dunban/infra/cfn"
	"dunban/lambda/form"
	"dunban/lambda/record"
)

var update = flag.Bool("update", false, "rewrite the generated Glue tables in template.yaml from lambda/form")

const (
	glueBegin = "  # BEGIN glue tables"
	glueEnd   = "  # END glue tables"
)

// glueTable is one Glue table: a form's CSV objects read with the columns
// of one of its versions. Athena's CSV reader takes columns by position, so
// each published version has its own table over the same objects, and a
// query keeps each table's own rows with WHERE version = '<its version>'.
type glueTable struct {
	form     *form.Form
	resource string // the template's logical id, e.g. GlueTableMonthly20211
	name     string // form_monthly (current version), form_monthly_v2021_1 (earlier)
	version  form.Version
}

// glueTablesOf lists the tables of form f: the current version's, named
// after the form, then one per earlier version.
func glueTablesOf(f *form.Form) []glueTable {
	resource := "GlueTable" + strings.ToUpper(f.ID[:1]) + f.ID[1:]
	out := []glueTable{{form: f, resource: resource, name: "form_" + f.ID, version: f.Current()}}
	for _, v := range f.Earlier {
		out = append(out, glueTable{form: f, resource: resource + strings.ReplaceAll(v.ID, ".", ""),
			name: "form_" + f.ID + "_v" + strings.ReplaceAll(v.ID, ".", "_"), version: v})
	}
	return out
}

// allGlueTables is every form's tables.
func allGlueTables() []glueTable {
	var out []glueTable
	for _, f := range form.All() {
		out = append(out, glueTablesOf(f)...)
	}
	return out
}

// glueColumns names CSV columns in SQL: the column key, except where it is a
// reserved word or repeats a metadata column.
func glueColumns(cols []form.Column) (names, comments []string) {
	seen := map[string]bool{}
	for _, c := range cols {
		name := c.Key
		if name == "row" {
			name = "row_no"
		}
		if seen[name] {
			name = "field_" + name
		}
		seen[name] = true
		names = append(names, name)
		comments = append(comments, c.Header)
	}
	return names, comments
}

// glueTables renders the Glue tables of every form's versions over its CSV
// objects, with partition projection on year and month so Athena needs no crawler.
func glueTables() string {
	var b strings.Builder
	for _, tb := range allGlueTables() {
		f := tb.form
		names, comments := glueColumns(tb.version.Columns)
		desc := fmt.Sprintf("%s（%s，%s 版：只读 version = '%s' 的行）", f.Title, f.ID, tb.version.ID, tb.version.ID)
		fmt.Fprintf(&b, "  %s:\n    Type: AWS::Glue::Table\n    Properties:\n", tb.resource)
		b.WriteString("      CatalogId: !Ref AWS::AccountId\n      DatabaseName: !Ref GlueDatabase\n      TableInput:\n")
		fmt.Fprintf(&b, "        Name: %s\n        Description: %s\n        TableType: EXTERNAL_TABLE\n", tb.name, strconv.Quote(desc))
		b.WriteString("        Parameters:\n          classification: csv\n          skip.header.line.count: \"1\"\n")
		b.WriteString("          projection.enabled: \"true\"\n          projection.year.type: integer\n          projection.year.range: \"2021,2099\"\n")
		b.WriteString("          projection.month.type: integer\n          projection.month.range: \"1,12\"\n          projection.month.digits: \"2\"\n")
		fmt.Fprintf(&b, "          storage.location.template: !Sub \"s3://${SubmissionsBucket}/%s\"\n", subEscape(record.ProjectionTemplate(f.ID)))
		b.WriteString("        PartitionKeys:\n          - {Name: year, Type: string}\n          - {Name: month, Type: string}\n")
		fmt.Fprintf(&b, "        StorageDescriptor:\n          Location: !Sub \"s3://${SubmissionsBucket}/%sform=%s/\"\n", record.SubmissionsPrefix, f.ID)
		b.WriteString("          InputFormat: org.apache.hadoop.mapred.TextInputFormat\n")
		b.WriteString("          OutputFormat: org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat\n")
		b.WriteString("          SerdeInfo:\n            SerializationLibrary: org.apache.hadoop.hive.serde2.OpenCSVSerde\n")
		b.WriteString("            Parameters: {separatorChar: \",\", quoteChar: \"\\\"\", escapeChar: \"\\u0001\"}\n          Columns:\n")
		for i, n := range names {
			fmt.Fprintf(&b, "            - {Name: %s, Type: string, Comment: %s}\n", n, strconv.Quote(comments[i]))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// subEscape writes a literal ${…} in a !Sub string as ${!…}.
func subEscape(s string) string { return strings.ReplaceAll(s, "${", "${!") }

// TestGlueTables checks that the template's Glue tables are exactly those
// generated from the form schema (rewrite them with -update).
func TestGlueTables(t *testing.T) {
	data := infra.Template
	begin := bytes.Index(data, []byte(glueBegin))
	end := bytes.Index(data, []byte(glueEnd))
	if begin < 0 || end < begin {
		t.Fatal("template.yaml lacks the generated Glue tables markers")
	}
	start := begin + bytes.IndexByte(data[begin:], '\n') + 1
	want := glueTables()
	if got := string(data[start:end]); got != want {
		if !*update {
			t.Fatal("Glue tables in template.yaml differ from lambda/form; run go test ./infra -run TestGlueTables -update")
		}
		out := append(append(append([]byte(nil), data[:start]...), want...), data[end:]...)
		if err := os.WriteFile("template.yaml", out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("rewrote the Glue tables in template.yaml")
	}
}

// TestGlueTablesQueryable checks each table in the parsed template: it reads
// the form's CSV (header skipped) from its own prefix with year/month
// projected, with the columns of its version, in order.
func TestGlueTablesQueryable(t *testing.T) {
	tpl := parse(t, infra.Template)
	tables := tpl.Typed.GetAllGlueTableResources()
	if len(tables) != len(allGlueTables()) {
		t.Fatalf("%d Glue tables, want one per version of each form (%d)", len(tables), len(allGlueTables()))
	}
	for _, want := range allGlueTables() {
		f := want.form
		t.Run(want.name, func(t *testing.T) {
			tb, ok := tables[want.resource]
			if !ok {
				t.Fatal("no table")
			}
			in := tb.TableInput
			params, _ := in.Parameters.(map[string]any)
			for k, v := range map[string]string{
				"skip.header.line.count": "1", "projection.enabled": "true",
				"projection.year.type": "integer", "projection.month.type": "integer", "projection.month.digits": "2",
				"storage.location.template": "!Sub s3://${SubmissionsBucket}/" + subEscape(record.ProjectionTemplate(f.ID)),
			} {
				if got, _ := params[k].(string); cfn.Show(got) != v {
					t.Errorf("parameter %s = %q, want %q", k, cfn.Show(got), v)
				}
			}
			if len(in.PartitionKeys) != 2 || in.PartitionKeys[0].Name != "year" || in.PartitionKeys[1].Name != "month" {
				t.Error("partition keys must be year, month")
			}
			sd := in.StorageDescriptor
			if sd == nil || sd.SerdeInfo == nil || deref(sd.SerdeInfo.SerializationLibrary) != "org.apache.hadoop.hive.serde2.OpenCSVSerde" {
				t.Fatal("want the OpenCSV SerDe (quoted fields)")
			}
			// OpenCSV's default escape is the backslash, which it would eat
			// from every cell (C:\报告 → C:报告); the CSV escapes quotes by
			// doubling them, so the escape must be a character no stored
			// cell holds: a control character, which validation refuses.
			serde, _ := sd.SerdeInfo.Parameters.(map[string]any)
			if esc, _ := serde["escapeChar"].(string); len([]rune(esc)) != 1 || !unicode.IsControl([]rune(esc)[0]) || esc == "\n" || esc == "\t" {
				t.Errorf("escapeChar %q: want one control character that no cell can hold, never the backslash", esc)
			}
			var got, header []string
			for _, c := range sd.Columns {
				got = append(got, deref(c.Comment))
			}
			for _, c := range want.version.Columns {
				header = append(header, c.Header)
			}
			if !slices.Equal(got, header) || deref(in.Name) != want.name {
				t.Errorf("%s columns %v, want the CSV header of version %s %v", deref(in.Name), got, want.version.ID, header)
			}
		})
	}
}
