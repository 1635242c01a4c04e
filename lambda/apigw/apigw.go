// Package apigw serves a net/http Handler behind API Gateway HTTP APIs
// (payload format 2.0): it turns an events.APIGatewayV2HTTPRequest into an
// *http.Request and the handler's answer into an events.APIGatewayV2HTTPResponse.
package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Handler returns a Lambda handler function that serves every HTTP API event
// with h. Pass it to lambda.Start.
func Handler(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return Serve(ctx, h, ev)
	}
}

// Serve answers one event with h. It fails only when the event itself cannot
// be read as an HTTP request (an invalid base64 body or path).
func Serve(ctx context.Context, h http.Handler, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	r, err := Request(ctx, ev)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	w := NewResponseWriter()
	h.ServeHTTP(w, r)
	return w.Response(), nil
}

type contextKey struct{}

// Event returns the API Gateway event a request served by Serve came from.
func Event(ctx context.Context) (events.APIGatewayV2HTTPRequest, bool) {
	ev, ok := ctx.Value(contextKey{}).(events.APIGatewayV2HTTPRequest)
	return ev, ok
}

// Request builds the *http.Request that ev describes, carrying ctx and ev.
// A named stage's prefix ("/prod") is taken off the path, so handlers see
// the same routes behind every stage.
func Request(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (*http.Request, error) {
	body, err := decodeBody(ev)
	if err != nil {
		return nil, err
	}
	method := ev.RequestContext.HTTP.Method
	if method == "" {
		method = http.MethodGet
	}
	u, err := requestURL(ev)
	if err != nil {
		return nil, err
	}
	ctx = context.WithValue(ctx, contextKey{}, ev)
	r, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("apigw: build request: %w", err)
	}
	// RequestURI keeps the path as the client sent it, stage included, so
	// handlers can build absolute links back to themselves.
	r.RequestURI = ev.RawPath
	if ev.RawQueryString != "" {
		r.RequestURI += "?" + ev.RawQueryString
	}
	r.Header = requestHeader(ev)
	r.Host = r.Header.Get("Host")
	if r.Host == "" {
		r.Host = ev.RequestContext.DomainName
	}
	r.ContentLength = int64(len(body))
	r.RemoteAddr = ev.RequestContext.HTTP.SourceIP
	return r, nil
}

func decodeBody(ev events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if !ev.IsBase64Encoded {
		return []byte(ev.Body), nil
	}
	b, err := base64.StdEncoding.DecodeString(ev.Body)
	if err != nil {
		return nil, fmt.Errorf("apigw: decode base64 body: %w", err)
	}
	return b, nil
}

func requestURL(ev events.APIGatewayV2HTTPRequest) (*url.URL, error) {
	p := ev.RawPath
	if p == "" {
		p = ev.RequestContext.HTTP.Path
	}
	if stage := ev.RequestContext.Stage; stage != "" && stage != "$default" {
		if rest, ok := strings.CutPrefix(p, "/"+stage); ok && (rest == "" || rest[0] == '/') {
			p = rest
		}
	}
	if p == "" {
		p = "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Path == "" || u.Path[0] != '/' {
		return nil, fmt.Errorf("apigw: bad path %q", p)
	}
	u.RawQuery = ev.RawQueryString
	return u, nil
}

func requestHeader(ev events.APIGatewayV2HTTPRequest) http.Header {
	h := make(http.Header, len(ev.Headers)+1)
	for k, v := range ev.Headers {
		h.Set(k, v)
	}
	if len(ev.Cookies) > 0 {
		h.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}
	return h
}
