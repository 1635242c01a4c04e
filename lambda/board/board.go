// Package board renders an admin's board as HTML: the periods of every
// form with their counts, the unit × period grid of the forms every unit
// owes (each cell and count leads to the units with their contacts), and
// charts drawn as inline SVG by this package — reporting completeness per
// 盟市 and 高校, and the distribution of suggested grades. It reads on a
// phone, prints cleanly and needs no script: lists open as link targets.
// The admin page inserts the fragment; without JavaScript the admin API
// answers a form post with the whole page.
package board

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"dunban/lambda/bundle"
	"dunban/lambda/form"
)

//go:embed assets
var assets embed.FS

// Assets holds the board's stylesheet, named Style.
var Assets, _ = fs.Sub(assets, "assets") // fs.Sub fails only for an invalid path

// Style is the name of the stylesheet in Assets.
const Style = "board.css"

// Options are what a board needs besides the counts.
type Options struct {
	Admin  string   // who asks
	Scopes []string // the scopes this admin may choose, their own first
	Years  []int    // the years offered
	Action string   // where the page's form posts ("": back to the page's own URL), for the page only
	Back   string   // the admin page, for the page only
}

// view is what the page writer shows.
type view struct {
	Options
	*bundle.Board
	AsOfText     string
	Completeness Chart
	Grades       Chart
	Periods      []periodView
	Columns      []columnView
	CountRows    []countRow
	Rows         []rowView
	Lists        []listView
	Units        []unitView
	Style        string // the page's own stylesheet, inline
}

type periodView struct {
	Group            string // the form's title on its first period
	Form, Label, Due string
	Count, Expected  int
	Corrections      int // earlier versions replaced by a unit's later submission
	Missing          string
	MissingCount     int
	From, To         string
	Use              string // the button's accessible name
}

type columnView struct {
	Short, Label, Due string
}

type countView struct {
	N          int
	Href, Name string
}

// countRow is one state's counts under the grid's header, a cell per column.
type countRow struct {
	State  bundle.State
	Label  string
	Counts []countView
}

type rowView struct {
	Name, Href string
	Cells      []cellView
}

type cellView struct {
	State         bundle.State
	Symbol, Title string
}

type listView struct {
	ID, Title string
	Units     []unitView
}

type unitView struct {
	ID, Name, Region, Contact, Phone, From, Summary string
	Tel                                             string // a tel: link, built from digits only
}

// symbols tell the states apart without colour, on screen and on paper.
var symbols = map[bundle.State]string{bundle.StateOnTime: "✓", bundle.StateLate: "迟", bundle.StateMissing: "✗", bundle.StatePending: "·"}

// Fragment writes the board as a section for the admin page.
func Fragment(w io.Writer, bd *bundle.Board, o Options) error {
	var p page
	p.writeFragment(newView(bd, o))
	return flush(w, &p)
}

// Page writes the board as a whole page, styles inline, for the admin
// API's answer to a form posted without JavaScript.
func Page(w io.Writer, bd *bundle.Board, o Options) error {
	css, err := fs.ReadFile(Assets, Style)
	if err != nil {
		return fmt.Errorf("board style: %w", err)
	}
	v := newView(bd, o)
	v.Style = string(css) // our own embedded file
	var p page
	p.writePage(v)
	return flush(w, &p)
}

// flush writes a finished page to w in one piece.
func flush(w io.Writer, p *page) error {
	if _, err := p.WriteTo(w); err != nil {
		return fmt.Errorf("board: %w", err)
	}
	return nil
}

func newView(bd *bundle.Board, o Options) *view {
	v := &view{Options: o, Board: bd, AsOfText: bundle.TimeText(bd.AsOf),
		Completeness: completenessChart(bd.Regions), Grades: gradeChart(bd.Grades)}
	v.Periods = periods(bd.Periods)
	units := map[string]string{}
	for i, r := range bd.Rows {
		u := unitOf(r, i)
		units[r.Unit.Name] = u.ID
		v.Units = append(v.Units, u)
		row := rowView{Name: r.Unit.Name, Href: "#" + u.ID}
		for j, s := range r.Cells {
			c := cellView{State: s, Symbol: "—", Title: r.Unit.Name + " " + bd.Columns[j].Label() + "：不需报送"}
			if s != "" {
				c.Symbol, c.Title = symbols[s], r.Unit.Name+" "+bd.Columns[j].Label()+"："+s.Label()
			}
			row.Cells = append(row.Cells, c)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, s := range []bundle.State{bundle.StateOnTime, bundle.StateLate, bundle.StateMissing} {
		v.CountRows = append(v.CountRows, countRow{State: s, Label: s.Label()})
	}
	for j, c := range bd.Columns {
		cv := columnView{Short: shortLabel(c), Label: c.Label()}
		if !c.Period.Due.IsZero() {
			cv.Due = c.Period.Due.In(bundle.Shanghai).Format("1月2日")
		}
		v.Columns = append(v.Columns, cv)
		for k := range v.CountRows {
			cr := &v.CountRows[k]
			cnt := countView{N: c.Count[cr.State]}
			if cnt.N > 0 {
				l := v.list(j, cr.State, fmt.Sprintf("%s · %s（%d个单位）", cv.Label, cr.Label, cnt.N))
				cnt.Href, cnt.Name = "#"+l.ID, l.Title
			}
			cr.Counts = append(cr.Counts, cnt)
		}
	}
	return v
}

// list adds the list of the units of column j in state s.
func (v *view) list(j int, s bundle.State, title string) listView {
	l := listView{ID: fmt.Sprintf("db-l-%d-%s", j, s), Title: title}
	for i, r := range v.Board.Rows {
		if r.Cells[j] == s {
			l.Units = append(l.Units, v.Units[i])
		}
	}
	v.Lists = append(v.Lists, l)
	return l
}

func periods(ps []bundle.PeriodCount) []periodView {
	var out []periodView
	last := ""
	for _, p := range ps {
		pv := periodView{Form: p.Form, Label: p.Label, Due: p.Due, Count: p.Count, Expected: p.Expected, Corrections: p.Corrections,
			MissingCount: p.Missing, From: p.From.String(), To: p.To.String(), Use: "选用 " + p.Title + " " + p.Label}
		if p.Form != last {
			pv.Group, last = p.Title, p.Form
		}
		switch {
		case p.Expected == 0:
			pv.Missing = "—"
		case p.Passed:
			pv.Missing = fmt.Sprint(p.Missing)
		default:
			pv.Missing = "未到期"
		}
		out = append(out, pv)
	}
	return out
}

func unitOf(r bundle.BoardRow, i int) unitView {
	u := unitView{ID: fmt.Sprintf("db-u-%d", i), Name: r.Unit.Name, Region: r.Unit.Region(),
		Contact: r.Contact.Name, Phone: r.Contact.Phone, From: r.Contact.From}
	if phoneRe.MatchString(u.Phone) {
		u.Tel = "tel:" + strings.ReplaceAll(u.Phone, "-", "")
	}
	n := map[bundle.State]int{}
	for _, s := range r.Cells {
		n[s]++
	}
	u.Summary = fmt.Sprintf("已报送 %d · 逾期 %d · 未报送 %d", n[bundle.StateOnTime], n[bundle.StateLate], n[bundle.StateMissing])
	return u
}

var phoneRe = regexp.MustCompile(`^[0-9][0-9-]{4,19}$`)

// shortLabel names a column in its header: 安排表, 3月.
func shortLabel(c bundle.BoardColumn) string {
	if c.Form == form.Monthly {
		return fmt.Sprintf("%d月", c.Period.From)
	}
	return "安排表"
}
