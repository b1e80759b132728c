package chimesdkmessaging_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

const (
	testChannelArn = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/channel/aaaabbbbccccdddd"
	testMemberArn  = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/user/user-1"
)

// recorded is one request as the server received it.
type recorded struct {
	Method     string
	RequestURI string
	Header     http.Header
	Body       []byte
}

// testServer is an httptest server that records requests and answers each
// with the response its handler function gives.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	respond  func(w http.ResponseWriter, r *http.Request)
}

func (s *testServer) Requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.requests...)
}

func (s *testServer) SetResponder(fn func(w http.ResponseWriter, r *http.Request)) {
	s.mu.Lock()
	s.respond = fn
	s.mu.Unlock()
}

// setup starts a recording server answering 200 with a fixed output and a
// client pointed at it with static credentials and no retry delays.
func setup(t *testing.T, optFns ...func(*chime.Options)) (*chime.Client, *testServer) {
	t.Helper()
	ts := &testServer{respond: okResponder}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts.mu.Lock()
		ts.requests = append(ts.requests, recorded{r.Method, r.RequestURI, r.Header.Clone(), body})
		respond := ts.respond
		ts.mu.Unlock()
		respond(w, r)
	}))
	t.Cleanup(ts.Close)
	opts := chime.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(ts.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
		HTTPClient:   ts.Client(),
		Retryer:      chime.NewStandardRetryer(noDelay),
	}
	return chime.New(opts, optFns...), ts
}

func noDelay(o *chime.StandardRetryerOptions) {
	o.BaseDelay = 1
	o.ThrottleBaseDelay = 1
	o.MaxBackoff = 1
}

const okBody = `{"ChannelArn":"` + testChannelArn + `","Member":{"Arn":"` + testMemberArn + `","Name":"Jane"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}}`

func okResponder(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", "req-ok-1")
	_, _ = io.WriteString(w, okBody)
}

// errorResponder answers with status, X-Amzn-ErrorType (when set) and body.
func errorResponder(status int, errorType, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		if errorType != "" {
			w.Header().Set("X-Amzn-ErrorType", errorType)
		}
		w.Header().Set("x-amzn-RequestId", "req-err-1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func validInput() *chime.PutChannelMembershipPreferencesInput {
	return &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(testChannelArn),
		MemberArn:   ptr.String(testMemberArn),
		ChimeBearer: ptr.String(testMemberArn),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{
				AllowNotifications: types.AllowNotificationsFiltered,
				FilterRule:         ptr.String(`{"type":["urgent"]}`),
			},
		},
	}
}

// roundTripFunc is an in-memory HTTPClient.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func jsonResponse(status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body))}
}

func putOK(t *testing.T, c *chime.Client, in *chime.PutChannelMembershipPreferencesInput) *chime.PutChannelMembershipPreferencesOutput {
	t.Helper()
	out, err := c.PutChannelMembershipPreferences(context.Background(), in)
	require.NoError(t, err)
	return out
}

func staticCreds(ak, sk, token string) credentials.Provider {
	return credentials.NewStaticCredentialsProvider(ak, sk, token)
}
