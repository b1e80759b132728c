package retry

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuota_ExhaustionExactArithmetic(t *testing.T) {
	s := fastStandard(func(o *StandardOptions) { o.QuotaCapacity = 12; o.MaxAttempts = 10 })
	next := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}}
	md, err := run(t, &Middleware{Retryer: s}, next, newRequest(t, []byte("{}")))

	// 12 → 7 (first retry) → 2 (second retry) → third retry needs 5: refused.
	var qe *QuotaExceededError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, 3, qe.Attempts)
	assert.Equal(t, 2, qe.Available)
	assert.Equal(t, 5, qe.Cost)
	assert.Equal(t, 3, next.attempts())
	assert.Equal(t, 3, Attempts(md))
	assert.Equal(t, 2, s.quota.level())
	assert.Contains(t, err.Error(), "client's own retry token bucket is empty")
	assert.Contains(t, err.Error(), "not a service error")
	assert.Contains(t, err.Error(), "after 3 attempt(s)")
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr, "the service error stays reachable")
	assert.Equal(t, "ServiceUnavailableException", apiErr.ErrorCode())

	// The next call fails at once on the quota after its first attempt.
	next2 := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}}
	_, err = run(t, &Middleware{Retryer: s}, next2, newRequest(t, nil))
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, 1, next2.attempts())
}

func TestQuota_RefundsAndIncrements(t *testing.T) {
	s := fastStandard(func(o *StandardOptions) { o.QuotaCapacity = 20; o.MaxAttempts = 2 })
	m := &Middleware{Retryer: s}
	e503 := respErr(503, "ServiceUnavailableException", nil)
	steps := []struct {
		name     string
		results  []error
		wantErr  bool
		attempts int
		tokens   int
	}{
		{"retry that fails again keeps the cost", []error{e503}, true, 2, 15},
		{"retry that succeeds is refunded, no +1", []error{e503, nil}, false, 2, 15},
		{"first-try success adds 1", []error{nil}, false, 1, 16},
		{"timeout costs 10, refunded on success", []error{sendErr(timeoutErr{}), nil}, false, 2, 16},
		{"non-retryable after a retry refunds", []error{e503, respErr(400, "BadRequestException", nil)}, true, 2, 16},
		{"non-retryable first attempt costs nothing", []error{respErr(403, "ForbiddenException", nil)}, true, 1, 16},
	}
	for _, st := range steps {
		next := &script{results: st.results}
		md, err := run(t, m, next, newRequest(t, []byte("x")))
		assert.Equal(t, st.wantErr, err != nil, st.name)
		assert.Equal(t, st.attempts, Attempts(md), st.name)
		assert.Equal(t, st.tokens, s.quota.level(), st.name)
	}
	// +1 never goes beyond capacity.
	for range 10 {
		_, err := run(t, m, &script{results: []error{nil}}, newRequest(t, nil))
		require.NoError(t, err)
	}
	assert.Equal(t, 20, s.quota.level())
}

func TestQuota_TimeoutCostVisibleDuringRetry(t *testing.T) {
	s := fastStandard(func(o *StandardOptions) { o.QuotaCapacity = 100 })
	var during int
	next := &script{results: []error{sendErr(timeoutErr{}), nil}, hook: func(_ context.Context, n int) error {
		if n == 2 {
			during = s.quota.level()
		}
		return nil
	}}
	_, err := run(t, &Middleware{Retryer: s}, next, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 90, during)
	assert.Equal(t, 100, s.quota.level())
}

func TestQuota_Disabled(t *testing.T) {
	s := fastStandard(func(o *StandardOptions) { o.QuotaCapacity = 1; o.DisableRetryQuota = true; o.MaxAttempts = 50 })
	next := &script{results: []error{respErr(500, "ServiceFailureException", nil)}}
	md, err := run(t, &Middleware{Retryer: s}, next, newRequest(t, nil))
	var mae *MaxAttemptsError
	require.ErrorAs(t, err, &mae)
	assert.Equal(t, 50, mae.Attempts)
	assert.Equal(t, 50, next.attempts())
	assert.Equal(t, 50, Attempts(md))
	var qe *QuotaExceededError
	assert.False(t, errors.As(err, &qe))
}
