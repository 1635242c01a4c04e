package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dunban/lambda/admin"
	"dunban/lambda/bundle"
	"dunban/lambda/erase"
	"dunban/lambda/record"
	"dunban/lambda/s3store"
)

// eraseOne plans the erasure of one person's data and shows it; with
// -confirm it records the plan in the audit log, carries it out and
// records the outcome. Nothing is deleted if the first record cannot be
// written.
func eraseOne(ctx context.Context, c Config, w io.Writer) error {
	units, _, err := admin.LoadContent(os.DirFS(c.Content))
	if err != nil {
		return err
	}
	p := erase.Person{Name: strings.TrimSpace(c.Erase), Unit: c.EraseUnit}
	if err := p.Check(units); err != nil {
		return err
	}
	client, err := newClient(ctx, c)
	if err != nil {
		return err
	}
	st := s3store.New(client, c.Bucket)
	var keys []string
	err = st.List(ctx, record.SubmissionsPrefix, func(k string, _ int64) error { keys = append(keys, k); return nil })
	if err != nil {
		return err
	}
	steps, err := erase.Plan(p, units, keys, func(k string) ([]byte, error) { return st.Get(ctx, k) })
	if err != nil {
		return err
	}
	touched := show(w, steps)
	if len(steps) == 0 || !c.Confirm {
		fmt.Fprintln(w, "未删除任何内容。核对无误后加 -confirm 重新运行。")
		return nil
	}
	now := time.Now()
	rec := &admin.Record{Time: now.In(bundle.Shanghai).Format(time.RFC3339), ID: fmt.Sprintf("erase-%d", now.UnixNano()),
		Action: "erase-start", Admin: operator(), AdminScope: bundle.ScopeAll, Scope: p.Unit, Reference: c.Reference, Keys: touched, At: now}
	if err := admin.WriteRecord(ctx, st, rec); err != nil {
		return fmt.Errorf("审计日志写入失败，未删除任何内容：%w", err)
	}
	applyErr := erase.Apply(ctx, st, steps)
	done := *rec
	done.Action, done.ID, done.At = "erase", rec.ID+"-done", time.Now()
	done.Time = done.At.In(bundle.Shanghai).Format(time.RFC3339)
	if applyErr != nil {
		done.Error, done.Status = applyErr.Error(), 1
	}
	if err := admin.WriteRecord(ctx, st, &done); err != nil {
		fmt.Fprintf(w, "注意：删除结果未能写入审计日志（%v）；请告知自治区团委学校部。\n", err)
	}
	if applyErr != nil {
		return applyErr
	}
	fmt.Fprintf(w, "已删除：%d 个对象，审计记录 %s\n", len(touched), done.ID)
	return nil
}

// show prints the plan and returns every key it touches.
func show(w io.Writer, steps []erase.Step) []string {
	var keys []string
	for _, s := range steps {
		what := fmt.Sprintf("改写（去掉此人的 %d 行", s.Rows)
		if s.Cleared {
			what += "，清除填表人姓名和电话"
		}
		what += "）"
		if s.Delete {
			what = "删除"
		}
		fmt.Fprintf(w, "%s  %s\n", what, s.Key)
		keys = append(keys, s.Key)
		for _, k := range s.Also {
			fmt.Fprintf(w, "删除  %s\n", k)
			keys = append(keys, k)
		}
	}
	fmt.Fprintf(w, "共 %d 份报送。\n", len(steps))
	return keys
}
