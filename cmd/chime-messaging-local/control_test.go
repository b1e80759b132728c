package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// settableClock is a clock the tests move by hand.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settableClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// controlFixture is a fake service behind a server, its control endpoint,
// and a member who may set its own preferences.
type controlFixture struct {
	svc     *chimesdkmessagingtest.Service
	clock   *settableClock
	client  *chime.Client
	control string // base URL of the control endpoint
	ch, jan string
}

func setupControl(t *testing.T) *controlFixture {
	t.Helper()
	clock := &settableClock{t: time.Now().UTC().Truncate(time.Second)}
	svc := chimesdkmessagingtest.NewService(chimesdkmessagingtest.WithClock(clock.Now))
	app, err := svc.CreateAppInstance("app-1", "")
	require.NoError(t, err)
	jan, err := svc.CreateAppInstanceUser(app, "jane", "Jane")
	require.NoError(t, err)
	ch, err := svc.CreateChannel(app, "general", "")
	require.NoError(t, err)
	require.NoError(t, svc.CreateChannelMembership(ch, jan))
	srv := chimesdkmessagingtest.NewServerFor(svc)
	t.Cleanup(srv.Close)
	ctl := httptest.NewServer(newControlHandler(svc, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(ctl.Close)
	return &controlFixture{
		svc: svc, clock: clock, control: ctl.URL, ch: ch, jan: jan,
		client: srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 }),
	}
}

// call sends method path body to the control endpoint and returns the
// status and body.
func (f *controlFixture) call(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.control+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// put makes jane set her own preferences and returns the error's exception
// name and status ("" and 200 on success).
func (f *controlFixture) put(t *testing.T) (string, int) {
	t.Helper()
	_, err := f.client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &f.ch, MemberArn: &f.jan, ChimeBearer: &f.jan,
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll}},
	})
	return exceptionOf(t, err)
}

// get makes jane read her own preferences, as put.
func (f *controlFixture) get(t *testing.T) (string, int) {
	t.Helper()
	_, err := f.client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &f.ch, MemberArn: &f.jan, ChimeBearer: &f.jan,
	})
	return exceptionOf(t, err)
}

// exceptionOf returns the API error's code and the HTTP status of err.
func exceptionOf(t *testing.T, err error) (string, int) {
	t.Helper()
	if err == nil {
		return "", http.StatusOK
	}
	var api smithy.APIError
	require.True(t, errors.As(err, &api), "not an API error: %v", err)
	var re *chime.ResponseError
	require.True(t, errors.As(err, &re), "no HTTP response: %v", err)
	return api.ErrorCode(), re.HTTPStatusCode()
}

