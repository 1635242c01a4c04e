package formhtml

import (
	"strconv"

	"dunban/lambda/htmlw"
)

// page is HTML being written (package htmlw: no html/template in the
// collector's binary).
type page = htmlw.Page

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
