package collect

import (
	"errors"
	"fmt"
	"time"

	"dunban/lambda/form"
)

// metaOnly reads the metadata columns of a stored submission whose other
// columns no longer match the form (the form's version changed since), so
// its receipt can still be shown and a retry still answered.
func metaOnly(f *form.Form, header []string, records [][]string) (*form.Submission, error) {
	if len(records) == 0 {
		return nil, errors.New("read stored submission: no records")
	}
	col := map[string]string{}
	for _, c := range form.MetaColumns {
		for i, h := range header {
			if h == c.Header && i < len(records[0]) {
				col[c.Key] = records[0][i]
			}
		}
	}
	received, err := time.Parse(form.ReceivedLayout, col[form.MetaReceived])
	if err != nil || col[form.MetaID] == "" {
		return nil, fmt.Errorf("read stored submission: metadata columns missing or malformed: %v", err)
	}
	return &form.Submission{
		Form: f, ID: col[form.MetaID], Received: received, Unit: col[form.MetaUnit], Region: col[form.MetaRegion],
		Period: col[form.MetaPeriod], Late: col[form.MetaLate] == "是", Values: map[string]string{},
	}, nil
}
