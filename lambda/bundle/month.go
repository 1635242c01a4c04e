package bundle

import (
	"fmt"
	"time"

	"dunban/lambda/form"
)

// Month is a calendar month, the unit of bundle periods.
type Month struct {
	Year  int
	Month time.Month
}

// MonthError reports a month not written as YYYY-MM.
type MonthError struct{ Value string }

func (e *MonthError) Error() string {
	return fmt.Sprintf("月份“%s”无效，应写作 YYYY-MM，如 2021-03", e.Value)
}

// ParseMonth reads "2021-03".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, &MonthError{s}
	}
	return Month{t.Year(), t.Month()}, nil
}

// monthOf returns the month t falls in, in t's location.
func monthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// String formats m as "2021-03".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return m.Year == 0 }

// index counts months since year 0, for comparisons and arithmetic.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

// add returns the month n months after m.
func (m Month) add(n int) Month {
	i := m.index() + n
	return Month{i / 12, time.Month(i%12 + 1)}
}

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// earlier returns the earlier of a and b.
func earlier(a, b Month) Month {
	if b.Before(a) {
		return b
	}
	return a
}

// start is the first instant of m in loc.
func (m Month) start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// MarshalText writes m as "2021-03".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "2021-03".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Shanghai is the time zone of every deadline and received time (+08:00).
var Shanghai = form.Shanghai
