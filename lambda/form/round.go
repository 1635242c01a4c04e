package form

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Round is one year's collection: which forms are open and the deadline of
// each period, read from content/rounds/<year>.json.
type Round struct {
	Year     int                  // e.g. 2021
	Title    string               // e.g. 2021年全区学校共青团“驻校蹲班”工作
	Ends     time.Time            // when the round ends: every form closes (zero: never)
	Location *time.Location       // the round's time zone (Asia/Shanghai)
	Forms    map[string]FormRound // by form id
}

// FormRound is one form's state in a round.
type FormRound struct {
	Open    bool     // a closed form refuses submissions
	Note    string   // shown on the form page, e.g. why it is closed
	Periods []Period // at least one; a form without a period field uses the first
}

// Period is a reporting period of a form and its deadline.
type Period struct {
	ID    string    // stored in the 报送期 column, e.g. 2021-03, 2021-H1
	Label string    // shown to people, e.g. 2021年3月
	Due   time.Time // deadline; zero means none. Later submissions are accepted and flagged late
	Year  int       // the year the period covers
	From  int       // first month covered (1–12)
	To    int       // last month covered (1–12)
}

// DueLayout is how deadlines are written in a round file, in the round's
// time zone; "YYYY-MM-DD 24:00" is the end of that day.
const DueLayout = "2006-01-02 15:04"

type roundJSON struct {
	Year     int    `json:"year"`
	Title    string `json:"title"`
	Timezone string `json:"timezone"`
	Ends     string `json:"ends"`
	Forms    map[string]struct {
		Open    bool   `json:"open"`
		Note    string `json:"note"`
		Periods []struct {
			ID    string `json:"id"`
			Label string `json:"label"`
			Due   string `json:"due"`
		} `json:"periods"`
	} `json:"forms"`
}

