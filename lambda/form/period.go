package form

import (
	"fmt"
	"strconv"
	"strings"
)

// PeriodSpan is what a period id means: the months of one year it covers.
// It is the one reading of period ids: the round file, the collector's
// object keys (Start) and the bundle's months (Last, Whole) all use it.
type PeriodSpan struct {
	Year int // the year the period is in
	From int // first month covered (1–12)
	To   int // last month covered (1–12)
}

// ParsePeriod reads a period id: YYYY (the year), YYYY-MM (a month),
// YYYY-H1 (January–June) or YYYY-H2 (July–December), years 2000–2099.
func ParsePeriod(id string) (PeriodSpan, error) {
	y, rest, _ := strings.Cut(id, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 2000 || year > 2099 {
		return PeriodSpan{}, fmt.Errorf("报送期“%s”无效（应为 YYYY、YYYY-MM、YYYY-H1 或 YYYY-H2）", id)
	}
	switch rest {
	case "":
		if strings.Contains(id, "-") {
			break
		}
		return PeriodSpan{year, 1, 12}, nil
	case "H1":
		return PeriodSpan{year, 1, 6}, nil
	case "H2":
		return PeriodSpan{year, 7, 12}, nil
	default:
		m, err := strconv.Atoi(rest)
		if err == nil && len(rest) == 2 && m >= 1 && m <= 12 {
			return PeriodSpan{year, m, m}, nil
		}
	}
	return PeriodSpan{}, fmt.Errorf("报送期“%s”无效（应为 YYYY、YYYY-MM、YYYY-H1 或 YYYY-H2）", id)
}

// Start is the first month of the period, which files its submissions:
// 2021-04 → (2021, 4); 2021 and 2021-H1 → (2021, 1); 2021-H2 → (2021, 7).
func (p PeriodSpan) Start() (year, month int) { return p.Year, p.From }

// Whole reports whether the period is a whole year.
func (p PeriodSpan) Whole() bool { return p.From == 1 && p.To == 12 }

// Month reports whether the period is one month.
func (p PeriodSpan) Month() bool { return p.From == p.To }
