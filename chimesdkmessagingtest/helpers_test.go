package chimesdkmessagingtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a running server seeded with one app instance and channel:
// member and other are members, admin is an AppInstanceAdmin, moderator
// moderates the channel, banned is banned, bot is a member bot, outsider
// is a user who is not a member, foreign is a user of another app
// instance.
type fixture struct {
	srv   *Server
	hc    *http.Client
	clock *fakeClock
	app   string
	ch    string

	member, other, admin, moderator, banned, bot, outsider, foreign string
}

func setup(t *testing.T, opts ...Option) *fixture {
	t.Helper()
	clock := newFakeClock()
	srv := NewServer(append([]Option{WithClock(clock.Now)}, opts...)...)
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv, hc: srv.HTTPClient(), clock: clock}
	var err error
	f.app, err = srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	f.ch, err = srv.CreateChannel(f.app, "chan-1", "General")
	require.NoError(t, err)
	user := func(id, name string) string {
		arn, err := srv.CreateAppInstanceUser(f.app, id, name)
		require.NoError(t, err)
		return arn
	}
	f.member = user("member", "Member One")
	f.other = user("other", "Other")
	f.admin = user("admin", "Admin")
	f.moderator = user("moderator", "Mod")
	f.banned = user("banned", "Banned")
	f.outsider = user("outsider", "Outsider")
	f.bot, err = srv.CreateAppInstanceBot(f.app, "bot-1", "Bot")
	require.NoError(t, err)
	for _, m := range []string{f.member, f.other, f.admin, f.moderator, f.banned, f.bot} {
		require.NoError(t, srv.CreateChannelMembership(f.ch, m))
	}
	require.NoError(t, srv.CreateAppInstanceAdmin(f.app, f.admin))
	require.NoError(t, srv.CreateChannelModerator(f.ch, f.moderator))
	require.NoError(t, srv.CreateChannelBan(f.ch, f.banned))
	app2, err := srv.CreateAppInstance("app-2", "")
	require.NoError(t, err)
	f.foreign, err = srv.CreateAppInstanceUser(app2, "foreign", "")
	require.NoError(t, err)
	return f
}

// encodeLabel percent-encodes a path label: everything but the RFC 3986
// unreserved set, upper-case hex.
func encodeLabel(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

func prefsPath(channelArn, memberArn string) string {
	return "/channels/" + encodeLabel(channelArn) + "/memberships/" + encodeLabel(memberArn) + "/preferences"
}

// rawReq describes a request built and signed by hand.
type rawReq struct {
	method string
	path   string
	bearer string // "" leaves the header out
	body   string

	creds    *credentials.Credentials // default: the server's
	service  string                   // default: chime
	region   string                   // default: the server's
	at       time.Time                // default: the fake clock's now
	unsigned bool
	mutate   func(*http.Request) // after signing
}

// do sends r to the fixture's server and returns the response and its body.
func (f *fixture) do(t *testing.T, r rawReq) (*http.Response, []byte) {
	t.Helper()
	resp, err := f.send(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func (f *fixture) send(r rawReq) (*http.Response, error) {
	req, err := f.build(r)
	if err != nil {
		return nil, err
	}
	return f.hc.Do(req)
}

func (f *fixture) build(r rawReq) (*http.Request, error) {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, f.srv.URL+r.path, body)
	if err != nil {
		return nil, err
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.bearer != "" {
		req.Header.Set("X-Amz-Chime-Bearer", r.bearer)
	}
	if !r.unsigned {
		creds := f.srv.Credentials()
		if r.creds != nil {
			creds = *r.creds
		}
		service, region, at := SigningName, f.srv.Region(), f.clock.Now()
		if r.service != "" {
			service = r.service
		}
		if r.region != "" {
			region = r.region
		}
		if !r.at.IsZero() {
			at = r.at
		}
		sum := sha256.Sum256([]byte(r.body))
		if err := sigv4.New().SignHTTP(req, sigv4.Keys{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}, hex.EncodeToString(sum[:]), service, region, at); err != nil {
			return nil, err
		}
	}
	if r.mutate != nil {
		r.mutate(req)
	}
	return req, nil
}

// put builds a signed Put of body by bearer for member.
func (f *fixture) put(bearer, member, body string) rawReq {
	return rawReq{method: http.MethodPut, path: prefsPath(f.ch, member), bearer: bearer, body: body}
}

// get builds a signed Get by bearer for member.
func (f *fixture) get(bearer, member string) rawReq {
	return rawReq{method: http.MethodGet, path: prefsPath(f.ch, member), bearer: bearer}
}

const filteredBody = `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}}`

// assertAPIError checks an error response: status, X-Amzn-ErrorType, body
// {"Code","Message"}, x-amzn-RequestId, and that the message contains
// want.
func assertAPIError(t *testing.T, resp *http.Response, body []byte, status int, exception, code, want string) {
	t.Helper()
	assert.Equal(t, status, resp.StatusCode, "status; body %s", body)
	assert.Equal(t, exception, resp.Header.Get("X-Amzn-ErrorType"))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.NotEmpty(t, resp.Header.Get("x-amzn-RequestId"))
	var eb struct{ Code, Message string }
	require.NoError(t, json.Unmarshal(body, &eb), "error body %s", body)
	assert.Equal(t, code, eb.Code)
	assert.Contains(t, eb.Message, want)
}

// output is the decoded response of Put and Get.
type output struct {
	ChannelArn  string
	Member      struct{ Arn, Name string }
	Preferences *Preferences
}

func decodeOutput(t *testing.T, body []byte) output {
	t.Helper()
	var o output
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&o), "body %s", body)
	return o
}

func strPtr(s string) *string { return &s }
