package collect

import (
	"strconv"
	"time"

	"dunban/lambda/form"
)

// periodStart is the first instant of the submission's period, from the
// round when it knows the period.
func (h *Handler) periodStart(sub *form.Submission) time.Time {
	rd := h.Content.Round
	if p, ok := rd.Period(sub.Form.ID, sub.Period); ok && p.Year >= 2000 && p.From >= 1 && p.From <= 12 {
		return time.Date(p.Year, time.Month(p.From), 1, 0, 0, 0, 0, h.location())
	}
	return periodStart(sub.Period, rd.Year, h.location())
}

// periodStart is the first instant of a round period given by its id:
// 2021-03 is March 2021, 2021-H1 January and 2021-H2 July, 2021-Q3 July;
// anything else is January of its leading year, or of the round's year.
func periodStart(id string, roundYear int, loc *time.Location) time.Time {
	year, month := roundYear, 1
	if len(id) >= 4 {
		if y, err := strconv.Atoi(id[:4]); err == nil && y >= 2000 && y <= 2100 {
			year = y
		}
	}
	if len(id) == 7 && id[4] == '-' {
		switch rest := id[5:]; {
		case rest == "H2":
			month = 7
		case rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
			month = 3*int(rest[1]-'1') + 1
		default:
			if m, err := strconv.Atoi(rest); err == nil && m >= 1 && m <= 12 {
				month = m
			}
		}
	}
	if year < 2000 || year > 2100 {
		year = 2021
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc)
}
