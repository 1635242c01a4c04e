package formhtml

import (
	"io/fs"
	"os"
	"testing"
	"time"

	"dunban/lambda/form"
)

func content(t testing.TB) *form.Content {
	t.Helper()
	c, err := form.LoadContent(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var renderTime = time.Date(2021, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

func options(c *form.Content) Options {
	return Options{Action: "/api/submit/x", Presign: "/api/upload/report", Units: c.Units, Round: c.Round, Now: renderTime}
}

func formsAll() []*form.Form { return form.All() }

func fsReadFile(name string) ([]byte, error) { return fs.ReadFile(Assets, name) }
