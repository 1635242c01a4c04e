package form_test

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"dunban/lambda/form"
)

// A monthly report with one cadre's row, posted a day after its deadline.
func ExampleForm_Validate() {
	c, err := form.LoadContent(os.DirFS("../../content"))
	if err != nil {
		fmt.Println(err)
		return
	}
	body := url.Values{
		"unit": {"包头市"}, "period": {"2021-03"}, "contact_name": {"张三"}, "contact_phone": {"0472-1234567"}, "consent": {"on"},
		"rows.0.name": {"李四"}, "rows.0.days": {"2"}, "rows.0.cadre_coverage": {"100"}, "rows.0.students": {"１２"}, "rows.0.cadres": {"8"}, "rows.0.branches": {"3"}, "rows.0.coverage": {"85"},
		"rows.0.lectures": {"1"}, "rows.0.league_days": {"0"}, "rows.0.research": {"0"}, "rows.0.cases": {"0"},
	}
	now := time.Date(2021, 4, 11, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	sub, errs := form.Monthly.Validate(body, c.Units, c.Round, now)
	if errs != nil {
		fmt.Println(errs)
		return
	}
	fmt.Println(sub.Unit, sub.Region, sub.Period, sub.Late, sub.Rows[0]["students"])

	body.Set("rows.0.coverage", "120")
	body.Del("consent")
	_, errs = form.Monthly.Validate(body, c.Units, c.Round, now)
	for _, e := range errs {
		fmt.Println(e.Field, e.Message)
	}
	// Output:
	// 包头市 包头市 2021-03 true 12
	// consent 请勾选“同意个人信息告知”
	// rows.0.coverage “联系学生覆盖率（%）”应在0到100之间
}
