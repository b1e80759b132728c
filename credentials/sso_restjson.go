package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Limits of the calls to the SSO portal, SSO OIDC and the sign-in service.
const (
	// restJSONAttemptTimeout bounds one attempt, connect included.
	restJSONAttemptTimeout = 30 * time.Second
	// restJSONAttempts: a network error or a 5xx is tried once more.
	restJSONAttempts = 2
)

// publicHTTPClient returns the client that calls a public AWS endpoint: by
// default one with the environment's proxy settings; for an *http.Client a
// copy that does not follow redirects. Any 3xx is then an error
// (doRESTJSON), since none of these services redirects and a redirect
// followed would carry a bearer token or a refresh token elsewhere.
func publicHTTPClient(c HTTPClient) HTTPClient {
	switch hc := c.(type) {
	case nil:
		return &http.Client{CheckRedirect: refuseRedirect}
	case *http.Client:
		if hc == nil {
			return &http.Client{CheckRedirect: refuseRedirect}
		}
		cp := *hc
		cp.CheckRedirect = refuseRedirect
		return &cp
	default:
		return c
	}
}

// restJSONResponse is a fully read response.
type restJSONResponse struct {
	status    int
	errorType string // X-Amzn-ErrorType
	body      []byte
}

// errResponseTooLarge is the error of a response over maxCredentialsBody.
var errResponseTooLarge = fmt.Errorf("response is larger than %d KiB, more than any answer of this API; it was not read", maxCredentialsBody>>10)

// doRESTJSON sends method to url with body (nil for none) and headers,
// reads at most maxCredentialsBody bytes of the answer, refuses redirects,
// and tries a network error or 5xx once more. Errors name op and the
// endpoint without its query, never a header value or a body.
func doRESTJSON(ctx context.Context, c HTTPClient, op, method, url string, body []byte, header map[string]string) (restJSONResponse, error) {
	return sendRESTJSONAttempts(ctx, c, restJSONCall{
		op: op, method: method, url: url, body: body,
		header:             func() (map[string]string, error) { return header, nil },
		retryNetworkErrors: true,
	})
}

// restJSONCall is one call of sendRESTJSONAttempts.
type restJSONCall struct {
	op, method, url string
	body            []byte
	// header returns the headers of one attempt; it is called afresh for
	// each attempt, so that a one-time header (a DPoP proof) is never
	// sent twice. Its error is returned as it is.
	header func() (map[string]string, error)
	// retryNetworkErrors makes a network error retried as a 5xx is. Leave
	// it false when the request spends something the server may already
	// have received (a single-use refresh token): then only a 5xx answer,
	// which says the server handled the request and failed, is retried.
	retryNetworkErrors bool
}

// sendRESTJSONAttempts is doRESTJSON with a header built per attempt and
// a choice of what is retried (see [restJSONCall]).
func sendRESTJSONAttempts(ctx context.Context, c HTTPClient, call restJSONCall) (restJSONResponse, error) {
	c = publicHTTPClient(c)
	op, method, url := call.op, call.method, call.url
	var res restJSONResponse
	var err error
	for attempt := 1; ; attempt++ {
		header, herr := call.header()
		if herr != nil {
			return restJSONResponse{}, herr
		}
		res, err = sendRESTJSON(ctx, c, method, url, call.body, header)
		if attempt >= restJSONAttempts || !retryable(ctx, httpResult{status: res.status}, err) || errors.Is(err, errResponseTooLarge) {
			break
		}
		if err != nil && !call.retryNetworkErrors {
			break
		}
	}
	var redirect *redirectRefused
	switch {
	case errors.As(err, &redirect):
		return res, errorf("%s: %s %s %v", op, method, redactRawURL(url), redirect)
	case err != nil:
		return res, errorf("%s: %s %s: %v", op, method, redactRawURL(url), stripURLFromErr(err))
	}
	return res, nil
}

func sendRESTJSON(ctx context.Context, c HTTPClient, method, url string, body []byte, header map[string]string) (restJSONResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, restJSONAttemptTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return restJSONResponse{}, errors.New("the endpoint does not form a valid request URL")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return restJSONResponse{}, err
	}
	defer resp.Body.Close()
	res := restJSONResponse{status: resp.StatusCode, errorType: resp.Header.Get("X-Amzn-Errortype")}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return res, newRedirectRefused(req, resp)
	}
	res.body, err = io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody+1))
	if err != nil {
		return res, err
	}
	if len(res.body) > maxCredentialsBody {
		return res, errResponseTooLarge
	}
	return res, nil
}

// restJSONServiceError is an error answer of a REST-JSON AWS service: its
// status, its error code (the X-Amzn-ErrorType header, else the body's
// __type or code, without namespace or URL) and its message, scrubbed of
// anything token-like. The body itself is never kept.
type restJSONServiceError struct {
	op      string
	status  int
	code    string
	message string
	// oauthError is the body's "error" member, an OAuth error code such
	// as "TOKEN_EXPIRED" or "invalid_grant", for matching; Error does not
	// print it.
	oauthError string
}

func (e *restJSONServiceError) Error() string {
	text := fmt.Sprintf("%s answered HTTP %d %s", e.op, e.status, e.code)
	if e.message != "" {
		text += ": " + e.message
	}
	return text
}

// restJSONError reads the error answer res of operation op.
func restJSONError(op string, res restJSONResponse) *restJSONServiceError {
	var typ, code, message, oauthErr, oauthDesc string
	_ = decodeObject(res.body,
		jsonField{name: "__type", str: &typ},
		jsonField{name: "code", str: &code},
		jsonField{name: "message", str: &message}, // or "Message": names match without regard to case
		jsonField{name: "error", str: &oauthErr},
		jsonField{name: "error_description", str: &oauthDesc},
	)
	e := &restJSONServiceError{op: op, status: res.status, oauthError: oauthErr}
	for _, c := range []string{res.errorType, typ, code} {
		if e.code == "" {
			e.code = scrub(sanitizeErrorCode(c), 64)
		}
	}
	if e.code == "" {
		e.code = http.StatusText(res.status)
	}
	for _, m := range []string{message, oauthDesc, oauthErr} {
		if e.message == "" && m != "" {
			e.message = scrub(m, 160)
		}
	}
	return e
}

// sanitizeErrorCode keeps the name of an error code such as
// "aws.protocoltests#FooError:http://internal.amazon.com/...": the part
// before ':' and after '#'.
func sanitizeErrorCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return strings.TrimSpace(code)
}
