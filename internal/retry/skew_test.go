package retry

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func skewErr(serverTime time.Time) error {
	h := http.Header{}
	if !serverTime.IsZero() {
		h.Set("Date", serverTime.UTC().Format(http.TimeFormat))
	}
	return respErrMsg(403, "InvalidSignatureException",
		"Signature expired: 20260301T120000Z is now earlier than 20260301T121000Z", h)
}

func okResponse(serverTime time.Time) *smithyhttp.Response {
	return &smithyhttp.Response{Response: &http.Response{StatusCode: 200,
		Header: http.Header{"Date": {serverTime.UTC().Format(http.TimeFormat)}}}}
}

// slowStandard would make any backoff obvious: ~10 s per retry.
func slowStandard() *Standard {
	return NewStandard(func(o *StandardOptions) {
		o.BaseDelay = 10 * time.Second
		o.ThrottleBaseDelay = 10 * time.Second
		o.Rand = fixedRand(0.99)
	})
}

func TestIsSkewError(t *testing.T) {
	cases := []struct {
		code, msg string
		want      bool
	}{
		{"RequestTimeTooSkewed", "", true},
		{"RequestExpired", "", true},
		{"RequestInTheFuture", "", true},
		{"InvalidSignatureException", "Signature expired: x is now earlier than y", true},
		{"InvalidSignatureException", "Signature not yet current: x is still later than y", true},
		{"SignatureDoesNotMatch", "Signature EXPIRED", true},
		{"InvalidSignatureException", "The request signature we calculated does not match", false},
		{"ForbiddenException", "expired", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, isSkewError(respErrMsg(403, tc.code, tc.msg, nil)), "%s %q", tc.code, tc.msg)
	}
}

func TestClockSkew(t *testing.T) {
	var nilSkew *ClockSkew
	assert.Zero(t, nilSkew.Offset())
	assert.WithinDuration(t, time.Now(), nilSkew.Now(), time.Second)
	var c ClockSkew
	assert.Zero(t, c.Offset())
	c.offset.Store(int64(time.Hour))
	assert.Equal(t, time.Hour, c.Offset())
	assert.WithinDuration(t, time.Now().Add(time.Hour), c.Now(), time.Second)
}

func TestSkew_CorrectedAndRetriedAtOnce(t *testing.T) {
	s := slowStandard()
	skew := &ClockSkew{}
	server := time.Now().Add(10 * time.Minute)
	next := &script{results: []error{skewErr(server), nil}}
	start := time.Now()
	md, err := run(t, &Middleware{Retryer: s, Skew: skew}, next, newRequest(t, []byte("x")))
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second, "no backoff before the skew retry")
	assert.Equal(t, 2, Attempts(md))
	assert.InDelta(t, float64(10*time.Minute), float64(skew.Offset()), float64(2*time.Second))
	assert.Equal(t, 500, s.quota.level(), "no quota cost")
	assert.Equal(t, "attempt=2; max=3", next.seen[1].header.Get("Amz-Sdk-Request"))
}

func TestSkew_OnlyOneSkewRetryAndBogusDateUndone(t *testing.T) {
	for _, prev := range []time.Duration{0, 10 * time.Minute} {
		skew := &ClockSkew{}
		skew.offset.Store(int64(prev))
		// A proxy's cached Date, an hour old, on every response.
		next := &script{results: []error{skewErr(time.Now().Add(-time.Hour))}}
		md, err := run(t, &Middleware{Retryer: slowStandard(), Skew: skew}, next, newRequest(t, nil))
		require.Error(t, err)
		assert.True(t, isSkewError(err))
		assert.Equal(t, 2, Attempts(md), "one skew retry only")
		assert.Equal(t, prev, skew.Offset(), "offset restored to what it was before")
	}
}

func TestSkew_NoChange(t *testing.T) {
	cases := []struct {
		name   string
		m      func(*ClockSkew) *Middleware
		err    error
		offset time.Duration
	}{
		{"Date agrees with local clock", func(c *ClockSkew) *Middleware { return &Middleware{Retryer: slowStandard(), Skew: c} },
			skewErr(time.Now().Add(2 * time.Second)), 0},
		{"no Date header", func(c *ClockSkew) *Middleware { return &Middleware{Retryer: slowStandard(), Skew: c} },
			skewErr(time.Time{}), 0},
		{"no ClockSkew", func(*ClockSkew) *Middleware { return &Middleware{Retryer: slowStandard()} },
			skewErr(time.Now().Add(time.Hour)), 0},
		{"retries disabled", func(c *ClockSkew) *Middleware {
			return &Middleware{Retryer: NewStandard(func(o *StandardOptions) { o.MaxAttempts = 1 }), Skew: c}
		}, skewErr(time.Now().Add(time.Hour)), 0},
		{"signature mismatch is not skew", func(c *ClockSkew) *Middleware { return &Middleware{Retryer: slowStandard(), Skew: c} },
			respErrMsg(403, "InvalidSignatureException", "does not match", http.Header{"Date": {time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}}), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			skew := &ClockSkew{}
			next := &script{results: []error{tc.err, nil}}
			md, err := run(t, tc.m(skew), next, newRequest(t, nil))
			require.Error(t, err)
			assert.Equal(t, 1, Attempts(md))
			assert.Equal(t, tc.offset, skew.Offset())
		})
	}
}

func TestSkew_StaleOffsetResetBySkewError(t *testing.T) {
	skew := &ClockSkew{}
	skew.offset.Store(int64(10 * time.Minute)) // the local clock has since been fixed
	next := &script{results: []error{skewErr(time.Now()), nil}}
	md, err := run(t, &Middleware{Retryer: slowStandard(), Skew: skew}, next, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 2, Attempts(md))
	assert.Zero(t, skew.Offset())
}

func TestSkew_DroppedOnSuccess(t *testing.T) {
	cases := []struct {
		name string
		resp *smithyhttp.Response
		want time.Duration
	}{
		{"Date near local clock drops", okResponse(time.Now().Add(20 * time.Second)), 0},
		{"Date still skewed keeps", okResponse(time.Now().Add(10 * time.Minute)), 10 * time.Minute},
		{"no response recorded keeps", nil, 10 * time.Minute},
		{"unparsable Date keeps", &smithyhttp.Response{Response: &http.Response{Header: http.Header{"Date": {"yesterday"}}}}, 10 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			skew := &ClockSkew{}
			skew.offset.Store(int64(10 * time.Minute))
			_, err := run(t, &Middleware{Retryer: fastStandard(), Skew: skew}, &script{results: []error{nil}, resp: tc.resp}, newRequest(t, nil))
			require.NoError(t, err)
			assert.Equal(t, tc.want, skew.Offset())
		})
	}
}

func TestSetRawResponseIsReadBack(t *testing.T) {
	resp := okResponse(time.Now())
	var md middleware.Metadata
	assert.Nil(t, rawResponse(md))
	SetRawResponse(&md, resp)
	assert.Same(t, resp, rawResponse(md))
}
