package collect

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"dunban/lambda/form"
	"dunban/lambda/record"
)

// lister lists the keys under a prefix; the S3 adapter is one.
type lister interface {
	List(ctx context.Context, prefix string, fn func(key string, size int64) error) error
}

// cadres handles POST /cadres: given a unit and its 单位填报码, the names of
// the cadres in the unit's latest 工作安排表 of the current round, for the
// monthly report's rows. Nothing but names leaves: no phone, post or school.
func (h *Handler) cadres(w http.ResponseWriter, r *http.Request) {
	h.cors(w, r)
	vals, p := h.read(r)
	if p != nil {
		h.fail(w, r, jsonBody, p)
		return
	}
	if e := h.checkCode(form.Arrangement, vals); e != nil {
		writeJSON(w, http.StatusForbidden, answer{Message: e.Message, Errors: []fieldError{{Field: e.Field, Message: e.Message}}})
		return
	}
	unitField, _ := form.Arrangement.Field(form.FieldUnit)
	unit := form.Normalize(unitField, vals.Get(form.FieldUnit))
	names, err := h.arrangementNames(r.Context(), unit)
	if err != nil {
		h.logger(r).Error("read arrangements", "err", err)
		h.fail(w, r, jsonBody, refuse(http.StatusServiceUnavailable, "暂时无法读取工作安排表，请稍后再试。", err))
		return
	}
	a := answer{OK: true, Names: names}
	if len(names) == 0 {
		a.Message = unit + "尚未报送" + strconv.Itoa(h.Content.Round.Year) + "年度的工作安排表。"
	}
	writeJSON(w, http.StatusOK, a)
}

// arrangementNames reads the round year's 工作安排表 submissions and returns
// the cadres of unit's latest one, in its order.
func (h *Handler) arrangementNames(ctx context.Context, unit string) ([]string, error) {
	ls, ok := h.Store.(lister)
	if !ok {
		return nil, fmt.Errorf("the store cannot list")
	}
	part, err := record.PartitionOf(form.Arrangement.ID, strconv.Itoa(h.Content.Round.Year))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	var keys []string
	if err := ls.List(ctx, part.Prefix(), func(key string, _ int64) error { keys = append(keys, key); return nil }); err != nil {
		return nil, fmt.Errorf("list %s: %w", part.Prefix(), err)
	}
	sort.Strings(keys)
	var latest *form.Submission
	for _, key := range keys {
		sub, err := h.load(ctx, form.Arrangement, key)
		if err != nil {
			return nil, err
		}
		if sub.Unit == unit && (latest == nil || sub.Received.After(latest.Received)) {
			latest = sub
		}
	}
	if latest == nil {
		return nil, nil
	}
	names := make([]string, 0, len(latest.Rows))
	for _, row := range latest.Rows {
		if n := row["name"]; n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}
