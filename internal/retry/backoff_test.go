package retry

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJitteredBackoff(t *testing.T) {
	cases := []struct {
		name    string
		attempt int
		base    time.Duration
		rand    float64
		want    time.Duration
	}{
		{"first retry max", 1, time.Second, 0.999999, 1999998 * time.Microsecond},
		{"first retry half", 1, time.Second, 0.5, time.Second},
		{"second retry half", 2, time.Second, 0.5, 2 * time.Second},
		{"third retry", 3, time.Second, 0.5, 4 * time.Second},
		{"fourth retry", 4, time.Second, 0.5, 8 * time.Second},
		{"fifth retry capped", 5, time.Second, 0.5, 10 * time.Second},
		{"huge attempt capped, still jittered", 200, time.Second, 0.25, 5 * time.Second},
		{"zero rand", 3, time.Second, 0, 0},
		{"rand 1 clamped below cap", 9, time.Second, 1, 20*time.Second - 1},
		{"negative rand", 2, time.Second, -3, 0},
		{"attempt 0 treated as 1", 0, time.Second, 0.5, time.Second},
		{"throttle base", 1, 2 * time.Second, 0.5, 2 * time.Second},
		{"huge base capped", 1, time.Hour, 0.5, 10 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := jitteredBackoff(tc.attempt, tc.base, 20*time.Second, tc.rand)
			assert.InDelta(t, float64(tc.want), float64(got), float64(time.Microsecond))
		})
	}
}

func TestRetryDelay(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	cases := []struct {
		name    string
		attempt int
		err     error
		want    time.Duration
	}{
		{"503 first retry", 1, respErr(503, "ServiceUnavailableException", nil), time.Second},
		{"503 second retry", 2, respErr(503, "ServiceUnavailableException", nil), 2 * time.Second},
		{"503 capped", 10, respErr(503, "", nil), 10 * time.Second},
		{"429 uses throttle base", 1, respErr(429, "ThrottledClientException", nil), 2 * time.Second},
		{"throttle code uses throttle base", 2, respErr(400, "ThrottlingException", nil), 4 * time.Second},
		{"Retry-After seconds above backoff", 1, respErr(429, "ThrottledClientException", hdr("Retry-After", "7")), 7 * time.Second},
		{"Retry-After below backoff keeps backoff", 2, respErr(503, "", hdr("Retry-After", "1")), 2 * time.Second},
		{"Retry-After beyond MaxBackoff clamped", 1, respErr(503, "", hdr("Retry-After", "3600")), 20 * time.Second},
		{"Retry-After HTTP date vs response Date", 1, respErr(503, "", hdr(
			"Date", date.Format(http.TimeFormat),
			"Retry-After", date.Add(9*time.Second).Format(http.TimeFormat))), 9 * time.Second},
		{"Retry-After date in the past", 1, respErr(503, "", hdr(
			"Date", date.Format(http.TimeFormat),
			"Retry-After", date.Add(-9*time.Second).Format(http.TimeFormat))), time.Second},
		{"Retry-After garbage ignored", 1, respErr(503, "", hdr("Retry-After", "soon")), time.Second},
		{"Retry-After negative ignored", 1, respErr(503, "", hdr("Retry-After", "-5")), time.Second},
		{"x-amz-retry-after ms", 1, respErr(503, "", hdr("X-Amz-Retry-After", "4500")), 4500 * time.Millisecond},
		{"x-amz-retry-after wins over Retry-After", 1, respErr(503, "", hdr("X-Amz-Retry-After", "3000", "Retry-After", "9")), 3 * time.Second},
		{"x-amz-retry-after garbage falls back", 1, respErr(503, "", hdr("X-Amz-Retry-After", "x", "Retry-After", "6")), 6 * time.Second},
		{"x-amz-retry-after clamped", 1, respErr(429, "", hdr("X-Amz-Retry-After", "999999")), 20 * time.Second},
		{"connection error", 1, sendErr(errConnReset()), time.Second},
	}
	s := NewStandard(func(o *StandardOptions) { o.Rand = fixedRand(0.5) })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := s.RetryDelay(tc.attempt, tc.err)
			require.NoError(t, err)
			assert.Equal(t, tc.want, d)
		})
	}
}

func TestRetryDelay_RetryAfterDateWithoutDateHeader(t *testing.T) {
	s := NewStandard(func(o *StandardOptions) { o.Rand = fixedRand(0) })
	at := time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	d, err := s.RetryDelay(1, respErr(503, "", http.Header{"Retry-After": {at}}))
	require.NoError(t, err)
	assert.Greater(t, d, 10*time.Second, "measured against the local clock")
	assert.LessOrEqual(t, d, 20*time.Second, "clamped to MaxBackoff")
}

func TestStandardDefaults(t *testing.T) {
	o := NewStandard().opts
	assert.Equal(t, 3, o.MaxAttempts)
	assert.Equal(t, 20*time.Second, o.MaxBackoff)
	assert.Equal(t, time.Second, o.BaseDelay)
	assert.Equal(t, 2*time.Second, o.ThrottleBaseDelay)
	assert.Equal(t, []int{5, 10, 1, 500}, []int{o.RetryCost, o.RetryTimeoutCost, o.NoRetryIncrement, o.QuotaCapacity})
	assert.False(t, o.DisableRetryQuota)
	require.NotNil(t, o.Rand)
	for range 100 {
		v := o.Rand()
		assert.True(t, v >= 0 && v < 1)
	}
	// Default jitter stays within the documented bounds.
	s := NewStandard()
	for attempt, ceiling := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 6: 20 * time.Second} {
		d, err := s.RetryDelay(attempt, respErr(500, "", nil))
		require.NoError(t, err)
		assert.Less(t, d, ceiling)
		assert.GreaterOrEqual(t, d, time.Duration(0))
	}
}
