package bundle

import (
	"context"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// Report files are added to a bundle when the request asks for them.
const (
	FilesDir      = "报告文件/"      // the files, by region and unit
	FilesListName = "报告文件清单.csv" // one line per report: where its file is, or why it is missing
)

// FilesListHeader is the header of 报告文件清单.csv.
var FilesListHeader = []string{"所属地区", "填报单位", "报送期", "报告类型", "报告标题", "原文件名", "数据包中的文件", "状态", colFileKey}

// reportFile is one report's file to fetch.
type reportFile struct {
	region, unit, period, kind, title, name, key string
}

// writeFiles adds the file of every report in the bundle, as stored
// (already compressed formats), and a list saying where each is.
func (b *Builder) writeFiles(ctx context.Context, a *Archive, res *result) error {
	f := form.Report
	var files []reportFile
	err := eachRow(res.spill, current(res, formIndex(f)), func(e *entry, cols columns, row []string) error {
		rf := reportFile{region: res.str(e.region), unit: res.str(e.unit), period: res.str(e.period),
			kind: cols.field(f, row, "kind"), title: cols.field(f, row, "title"), name: cols.field(f, row, "file"),
			key: cols.field(f, row, form.FieldFileKey)}
		if rf.key == "" {
			rf.key = record.UploadKey(f.ID, e.id, path.Ext(rf.name))
		}
		files = append(files, rf)
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", FilesListName, err)
	}
	// A zip takes one file at a time: the files first, then their list.
	used := map[string]bool{}
	rows := make([][]string, 0, len(files))
	for _, rf := range files {
		inZip, status, err := b.addFile(ctx, a, rf, used)
		if err != nil {
			return err
		}
		rows = append(rows, []string{rf.region, rf.unit, PeriodLabel(rf.period), rf.kind, rf.title, rf.name, inZip, status, rf.key})
	}
	list, err := a.CSV(FilesListName, res.req.Encoding, FilesListHeader)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := list.Write(row); err != nil {
			return fmt.Errorf("%s: %w", FilesListName, err)
		}
	}
	return list.Close()
}

// addFile fetches one report's file into the zip, returning its name there
// and its status for the list. Only a failing zip is an error.
func (b *Builder) addFile(ctx context.Context, a *Archive, rf reportFile, used map[string]bool) (string, string, error) {
	if rf.key == "" || !strings.HasPrefix(rf.key, "uploads/") {
		return "", "缺失：没有存储位置", nil
	}
	body, err := b.Source.Get(ctx, rf.key)
	if err != nil {
		return "", "缺失：文件未上传或无法读取", nil
	}
	name := uniqueName(used, FilesDir+safeName(rf.region)+"/"+safeName(rf.unit)+"/"+
		safeName(PeriodLabel(rf.period)+"-"+rf.kind+"-"+rf.title)+strings.ToLower(path.Ext(rf.name)))
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
