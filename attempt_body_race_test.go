package chimesdkmessaging_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// lateBodyReader answers the first attempt with a 503 at once and reads
// that attempt's body afterwards, on a goroutine of its own, as net/http's
// writeLoop may still write a body after RoundTrip returned (a server can
// answer before the whole body went out). Later attempts are answered 200.
type lateBodyReader struct {
	reading  sync.WaitGroup
	attempts int // attempts of one call come one after another
}

func (l *lateBodyReader) Do(r *http.Request) (*http.Response, error) {
	l.attempts++
	if l.attempts == 1 {
		l.reading.Add(1)
		go func() {
			defer l.reading.Done()
			_, _ = io.Copy(io.Discard, r.Body)
		}()
		return jsonResponse(503, http.Header{"X-Amzn-ErrorType": {"ServiceUnavailableException"}}, `{}`), nil
	}
	_, _ = io.Copy(io.Discard, r.Body)
	return jsonResponse(200, nil, okBody), nil
}

// TestRetryDoesNotShareTheBodyAnAbandonedAttemptStillReads: the retry must
// not rewind or read a reader the first attempt's transport still reads.
// Under -race the detector reports such sharing whatever the timing (seen
// as an intermittent failure of TestResponseBodyTimeout and
// TestLoadUnderFaults: bytes.Reader.Seek from the retry middleware against
// bytes.Reader.WriteTo in net/http's writeLoop).
func TestRetryDoesNotShareTheBodyAnAbandonedAttemptStillReads(t *testing.T) {
	l := &lateBodyReader{}
	c := chime.New(chime.Options{
		Region: "us-east-1", Credentials: staticCreds("AKID", "SECRET", ""), HTTPClient: l,
		Retryer: chime.NewStandardRetryer(func(o *chime.StandardRetryerOptions) {
			o.BaseDelay, o.MaxBackoff = time.Millisecond, time.Millisecond
		}),
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	l.reading.Wait()
	require.NoError(t, err)
	assert.Equal(t, 2, l.attempts)
}
