package admin

import (
	"net/http"
	"sync"
	"time"
)

// Refused tokens are counted per minute in the audit log: the first refusal
// of a minute is written at once, and the minute's total, when there was
// more than one, once the minute is over (at the next request). A flood of
// wrong tokens so writes at most two records a minute, not one per request.
type refusals struct {
	mu     sync.Mutex
	minute time.Time // the minute being counted; zero when none
	count  int
	last   Record // the minute's latest refusal: where it came from
}

// ActionRefusedTokens is the action of a minute's total of refused tokens.
const ActionRefusedTokens = "refused-tokens"

// add counts a refused token. It returns the record to write now: the
// first of its minute (with the total of an earlier minute, if one is
// pending), or nothing.
func (c *refusals) add(rec *Record) []*Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	minute := rec.At.Truncate(time.Minute)
	if minute.Equal(c.minute) {
		c.count++
		c.last = *rec
		return nil
	}
	out := c.closeLocked()
	c.minute, c.count, c.last = minute, 1, *rec
	return append(out, rec)
}

// due returns the total of a minute that is over at now, if one is pending.
func (c *refusals) due(now time.Time) []*Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.minute.IsZero() || now.Before(c.minute.Add(time.Minute)) {
		return nil
	}
	return c.closeLocked()
}

// closeLocked ends the minute being counted, returning its total record
// when it counted more than the one already written.
func (c *refusals) closeLocked() []*Record {
	var out []*Record
	if c.count > 1 {
		total := c.last
		total.Action, total.Count = ActionRefusedTokens, c.count
		total.Minute = c.minute.Format("2006-01-02T15:04")
		total.At = c.minute.Add(time.Minute - time.Second)
		total.Time = total.At.Format(time.RFC3339)
		out = append(out, &total)
	}
	c.minute, c.count = time.Time{}, 0
	return out
}

// refusedToken counts a request refused for its token in the audit log.
func (h *handler) refusedToken(r *http.Request, rec *Record) {
	for _, out := range h.refused.add(rec) {
		if out != rec {
			out.ID = h.cfg.NewID()
		}
		h.audit(r, out)
	}
}

// flushRefusals writes the total of a finished minute of refused tokens.
func (h *handler) flushRefusals(r *http.Request) {
	for _, out := range h.refused.due(h.cfg.Now()) {
		out.ID = h.cfg.NewID()
		h.audit(r, out)
	}
}
