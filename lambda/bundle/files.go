package bundle

import (
	"context"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"dunban/lambda/form"
	"dunban/lambda/record"

	"github.com/gocarina/gocsv"
)

// Report files are added to a bundle when the request asks for them.
const (
	filesDir      = "报告文件/"      // the files, by region and unit
	filesListName = "报告文件清单.csv" // one line per report: where its file is, or why it is missing
)

// filesListHeader is the header of 报告文件清单.csv.
var filesListHeader = []string{"所属地区", "填报单位", "报送期", "报告类型", "报告标题", "原文件名", "数据包中的文件", "状态", colFileKey}

// reportFile is one report's file to fetch: a row of the report form,
// decoded by the stable keys of its columns.
type reportFile struct {
	Region string `csv:"region"`
	Unit   string `csv:"unit"`
	Period string `csv:"period"`
	Kind   string `csv:"kind"`
	Title  string `csv:"title"`
	Name   string `csv:"file"`
	Key    string `csv:"file_key"` // set by the page's upload; empty without JavaScript
	ID     string `csv:"submission_id"`
}

// reportKeys are the column keys reportFile decodes.
var reportKeys = []string{form.MetaRegion, form.MetaUnit, form.MetaPeriod, "kind", "title", "file", form.FieldFileKey, form.MetaID}

// keyedRows is the rows of the bundle's reports under their column keys,
// for gocsv to decode into reportFile.
type keyedRows [][]string

// GetCSVRows returns the header of keys and the rows.
func (k keyedRows) GetCSVRows() ([][]string, error) { return k, nil }

// writeFiles adds the file of every report in the bundle, as stored
// (already compressed formats), and a list saying where each is.
func (b *Builder) writeFiles(ctx context.Context, a *archive, res *result) error {
	rows := keyedRows{reportKeys}
	err := eachRow(res.spill, current(res, formIndex(form.Report)), func(e *entry, cols columns, row []string) error {
		r := make([]string, len(reportKeys))
		for i, k := range reportKeys {
			r[i] = cols.get(row, k)
		}
		rows = append(rows, r)
		return nil
	})
	var files []reportFile
	if err == nil && len(rows) > 1 {
		err = gocsv.UnmarshalDecoder(rows, &files)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filesListName, err)
	}
	for i, rf := range files {
		if id, err := record.Parse(rf.ID); rf.Key == "" && err == nil {
			files[i].Key = record.UploadKey(form.Report.ID, id, path.Ext(rf.Name))
		}
	}
	// A zip takes one file at a time: the files first, then their list.
	used := map[string]bool{}
	lines := make([][]string, 0, len(files))
	for _, rf := range files {
		inZip, status, err := b.addFile(ctx, a, rf, used)
		if err != nil {
			return err
		}
		lines = append(lines, []string{rf.Region, rf.Unit, periodLabel(rf.Period), rf.Kind, rf.Title, rf.Name, inZip, status, rf.Key})
	}
	list, err := a.CSV(filesListName, res.req.Encoding, filesListHeader)
	if err != nil {
		return err
	}
	for _, line := range lines {
		if err := list.Write(line); err != nil {
			return fmt.Errorf("%s: %w", filesListName, err)
		}
	}
	return list.Close()
}

// addFile fetches one report's file into the zip, returning its name there
// and its status for the list. Only a failing zip is an error.
func (b *Builder) addFile(ctx context.Context, a *archive, rf reportFile, used map[string]bool) (string, string, error) {
	if rf.Key == "" || !strings.HasPrefix(rf.Key, record.UploadsPrefix) {
		return "", "缺失：没有存储位置", nil
	}
	body, err := b.Source.Get(ctx, rf.Key)
	if err != nil {
		return "", "缺失：文件未上传或无法读取", nil
	}
	name := uniqueName(used, filesDir+safeName(rf.Region)+"/"+safeName(rf.Unit)+"/"+
		safeName(periodLabel(rf.Period)+"-"+rf.Kind+"-"+rf.Title)+strings.ToLower(path.Ext(rf.Name)))
	return name, "已附", a.Stored(name, body)
}

// safeName makes s usable as one path element in a zip opened on Windows:
// no separators or reserved characters, at most 60 characters.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, ". ")
	if s == "" {
		return "_"
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60])
	}
	return s
}

// uniqueName returns name, or name with -2, -3 … before its extension if
// already used.
func uniqueName(used map[string]bool, name string) string {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d%s", base, i, ext)
	}
	used[name] = true
	return name
}
