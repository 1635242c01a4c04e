package collect

import (
	"errors"
	"fmt"
	"net/http"

	"dunban/lambda/form"
	"dunban/lambda/s3store"
)

// receiptPage is what the receipt page shows: nothing personal, only what
// the submitter needs to keep.
type receiptPage struct {
	Title     string
	FormTitle string
	Receipt   string
	ID        string
	Unit      string
	Period    string
	Received  string
	Late      bool
}

// receipt handles GET /receipt/{id}/{sid}: the page a plain form post is
// redirected to once S3 holds the submission.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) {
	f, ok := form.ByID(r.PathValue("id"))
	id, err := ParseID(r.PathValue("sid"))
	if !ok || err != nil {
		h.fail(w, r, urlEncoded, refuse(http.StatusNotFound, "没有找到这条提交记录。", err))
		return
	}
	ctx, cancel := contextTimeout(r, h.Timeout)
	defer cancel()
	sub, err := h.load(ctx, f, Key(f.ID, id, h.location()))
	switch {
	case errors.Is(err, s3store.ErrNotFound):
		h.fail(w, r, urlEncoded, refuse(http.StatusNotFound, "没有找到这条提交记录。", err))
		return
	case err != nil:
		h.Log.Error("load receipt", "form", f.ID, "id", id, "err", err)
		h.fail(w, r, urlEncoded, refuse(http.StatusServiceUnavailable, "暂时无法读取回执，请稍后刷新本页。您的提交已经保存。", err))
		return
	}
	period := sub.Period
	if p, ok := h.Content.Round.Period(f.ID, sub.Period); ok {
		period = p.Label
	}
	writeHTML(w, http.StatusOK, "receipt.html", receiptPage{
		Title: "提交成功", FormTitle: f.Title, Receipt: form.Receipt(f.ID, sub.ID, sub.Received), ID: sub.ID,
		Unit: sub.Unit, Period: period, Received: fmt.Sprint(sub.Received.Format("2006年1月2日 15:04:05")), Late: sub.Late,
	})
}