// ParseRound reads a round file. Every form must be listed, each with at
// least one period; every problem is reported at once.
func ParseRound(r io.Reader) (*Round, error) {
	var in roundJSON
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("round: %w", err)
	}
	var errs []error
	if in.Year < 2000 || in.Year > 2100 {
		errs = append(errs, fmt.Errorf("round: year %d 无效", in.Year))
	}
	loc, err := location(in.Timezone)
	if err != nil {
		errs = append(errs, err)
	}
	ends, err := parseDue(in.Ends, loc)
	if err != nil {
		errs = append(errs, fmt.Errorf("round: ends %q 应写作 %s", in.Ends, DueLayout))
	}
	rd := &Round{Year: in.Year, Title: in.Title, Ends: ends, Location: loc, Forms: map[string]FormRound{}}
	for id, fr := range in.Forms {
		if _, ok := ByID(id); !ok {
			errs = append(errs, fmt.Errorf("round: 未知表单 %q", id))
			continue
		}
		out := FormRound{Open: fr.Open, Note: fr.Note}
		seen := map[string]bool{}
		for _, p := range fr.Periods {
			due, err := parseDue(p.Due, loc)
			span, perr := ParsePeriod(p.ID)
			okID := perr == nil
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("round: %s 期 %q 截止时间 %q 应写作 %s", id, p.ID, p.Due, DueLayout))
			case !okID || seen[p.ID]:
				errs = append(errs, fmt.Errorf("round: %s 期 %q 编号无效或重复（应为 YYYY、YYYY-MM、YYYY-H1 或 YYYY-H2）", id, p.ID))
			case p.Label == "":
				errs = append(errs, fmt.Errorf("round: %s 期 %q 缺少 label", id, p.ID))
			}
			seen[p.ID] = true
			out.Periods = append(out.Periods, Period{ID: p.ID, Label: p.Label, Due: due, Year: span.Year, From: span.From, To: span.To})
		}
		if len(out.Periods) == 0 {
			errs = append(errs, fmt.Errorf("round: %s 至少需要一个 period", id))
		}
		rd.Forms[id] = out
	}
	for _, f := range All() {
		if _, ok := in.Forms[f.ID]; !ok {
			errs = append(errs, fmt.Errorf("round: 缺少表单 %s", f.ID))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rd, nil
}

// Shanghai is Beijing time: +08:00 all year, as China keeps no daylight saving.
var Shanghai = time.FixedZone("CST", 8*3600)

// location loads a time zone; Asia/Shanghai falls back to Shanghai where
// the system has no zone database.
func location(name string) (*time.Location, error) {
	if name == "" {
		name = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(name)
	if err == nil {
		return loc, nil
	}
	if name == "Asia/Shanghai" {
		return Shanghai, nil
	}
	return nil, fmt.Errorf("round: timezone %q: %w", name, err)
}

// parseDue reads a deadline. "24:00" is the end of that day, as in
// “10日24:00前”: the deadline is the day's last instant, so the whole day
// counts as on time (and the date is still that day's).
func parseDue(s string, loc *time.Location) (time.Time, error) {
	if s == "" || loc == nil {
		return time.Time{}, nil
	}
	if day, ok := strings.CutSuffix(s, " 24:00"); ok {
		t, err := time.ParseInLocation(DueLayout, day+" 00:00", loc)
		if err != nil {
			return time.Time{}, err
		}
		return t.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return time.ParseInLocation(DueLayout, s, loc)
}

// Form returns the form's state in the round (closed and without periods if absent).
func (r *Round) Form(id string) FormRound { return r.Forms[id] }

// Open reports whether the form accepts submissions, as the round file
// says; OpenAt also counts the round's end.
func (r *Round) Open(id string) bool { return r.Forms[id].Open }

// MsgEnded is what a form says once its round has ended.
const MsgEnded = "本年度报送已结束。"

// Ended reports whether the round has ended at now.
func (r *Round) Ended(now time.Time) bool { return !r.Ends.IsZero() && now.After(r.Ends) }

// OpenAt reports whether the form accepts submissions at now: open in the
// round file, and the round not ended.
func (r *Round) OpenAt(id string, now time.Time) bool { return r.Open(id) && !r.Ended(now) }

// Period returns the form's period with this id.
func (r *Round) Period(formID, id string) (Period, bool) {
	for _, p := range r.Forms[formID].Periods {
		if p.ID == id {
			return p, true
		}
	}
	return Period{}, false
}

// due returns the deadline of a form's period (zero if it has none or is unknown).
func (r *Round) due(formID, periodID string) time.Time {
	p, _ := r.Period(formID, periodID)
	return p.Due
}

// late reports whether a submission received at t for the period is past its deadline.
func (r *Round) late(formID, periodID string, t time.Time) bool {
	due := r.due(formID, periodID)
	return !due.IsZero() && t.After(due)
}

// currentPeriod is the period a page preselects at now: the first whose
// deadline has not passed, else the last.
func (r *Round) currentPeriod(formID string, now time.Time) Period {
	ps := r.Forms[formID].Periods
	for _, p := range ps {
		if p.Due.IsZero() || !now.After(p.Due) {
			return p
		}
	}
	if len(ps) == 0 {
		return Period{}
	}
	return ps[len(ps)-1]
}

// DueText writes a deadline for people, e.g. 2021年3月10日（星期三）15:00（北京时间）.
func DueText(t time.Time) string {
	if t.IsZero() {
		return "不设截止时间"
	}
	week := []string{"日", "一", "二", "三", "四", "五", "六"}
	return fmt.Sprintf("%d年%d月%d日（星期%s）%02d:%02d（北京时间）", t.Year(), int(t.Month()), t.Day(), week[t.Weekday()], t.Hour(), t.Minute())
}

// Content is what the forms need from the content folder.
type Content struct {
	Units *Registry
	Round *Round
}

// LoadContent reads units.csv and the newest rounds/<year>.json of a content folder.
func LoadContent(fsys fs.FS) (*Content, error) {
	reg, err := LoadUnits(fsys)
	if err != nil {
		return nil, err
	}
	name, err := newestRound(fsys)
	if err != nil {
		return nil, err
	}
	rf, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("load round: %w", err)
	}
	defer rf.Close()
	rd, err := ParseRound(rf)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".json"); want != strconv.Itoa(rd.Year) {
		return nil, fmt.Errorf("load %s: year %d does not match the file name", name, rd.Year)
	}
	return &Content{Units: reg, Round: rd}, nil
}

// LoadUnits reads units.csv of a content folder.
func LoadUnits(fsys fs.FS) (*Registry, error) {
	f, err := fsys.Open("units.csv")
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	defer f.Close()
	reg, err := ParseUnits(f)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	return reg, nil
}

func newestRound(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "rounds/[0-9][0-9][0-9][0-9].json")
	if err != nil || len(names) == 0 {
		return "", fmt.Errorf("load round: no rounds/<year>.json in content")
	}
	sort.Strings(names)
	return names[len(names)-1], nil
}
