package main

// PENDING(collector): until lambda/devserver lands, /api/ answers 503.
// Replace apiHandler with the devserver constructor.

import (
	"fmt"
	"io"
	"net/http"
)

func apiHandler(cfg serveConfig, stdout io.Writer) (http.Handler, error) {
	fmt.Fprintf(stdout, "注意：本地表单接口尚未接入（lambda/devserver），/api/ 暂不可用\n")
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "本地表单接口尚未接入", http.StatusServiceUnavailable)
	}), nil
}
