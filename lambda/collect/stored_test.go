package collect

import (
	"strings"
	"testing"

	"dunban/lambda/form"
)

func TestReceiptOfAnEarlierFormVersion(t *testing.T) {
	header := append(form.Monthly.Header(), "后来删掉的列")
	rec := make([]string, len(header))
	copy(rec, []string{"0178afe0-4c00-7a3b-9c1d-2e3f4a5b6c7d", "2021-04-08T13:10:00+08:00", "2020.9", "2021-03", "包头市", "包头市", "是", "1"})
	h, recs, err := DecodeCSV(EncodeCSV(header, [][]string{rec}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := form.Monthly.ParseRecords(h, recs); err == nil {
		t.Fatal("the old version parses as the current one; the test proves nothing")
	}
	sub, err := metaOnly(form.Monthly, h, recs)
	if err != nil || sub.ID != rec[0] || sub.Unit != "包头市" || !sub.Late || sub.Received.Hour() != 13 {
		t.Errorf("metadata = %+v, %v", sub, err)
	}
	if _, err := metaOnly(form.Monthly, []string{"a"}, [][]string{{"b"}}); err == nil || !strings.Contains(err.Error(), "metadata") {
		t.Errorf("no metadata: %v", err)
	}
}
