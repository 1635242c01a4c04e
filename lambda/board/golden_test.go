package board_test

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dunban/lambda/board"
	"dunban/lambda/bundle"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hostile is sample with characters that need escaping in every string
// the board shows: names, contacts, regions, grades, titles and options.
func hostile() *bundle.Board {
	bd := sample()
	const h = `<b>&"'+ `
	bd.Scope = "全区" + h
	bd.Rows[0].Unit.Name = `包头市<i>"A&B"</i>'s +1`
	bd.Rows[0].Contact = bundle.Contact{Name: `王&"芳'<`, Phone: "0472-5123456", From: "2021年3月 " + h}
	bd.Rows[1].Contact.Phone = `13<9>&"'`
	bd.Regions[0].Region = "包头市" + h
	bd.Regions[1].Units = 3
	bd.Grades[0].Grade = "优" + h
	bd.Periods[0].Title = "月报" + h
	bd.Periods[0].Label = "2021年3月" + h
	bd.Periods = append(bd.Periods, bundle.PeriodCount{Form: `x"&<y`, Title: "其他" + h, Period: "2021", Label: "2021年度",
		From: bundle.Month{Year: 2021, Month: 1}, To: bundle.Month{Year: 2021, Month: 12}, Count: 3})
	return bd
}

var hostileOptions = board.Options{Admin: "管理员" + `<b>&"'+ `, Scopes: []string{"全区" + `<b>&"'+ `, `包头<市>&"'`},
	Years: []int{2020, 2021}, Action: `/api/board?x=1&y="2"'<>+ 中`, Back: `/admin/?a=1&b='<x>"+ 中`}

func TestGolden(t *testing.T) {
	noUnits := sample()
	noUnits.Rows, noUnits.Regions, noUnits.Periods = nil, nil, nil
	type render func(io.Writer, *bundle.Board, board.Options) error
	for _, tc := range []struct {
		name   string
		render render
		bd     *bundle.Board
		o      board.Options
	}{
		{"fragment", board.Fragment, sample(), board.Options{Admin: "管理员", Scopes: []string{"全区", "包头市"}}},
		{"page", board.Page, sample(), board.Options{Scopes: []string{"全区"}, Years: []int{2021}, Back: "/admin/"}},
		{"fragment-nounits", board.Fragment, noUnits, board.Options{}},
		{"page-nounits", board.Page, noUnits, board.Options{Scopes: []string{"全区", "包头市"}, Years: []int{2020, 2021}, Action: "/api/board", Back: "/admin/"}},
		{"fragment-escape", board.Fragment, hostile(), hostileOptions},
		{"page-escape", board.Page, hostile(), hostileOptions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b, tc.bd, tc.o); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".html")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (go test -update to accept):\n%s", tc.name, golden, firstDiff(b.Bytes(), want))
			}
		})
	}
}

// firstDiff shows where got first departs from want.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(got[from:min(len(got), i+80)]) + "\nwant: …" + string(want[from:min(len(want), i+80)])
}
