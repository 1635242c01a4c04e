package bundle_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"dunban/lambda/bundle"
	"dunban/lambda/bundle/bundletest"
	"dunban/lambda/form"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
	"dunban/lambda/s3test"
)

func report(at time.Time, id, title, fileName, fileKey string) bundletest.Sub {
	return bundletest.Sub{Form: form.Report, ID: id, Received: at, Unit: "包头市", Period: "2021-H1",
		Values: map[string]string{"kind": "调研报告", "title": title, "author": "李四", "phone": "13800000000",
			"abstract": "摘要摘要摘要摘要摘要摘要摘要摘要摘要摘要", "file": fileName, form.FieldFileKey: fileKey, "consent": "是"}}
}

// TestFiles: with Files, each report's file is in the zip (by the key the
// form carried, or where a no-JS upload goes), and the list says which are missing.
func TestFiles(t *testing.T) {
	srv := s3test.New(t)
	reg, rd := bundletest.Registry(t), bundletest.Round(t)
	st := s3store.New(srv.Client, srv.Bucket)
	ctx := context.Background()
	t1, t2, t3 := bundletest.At(2021, 6, 20, 9), bundletest.At(2021, 6, 21, 9), bundletest.At(2021, 6, 22, 9)
	withKey, noJSID, lost := record.New(t1).String(), record.New(t2), record.New(t3).String()
	noJS := noJSID.String()
	pdf, docx := []byte("%PDF-1.4 调研报告"), []byte("PK\x03\x04 docx")
	st.Create(ctx, "uploads/report/year=2021/month=06/0190aaaa-0000-7000-8000-000000000001.pdf", pdf, "application/pdf")
	st.Create(ctx, record.UploadKey("report", noJSID, ".docx"), docx, "application/octet-stream")
	bundletest.Put(t, st, reg,
		report(t1, withKey, "走访调研：一中", "a.pdf", "uploads/report/year=2021/month=06/0190aaaa-0000-7000-8000-000000000001.pdf"),
		report(t2, noJS, "团支部/共建?", "B.DOCX", ""),
		report(t3, lost, "未上传", "c.pdf", ""),
	)
	req := bundle.Request{Scope: "包头市", Forms: []string{"report"}, From: bundle.Month{Year: 2021, Month: 6}, To: bundle.Month{Year: 2021, Month: 6}, Files: true}
	m, files := build(t, builder(st, reg, rd), req)
	if got := files["报告文件/包头市/包头市/2021年上半年-调研报告-走访调研：一中.pdf"]; !bytes.Equal(got, pdf) {
		t.Errorf("pdf in zip: %q (files %v)", got, keys(files))
	}
	if got := files["报告文件/包头市/包头市/2021年上半年-调研报告-团支部_共建_.docx"]; !bytes.Equal(got, docx) {
		t.Errorf("docx in zip: %q (files %v)", got, keys(files))
	}
	list := readCSV(t, bundle.FilesListName, files[bundle.FilesListName])
	if got := column(t, list, "状态"); !slices.Equal(got, []string{"已附", "已附", "缺失：文件未上传或无法读取"}) {
		t.Errorf("status = %q", got)
	}
	checkManifest(t, m, files)
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