func TestControlRateLimitPerOperation(t *testing.T) {
	f := setupControl(t)
	status, body := f.call(t, http.MethodPost, controlRateLimitsPath, `[{"operation":"PutChannelMembershipPreferences","ratePerSecond":2,"burst":3}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"operation":"PutChannelMembershipPreferences","ratePerSecond":2,"burst":3}]`, body)

	var got []string
	for range 5 {
		code, st := f.put(t)
		got = append(got, code)
		if code != "" {
			assert.Equal(t, http.StatusTooManyRequests, st)
		}
	}
	assert.Equal(t, []string{"", "", "", "ThrottledClientException", "ThrottledClientException"}, got, "a burst of 3")
	code, _ := f.get(t)
	assert.Empty(t, code, "Get has no limit")
	f.clock.Advance(time.Second)
	c1, _ := f.put(t)
	c2, _ := f.put(t)
	c3, _ := f.put(t)
	assert.Equal(t, []string{"", "", "ThrottledClientException"}, []string{c1, c2, c3}, "2 a second")

	// The 429 is the fake's own: the same body and note as SetRateLimit's.
	last := f.svc.Requests()[len(f.svc.Requests())-1]
	assert.Equal(t, 429, last.Status)
	assert.Equal(t, "throttled by the rate limit", last.Note)

	status, body = f.call(t, http.MethodPatch, controlRateLimitsPath, `[{"ratePerSecond":0.5}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"ratePerSecond":0.5,"burst":1},{"operation":"PutChannelMembershipPreferences","ratePerSecond":2,"burst":3}]`, body,
		"PATCH adds the limit of every request, burst one second's worth (at least 1), and keeps Put's")
	status, body = f.call(t, http.MethodDelete, controlRateLimitsPath, `[{"operation":"PutChannelMembershipPreferences"}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"ratePerSecond":0.5,"burst":1}]`, body)
	status, body = f.call(t, http.MethodDelete, controlRateLimitsPath, "")
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[]`, body)
	for range 5 {
		code, _ := f.put(t)
		require.Empty(t, code, "no limit left")
	}
}

func TestControlFaultRules(t *testing.T) {
	f := setupControl(t)
	status, body := f.call(t, http.MethodPatch, controlFaultsPath,
		`[{"service":"chime-sdk-messaging","region":"us-east-1","operation":"PutChannelMembershipPreferences","count":2,"error":{"code":"ConflictException","message":"injected"}}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"operation":"PutChannelMembershipPreferences","probability":1,"count":2,"error":{"code":"ConflictException","message":"injected"}}]`, body)

	c, st := f.put(t)
	assert.Equal(t, []any{"ConflictException", 409}, []any{c, st})
	c, _ = f.get(t)
	assert.Empty(t, c, "Get is not faulted")
	_, body = f.call(t, http.MethodGet, controlFaultsPath, "")
	assert.JSONEq(t, `[{"operation":"PutChannelMembershipPreferences","probability":1,"count":1,"error":{"code":"ConflictException","message":"injected"}}]`, body, "one left")
	c, _ = f.put(t)
	assert.Equal(t, "ConflictException", c)
	c, _ = f.put(t)
	assert.Empty(t, c, "the third Put is served")
	_, body = f.call(t, http.MethodGet, controlFaultsPath, "")
	assert.JSONEq(t, `[]`, body)

	// LocalStack's default answer, and DELETE of a rule by its shape.
	status, body = f.call(t, http.MethodPost, controlFaultsPath, `[{}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"probability":1,"error":{"code":"ServiceUnavailableException"}}]`, body)
	c, st = f.get(t)
	assert.Equal(t, []any{"ServiceUnavailableException", 503}, []any{c, st})
	status, body = f.call(t, http.MethodDelete, controlFaultsPath, `[{}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[]`, body)
	c, _ = f.get(t)
	assert.Empty(t, c)
}

func TestControlEveryModelledException(t *testing.T) {
	f := setupControl(t)
	for _, exc := range modelledExceptions {
		t.Run(exc, func(t *testing.T) {
			want, ok := chimesdkmessagingtest.ExceptionStatus(exc)
			require.True(t, ok)
			status, body := f.call(t, http.MethodPost, controlFaultsPath, `[{"count":1,"error":{"code":"`+exc+`"}}]`)
			require.Equal(t, http.StatusOK, status, body)
			c, st := f.get(t)
			assert.Equal(t, exc, c)
			assert.Equal(t, want, st)
			c, _ = f.get(t)
			assert.Empty(t, c, "next-1 only")
		})
	}
}

func TestControlFaultFraction(t *testing.T) {
	f := setupControl(t)
	status, body := f.call(t, http.MethodPost, controlFaultsPath, `[{"operation":"GetChannelMembershipPreferences","probability":0.5,"error":{"code":"ServiceFailureException"}}]`)
	require.Equal(t, http.StatusOK, status, body)
	failed := 0
	for range 200 {
		if c, _ := f.get(t); c == "ServiceFailureException" {
			failed++
		}
	}
	assert.InDelta(t, 100, failed, 40, "about half of 200 fail")
}

func TestControlEffectsAndReset(t *testing.T) {
	f := setupControl(t)
	status, body := f.call(t, http.MethodPost, controlEffectsPath, `{"latency": 2.5}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"latency":2.5}`, body)
	assert.Equal(t, 2500*time.Microsecond, f.svc.Latency())
	c, _ := f.get(t)
	assert.Empty(t, c, "latency delays, then serves")

	_, _ = f.call(t, http.MethodPost, controlRateLimitsPath, `[{"ratePerSecond":1}]`)
	_, _ = f.call(t, http.MethodPost, controlFaultsPath, `[{"error":{"code":"ConflictException"}}]`)
	status, _ = f.call(t, http.MethodDelete, controlResetPath, "")
	require.Equal(t, http.StatusNoContent, status)
	assert.Zero(t, f.svc.Latency())
	assert.Empty(t, f.svc.RateLimits())
	assert.Empty(t, f.svc.FaultRules())
	for range 3 {
		c, _ := f.get(t)
		require.Empty(t, c)
	}
	status, body = f.call(t, http.MethodDelete, controlEffectsPath, "")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"latency":0}`, body)
}

