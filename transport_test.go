package chimesdkmessaging_test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// writeCounter counts the writes made on the connections it dials.
type writeCounter struct {
	mu     sync.Mutex
	writes int
}

func (w *writeCounter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes
}

// countingConn is a net.Conn that counts its Write calls.
type countingConn struct {
	net.Conn
	c *writeCounter
}

func (c countingConn) Write(b []byte) (int, error) {
	c.c.mu.Lock()
	c.c.writes++
	c.c.mu.Unlock()
	return c.Conn.Write(b)
}

// writeCountingClient is an HTTP client whose connections count their
// writes.
func writeCountingClient(t *testing.T) (*http.Client, *writeCounter) {
	t.Helper()
	wc := &writeCounter{}
	var d net.Dialer
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return countingConn{Conn: c, c: wc}, nil
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}, wc
}

// TestRequestLeavesInOneWrite checks that the headers and the body of a
// request go to the connection in one write, on the first attempt and on a
// retry: net/http flushes the headers separately before a body it does not
// know to be in memory, which costs a system call and a TCP segment more.
func TestRequestLeavesInOneWrite(t *testing.T) {
	put := func(ctx context.Context, c *chime.Client) error {
		_, err := c.PutChannelMembershipPreferences(ctx, validInput())
		return err
	}
	get := func(ctx context.Context, c *chime.Client) error {
		_, err := c.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{
			ChannelArn:  ptr.String(testChannelArn),
			MemberArn:   ptr.String(testMemberArn),
			ChimeBearer: ptr.String(testMemberArn),
		})
		return err
	}
	for _, tc := range []struct {
		name     string
		call     func(context.Context, *chime.Client) error
		failures int // answers of 500 before the 200
	}{
		{"put", put, 0},
		{"put retried twice", put, 2},
		{"get", get, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc, wc := writeCountingClient(t)
			c, ts := setup(t, func(o *chime.Options) { o.HTTPClient = hc })
			failures := tc.failures
			ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
				if failures > 0 {
					failures--
					errorResponder(http.StatusInternalServerError, "ServiceFailureException", `{"Code":"ServiceFailure","Message":"try again"}`)(w, r)
					return
				}
				okResponder(w, r)
			})
			require.NoError(t, tc.call(context.Background(), c))
			reqs := ts.Requests()
			require.Len(t, reqs, tc.failures+1)
			assert.Equal(t, len(reqs), wc.count(), "one write per request")
			for _, r := range reqs[1:] {
				assert.Equal(t, reqs[0].Body, r.Body, "every attempt sends the same body")
			}
		})
	}
}
