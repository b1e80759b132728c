package chimesdkmessaging_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// TestRedirectsAreNeverFollowed points the client at a server that
// redirects to a second server, with the default HTTP client and with an
// *http.Client of the caller's: the second server must receive nothing (no
// token, bearer, signature or body) and the call must fail naming the status
// and the target host.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		okResponder(w, r)
	}))
	t.Cleanup(target.Close)
	tu, err := url.Parse(target.URL)
	require.NoError(t, err)
	_, port, _ := strings.Cut(tu.Host, ":")

	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port} {
			for _, client := range []string{"default", "caller's *http.Client"} {
				t.Run(strconv.Itoa(status)+"/"+host+"/"+client, func(t *testing.T) {
					reached.Store(0)
					opt := func(o *chime.Options) {
						o.Credentials = staticCreds("AKIDEXAMPLE", "SECRET", "SESSION-TOKEN")
						if client == "default" {
							o.HTTPClient = nil
						} else {
							o.HTTPClient = &http.Client{} // follows redirects on its own
						}
					}
					c, ts := setup(t, opt)
					ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
						http.Redirect(w, r, "http://"+host+r.URL.RequestURI(), status)
					})
					_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
					require.Error(t, err)
					var re *chime.RedirectError
					require.True(t, errors.As(err, &re), "got %v", err)
					assert.Equal(t, status, re.StatusCode)
					assert.Equal(t, host, re.LocationHost)
					assert.Contains(t, err.Error(), strconv.Itoa(status))
					assert.Contains(t, err.Error(), host)
					assert.Zero(t, reached.Load(), "the redirect target received a request")
					assert.Len(t, ts.Requests(), 1, "a redirect is not retried")
				})
			}
		}
	}
}

// TestRedirectFromOtherHTTPClient: an HTTPClient that is not an
// *http.Client and returns a 3xx gets the same error.
func TestRedirectFromOtherHTTPClient(t *testing.T) {
	c := chime.New(chime.Options{
		Region: "us-east-1", Credentials: staticCreds("AKID", "SECRET", ""),
		HTTPClient: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return jsonResponse(307, http.Header{"Location": {"https://elsewhere.example:8443/x?token=abc"}}, ""), nil
		}),
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	var re *chime.RedirectError
	require.True(t, errors.As(err, &re), "got %v", err)
	assert.Equal(t, 307, re.StatusCode)
	assert.Equal(t, "elsewhere.example:8443", re.LocationHost)
	assert.NotContains(t, err.Error(), "token=abc", "only the host of Location is named")
}

// TestResponseBodyTimeout: a server that sends its headers and then drips
// the body cannot hold a call past ResponseBodyTimeout.
func TestResponseBodyTimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c, ts := setup(t, func(o *chime.Options) {
		o.ResponseBodyTimeout = 50 * time.Millisecond
		o.RetryMaxAttempts = 2
	})
	ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(okBody)))
		w.WriteHeader(200)
		_, _ = io.WriteString(w, okBody[:1])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // bounded even if the client never gives up
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.PutChannelMembershipPreferences(ctx, validInput())
	var te *chime.ResponseBodyTimeoutError
	require.True(t, errors.As(err, &te), "got %v", err)
	assert.NoError(t, ctx.Err(), "the body deadline, not the context, ended the call")
	assert.Len(t, ts.Requests(), 2, "a body timeout is retried")
}

func TestResponseBodyTimeoutDefault(t *testing.T) {
	assert.Equal(t, 30*time.Second, chime.New(chime.Options{}).Options().ResponseBodyTimeout)
	assert.Equal(t, -time.Second, chime.New(chime.Options{ResponseBodyTimeout: -time.Second}).Options().ResponseBodyTimeout)
}

// TestDefaultClientBoundsResponseHeaders: the default HTTP client refuses
// response headers over 64 KiB instead of net/http's 10 MiB.
func TestDefaultClientBoundsResponseHeaders(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.HTTPClient = nil; o.RetryMaxAttempts = 1 })
	ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Padding", strings.Repeat("a", 100<<10))
		okResponder(w, r)
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "response headers exceeded")

	ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Padding", strings.Repeat("a", 32<<10))
		okResponder(w, r)
	})
	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.NoError(t, err)
}
