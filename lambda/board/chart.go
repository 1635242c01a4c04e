package board

import (
	"fmt"

	"dunban/lambda/bundle"
)

// Charts are drawn as SVG by this code, in a viewBox of chartWidth user
// units that the page scales to its column: about 1:1 on a phone, a third
// larger on a desktop, so the labels stay readable on both.
const (
	chartWidth = 360
	labelRight = 84  // labels end here (text-anchor end)
	barLeft    = 90  // bars start here
	barWidth   = 160 // a full bar
	rowHeight  = 26
	barHeight  = 16
	chartTop   = 30 // room for the legend
)

// Chart is one bar chart ready for the template.
type Chart struct {
	Title, Desc   string
	Width, Height int
	Legend        []Swatch
	Rows          []Bar
	// The geometry shared by every row.
	LabelRight, BarLeft, BarWidth, BarHeight int
}

func newChart(title string, rows, top int) Chart {
	return Chart{Title: title, Width: chartWidth, Height: top + rowHeight*rows + 4,
		LabelRight: labelRight, BarLeft: barLeft, BarWidth: barWidth, BarHeight: barHeight}
}

// Swatch is one legend entry.
type Swatch struct {
	X, TextX int
	Class    string
	Label    string
}

// Bar is one row of a chart: a label, segments and the figure at its end.
type Bar struct {
	Y, TextY int
	Label    string
	Segments []Segment
	Figure   string
	FigureX  int
}

// Segment is one coloured part of a bar.
type Segment struct {
	X, Width int
	Class    string
	Title    string
}

// completenessChart draws one stacked bar per region: the cells whose
// deadline has passed, reported on time, late and missing.
func completenessChart(bars []bundle.RegionBar) Chart {
	c := newChart("各盟市、高校报送完成率", len(bars), chartTop)
	states := []bundle.State{bundle.StateOnTime, bundle.StateLate, bundle.StateMissing}
	for i, s := range states {
		x := barLeft + i*86
		c.Legend = append(c.Legend, Swatch{X: x, TextX: x + 16, Class: "db-" + string(s), Label: s.Label()})
	}
	for i, r := range bars {
		due := r.Due()
		b := Bar{Y: chartTop + i*rowHeight, Label: regionLabel(r), FigureX: barLeft + barWidth + 6}
		b.TextY = b.Y + barHeight - 3
		b.Figure = "未到期"
		x := barLeft
		if due > 0 {
			done := r.Count[bundle.StateOnTime] + r.Count[bundle.StateLate]
			b.Figure = fmt.Sprintf("%d%%（%d/%d）", done*100/due, done, due)
			for _, s := range states {
				w := r.Count[s] * barWidth / due
				if r.Count[s] > 0 && w == 0 {
					w = 1
				}
				if w > 0 {
					b.Segments = append(b.Segments, Segment{X: x, Width: w, Class: "db-" + string(s),
						Title: fmt.Sprintf("%s %s：%d", r.Region, s.Label(), r.Count[s])})
				}
				x += w
			}
		}
		c.Desc += fmt.Sprintf("%s：%s；", b.Label, b.Figure)
		c.Rows = append(c.Rows, b)
	}
	return c
}

func regionLabel(r bundle.RegionBar) string {
	if r.Units > 1 {
		return fmt.Sprintf("%s（%d）", r.Region, r.Units)
	}
	return r.Region
}

// gradeChart draws one bar per suggested grade, as long as its share of
// the cadres.
func gradeChart(grades []bundle.GradeCount) Chart {
	c := newChart("建议等次分布（团干部人数）", len(grades), chartTop-20)
	total, most := 0, 0
	for _, g := range grades {
		total += g.Cadres
		most = max(most, g.Cadres)
	}
	for i, g := range grades {
		b := Bar{Y: chartTop - 20 + i*rowHeight, Label: g.Grade, FigureX: barLeft + barWidth + 6}
		b.TextY = b.Y + barHeight - 3
		b.Figure = fmt.Sprintf("%d人", g.Cadres)
		if total > 0 {
			b.Figure += fmt.Sprintf("（%d%%）", g.Cadres*100/total)
		}
		if most > 0 && g.Cadres > 0 {
			b.Segments = []Segment{{X: barLeft, Width: max(1, g.Cadres*barWidth/most), Class: "db-grade",
				Title: fmt.Sprintf("%s：%d人", g.Grade, g.Cadres)}}
		}
		c.Desc += fmt.Sprintf("%s：%s；", g.Grade, b.Figure)
		c.Rows = append(c.Rows, b)
	}
	return c
}
