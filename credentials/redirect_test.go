package credentials_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// roundTripDoer sends with a transport alone, which never follows a
// redirect: an HTTPClient that is not an *http.Client.
type roundTripDoer struct{ rt http.RoundTripper }

func (d roundTripDoer) Do(r *http.Request) (*http.Response, error) { return d.rt.RoundTrip(r) }

// TestMetadataProvidersNeverFollowRedirects: whatever the HTTPClient, a 3xx
// from the container endpoint or IMDS is an error naming the status and the
// Location host, and the redirect target receives nothing.
func TestMetadataProvidersNeverFollowRedirects(t *testing.T) {
	var targetHits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		fmt.Fprint(w, endpointCredsJSON)
	}))
	t.Cleanup(target.Close)
	targetHost := strings.TrimPrefix(target.URL, "http://")

	clients := map[string]func() credentials.HTTPClient{
		"default client":                   func() credentials.HTTPClient { return nil },
		"caller *http.Client that follows": func() credentials.HTTPClient { return &http.Client{} },
		"caller doer":                      func() credentials.HTTPClient { return roundTripDoer{rt: http.DefaultTransport} },
	}
	providers := map[string]func(redirector string, c credentials.HTTPClient) credentials.Provider{
		"container": func(redirector string, c credentials.HTTPClient) credentials.Provider {
			return &credentials.ContainerProvider{HTTPClient: c, Getenv: envOf(map[string]string{
				"AWS_CONTAINER_CREDENTIALS_FULL_URI": redirector + "/creds",
				"AWS_CONTAINER_AUTHORIZATION_TOKEN":  "Bearer " + testToken,
			})}
		},
		"IMDS": func(redirector string, c credentials.HTTPClient) credentials.Provider {
			return &credentials.IMDSProvider{HTTPClient: c, Endpoint: redirector}
		},
	}
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for pname, newProvider := range providers {
			for cname, newClient := range clients {
				t.Run(fmt.Sprintf("%d/%s/%s", status, pname, cname), func(t *testing.T) {
					var redirectorHits atomic.Int32
					redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						redirectorHits.Add(1)
						http.Redirect(w, r, target.URL+r.URL.Path+"?token=x", status)
					}))
					t.Cleanup(redirector.Close)
					before := targetHits.Load()

					_, err := newProvider(redirector.URL, newClient()).Retrieve(context.Background())
					require.Error(t, err)
					assert.Contains(t, err.Error(), fmt.Sprintf("answered HTTP %d, a redirect to host %q", status, targetHost))
					assert.Contains(t, err.Error(), "not followed")
					assert.NotContains(t, err.Error(), "token=x")
					assert.Equal(t, before, targetHits.Load(), "the redirect target received a request")
					assert.Equal(t, int32(1), redirectorHits.Load(), "a redirect is not retried")
					assertNoSecret(t, err)
				})
			}
		}
	}
}