func TestControlRefusesBadRequests(t *testing.T) {
	f := setupControl(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"misspelt field", "POST", controlFaultsPath, `[{"probabilty":0.5}]`, 400, `unknown field \"probabilty\"`},
		{"probability above 1", "POST", controlFaultsPath, `[{"probability":2}]`, 400, "rule 0: probability 2 must be above 0 and at most 1"},
		{"probability 0", "PATCH", controlFaultsPath, `[{"probability":0}]`, 400, "probability 0 must be above 0"},
		{"unknown exception", "POST", controlFaultsPath, `[{"error":{"code":"NoSuchException"}}]`, 400, `error.code \"NoSuchException\" is not an exception of this service`},
		{"unknown operation", "POST", controlFaultsPath, `[{"operation":"ListChannels"}]`, 400, `Operation \"ListChannels\" is not an operation of this service`},
		{"another region", "POST", controlFaultsPath, `[{"region":"eu-west-1"}]`, 400, `region \"eu-west-1\" is not the emulator's region us-east-1`},
		{"another service", "POST", controlFaultsPath, `[{"service":"s3"}]`, 400, `service \"s3\" is not this emulator's`},
		{"negative count", "POST", controlFaultsPath, `[{"count":-1}]`, 400, "count -1 must not be negative"},
		{"bad drop", "POST", controlFaultsPath, `[{"drop":"later"}]`, 400, "drop \\\"later\\\" must be before-read"},
		{"status not an error", "POST", controlFaultsPath, `[{"error":{"statusCode":200}}]`, 400, "error.statusCode 200 must be an error status"},
		{"an object, not a list", "POST", controlFaultsPath, `{"error":{}}`, 400, "the body must be a JSON array"},
		{"not JSON", "POST", controlFaultsPath, `[{`, 400, "not valid JSON"},
		{"two values", "POST", controlFaultsPath, `[] []`, 400, "more than one JSON value"},
		{"rate 0", "POST", controlRateLimitsPath, `[{"ratePerSecond":0}]`, 400, "rate limit 0: ratePerSecond 0 must be a positive number"},
		{"DELETE of an unknown operation", "DELETE", controlRateLimitsPath, `[{"operation":"ListChannels"}]`, 400, `rate limit 0: operation \"ListChannels\" is not an operation`},
		{"negative burst", "POST", controlRateLimitsPath, `[{"ratePerSecond":1,"burst":-2}]`, 400, "burst -2 must be positive"},
		{"latency negative", "POST", controlEffectsPath, `{"latency":-1}`, 400, "latency -1 must be 0 to 3600000 milliseconds"},
		{"latency a string", "POST", controlEffectsPath, `{"latency":"1s"}`, 400, "field latency must be a JSON number, not string"},
		{"effects without a body", "POST", controlEffectsPath, ``, 400, `e.g. {\"latency\": 250}`},
		{"PUT on faults", "PUT", controlFaultsPath, `[]`, 405, "/chaos/faults does not take PUT; use GET, POST, PATCH, DELETE"},
		{"GET on reset", "GET", controlResetPath, ``, 405, "use DELETE"},
		{"unknown path", "GET", "/_localstack/chaos/faults", ``, 404, "no control resource at /_localstack/chaos/faults"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.call(t, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, status, body)
			assert.Contains(t, body, tt.want)
			assert.True(t, json.Valid([]byte(body)), body)
		})
	}
	assert.Empty(t, f.svc.FaultRules(), "a refused change changes nothing")
	assert.Empty(t, f.svc.RateLimits())
	assert.Zero(t, f.svc.Latency())
}

func TestControlRefusesWebPagesAndRebinding(t *testing.T) {
	f := setupControl(t)
	send := func(mutate func(*http.Request)) (int, string) {
		req, err := http.NewRequest(http.MethodPost, f.control+controlFaultsPath, strings.NewReader(`[{}]`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "text/plain")
		mutate(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, body := send(func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") })
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "requests from web pages (with an Origin header) are refused")
	status, body = send(func(r *http.Request) { r.Host = "evil.example:8001" })
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, `Host \"evil.example:8001\" is not a loopback address`)
	assert.Empty(t, f.svc.FaultRules(), "neither request changed anything")
	for _, host := range []string{"localhost:8001", "[::1]:8001", "127.0.0.1"} {
		status, body = send(func(r *http.Request) { r.Host = host })
		assert.Equal(t, http.StatusOK, status, "%s: %s", host, body)
	}
}

func TestControlRawStatusAndDrop(t *testing.T) {
	f := setupControl(t)
	status, body := f.call(t, http.MethodPost, controlFaultsPath,
		`[{"count":1,"error":{"statusCode":502,"message":"bad gateway"}},{"operation":"PutChannelMembershipPreferences","count":1,"drop":"after-apply"}]`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"probability":1,"count":1,"error":{"statusCode":502,"message":"bad gateway"}},{"operation":"PutChannelMembershipPreferences","probability":1,"count":1,"drop":"after-apply"}]`, body)

	_, st := f.get(t)
	assert.Equal(t, http.StatusBadGateway, st, "a bare status answers with it")
	_, err := f.client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &f.ch, MemberArn: &f.jan, ChimeBearer: &f.jan,
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone}},
	})
	require.Error(t, err, "the connection was dropped")
	var re *chime.ResponseError
	assert.False(t, errors.As(err, &re), "no answer arrived")
	p, err := f.svc.Preferences(f.ch, f.jan)
	require.NoError(t, err)
	require.NotNil(t, p)
	assert.Equal(t, types.AllowNotificationsNone, p.PushNotifications.AllowNotifications, "after-apply: the write was stored")
}
