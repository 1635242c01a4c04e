package collect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Limits bound what one request may carry.
type Limits struct {
	MaxBody   int64 // bytes of request body
	MaxFields int   // names and values counted together
	MaxValue  int   // bytes of one value
}

// DefaultLimits fit the largest real 工作安排表 (50 cadres, every school
// type filled) several times over.
var DefaultLimits = Limits{MaxBody: 1 << 20, MaxFields: 4000, MaxValue: 64 << 10}

// encoding is how a request body was sent, and so how to answer it.
type encoding int

const (
	urlEncoded encoding = iota // a plain HTML form: answer with HTML
	jsonBody                   // the page's script: answer with JSON
)

// problem is a request the collector refuses: the status, the Chinese
// message for the person and, for the log only, the detail.
type problem struct {
	status int
	msg    string
	detail error
}

func (p *problem) Error() string {
	if p.detail != nil {
		return fmt.Sprintf("%d %s: %v", p.status, p.msg, p.detail)
	}
	return fmt.Sprintf("%d %s", p.status, p.msg)
}

func refuse(status int, msg string, detail error) *problem {
	return &problem{status: status, msg: msg, detail: detail}
}

// Messages shown for requests the collector cannot read.
const (
	msgTooLarge     = "提交的内容过大，请删减后再提交。"
	msgContentType  = "提交格式不受支持，请从门户网站的表单页面提交。"
	msgBadEncoding  = "提交的内容含有无法识别的字符（需为 UTF-8 编码），请检查后再提交。"
	msgBadBody      = "提交的内容无法解析，请从门户网站的表单页面重新提交。"
	msgTooManyField = "提交的字段过多，请检查行数后再提交。"
	msgValueTooLong = "某一项内容过长，请删减后再提交。"
)

// requestEncoding tells from the Content-Type header how the body is sent.
func requestEncoding(contentType string) (encoding, *problem) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, refuse(http.StatusUnsupportedMediaType, msgContentType, err)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return 0, refuse(http.StatusUnsupportedMediaType, msgBadEncoding, fmt.Errorf("charset %q", cs))
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		return urlEncoded, nil
	case "application/json":
		return jsonBody, nil
	}
	return 0, refuse(http.StatusUnsupportedMediaType, msgContentType, fmt.Errorf("content type %q", mt))
}

// readBody reads at most lim.MaxBody bytes of the request body.
func readBody(r *http.Request, lim Limits) ([]byte, *problem) {
	if r.ContentLength > lim.MaxBody {
		return nil, refuse(http.StatusRequestEntityTooLarge, msgTooLarge, fmt.Errorf("content length %d", r.ContentLength))
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, lim.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, refuse(http.StatusRequestEntityTooLarge, msgTooLarge, err)
	case err != nil:
		return nil, refuse(http.StatusBadRequest, msgBadBody, err)
	}
	return b, nil
}

// decodeBody turns a urlencoded or JSON body into values keyed by the
// fields' POST names. A JSON body is one flat object whose members are
// strings, numbers, booleans, null or arrays of strings. It refuses invalid
// UTF-8, too many fields and over-long values.
func decodeBody(body []byte, enc encoding, lim Limits) (url.Values, *problem) {
	var v url.Values
	var p *problem
	if enc == jsonBody {
		v, p = decodeJSON(body, lim)
	} else {
		v, p = decodeForm(body, lim)
	}
	if p != nil {
		return nil, p
	}
	return v, checkValues(v, lim)
}

func decodeForm(body []byte, lim Limits) (url.Values, *problem) {
	if n := bytes.Count(body, []byte("&")) + 1; n > lim.MaxFields {
		return nil, refuse(http.StatusBadRequest, msgTooManyField, fmt.Errorf("%d pairs", n))
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, refuse(http.StatusBadRequest, msgBadBody, err)
	}
	return v, nil
}

func decodeJSON(body []byte, lim Limits) (url.Values, *problem) {
	if !utf8.Valid(body) {
		return nil, refuse(http.StatusBadRequest, msgBadEncoding, errors.New("json body is not UTF-8"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, refuse(http.StatusBadRequest, msgBadBody, err)
	}
	if dec.More() {
		return nil, refuse(http.StatusBadRequest, msgBadBody, errors.New("data after the JSON object"))
	}
	if len(obj) > lim.MaxFields {
		return nil, refuse(http.StatusBadRequest, msgTooManyField, fmt.Errorf("%d members", len(obj)))
	}
	v := make(url.Values, len(obj))
	for name, raw := range obj {
		vals, ok := jsonStrings(raw)
		if !ok {
			return nil, refuse(http.StatusBadRequest, msgBadBody, fmt.Errorf("member %q is %T", name, raw))
		}
		if len(vals) > 0 {
			v[name] = vals
		}
	}
	return v, nil
}

// jsonStrings turns one JSON member into its string values.
func jsonStrings(raw any) ([]string, bool) {
	switch x := raw.(type) {
	case nil:
		return nil, true
	case string:
		return []string{x}, true
	case json.Number:
		return []string{x.String()}, true
	case bool:
		if x {
			return []string{"on"}, true
		}
		return nil, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func checkValues(v url.Values, lim Limits) *problem {
	n := 0
	for name, vals := range v {
		n += 1 + len(vals)
		if !utf8.ValidString(name) {
			return refuse(http.StatusBadRequest, msgBadEncoding, fmt.Errorf("name %q", name))
		}
		for _, s := range vals {
			if len(s) > lim.MaxValue {
				return refuse(http.StatusBadRequest, msgValueTooLong, fmt.Errorf("%s: %d bytes", name, len(s)))
			}
			if !utf8.ValidString(s) {
				return refuse(http.StatusBadRequest, msgBadEncoding, fmt.Errorf("value of %q", name))
			}
		}
	}
	if n > lim.MaxFields {
		return refuse(http.StatusBadRequest, msgTooManyField, fmt.Errorf("%d names and values", n))
	}
	return nil
}
