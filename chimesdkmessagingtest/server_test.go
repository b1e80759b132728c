package chimesdkmessagingtest

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerListensOnLoopback(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	assert.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"), srv.URL)
	assert.Equal(t, DefaultRegion, srv.Region())
	assert.Equal(t, DefaultAccessKeyID, srv.Credentials().AccessKeyID)
	c, err := srv.CredentialsProvider().Retrieve(t.Context())
	require.NoError(t, err)
	assert.Equal(t, srv.Credentials().SecretAccessKey, c.SecretAccessKey)
	assert.NotContains(t, srv.Credentials().String(), DefaultSecretAccessKey)
}

func TestServerCloseWaitsForInFlight(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	var blocking atomic.Bool
	f := setup(t, WithOnChange(func(State) error {
		if blocking.Load() {
			entered <- struct{}{}
			<-release
		}
		return nil
	}))
	blocking.Store(true)

	status := make(chan int, 1)
	go func() {
		resp, err := f.send(f.put(f.member, f.member, filteredBody))
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	<-entered
	closed := make(chan struct{})
	go func() {
		f.srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatal("Close returned while a request was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-closed
	assert.Equal(t, http.StatusOK, <-status, "the in-flight request completes")

	_, err := f.send(f.get(f.member, f.member))
	assert.Error(t, err, "a closed server accepts nothing")
	f.srv.Close() // twice is fine
}

func TestServerCloseCutsLatencyShort(t *testing.T) {
	f := setup(t)
	f.srv.SetLatency(time.Hour)
	errc := make(chan error, 1)
	go func() {
		_, err := f.send(f.get(f.member, f.member))
		errc <- err
	}()
	require.Eventually(t, func() bool { return len(f.srv.Requests()) == 1 }, 10*time.Second, 5*time.Millisecond)
	done := make(chan struct{})
	go func() {
		f.srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the injected latency")
	}
	assert.Error(t, <-errc, "the delayed request is dropped")
}

func TestNewServerForSharesTheService(t *testing.T) {
	svc := NewService()
	app, err := svc.CreateAppInstance("a", "")
	require.NoError(t, err)
	srv := NewServerFor(svc)
	defer srv.Close()
	assert.Same(t, svc, srv.Service)
	assert.Equal(t, svc.AppInstanceArn("a"), app)
	resp, err := srv.HTTPClient().Get(srv.URL + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Len(t, svc.Requests(), 1)
}
