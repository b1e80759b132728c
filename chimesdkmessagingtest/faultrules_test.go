package chimesdkmessagingtest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusesOf sends each request in turn and returns the statuses.
func statusesOf(t *testing.T, f *fixture, reqs ...rawReq) []int {
	t.Helper()
	out := make([]int, len(reqs))
	for i, r := range reqs {
		resp, _ := f.do(t, r)
		out[i] = resp.StatusCode
	}
	return out
}

func TestFaultRulesByOperationAndCount(t *testing.T) {
	f := setup(t)
	put, get := f.put(f.member, f.member, filteredBody), f.get(f.member, f.member)
	require.NoError(t, f.srv.AddFaultRules(
		FaultRule{Operation: OperationPut, Probability: 1, Count: 2, Fault: Fault{Exception: ConflictException, Message: "injected"}},
		FaultRule{Operation: OperationGet, Probability: 1, Fault: Fault{Exception: ServiceFailureException}},
	))
	assert.Equal(t, []int{500, 409, 500, 409, 200, 500}, statusesOf(t, f, get, put, get, put, put, get),
		"Put fails twice, then is served; Get fails until its rule goes")
	rules := f.srv.FaultRules()
	require.Len(t, rules, 1, "the counted rule is gone once spent")
	assert.Equal(t, OperationGet, rules[0].Operation)

	assert.Equal(t, 1, f.srv.RemoveFaultRules(FaultRule{Operation: OperationGet, Probability: 1, Fault: Fault{Exception: ServiceFailureException}}))
	assert.Equal(t, []int{200}, statusesOf(t, f, get))

	log := f.srv.Requests()
	assert.Equal(t, "fault: "+ConflictException, log[1].Note)
	assert.Equal(t, "fault: "+ServiceFailureException, log[0].Note)
}

func TestFaultRulesOrderAndFailNextFirst(t *testing.T) {
	f := setup(t)
	get := f.get(f.member, f.member)
	require.NoError(t, f.srv.SetFaultRules([]FaultRule{
		{Probability: 1, Count: 1, Fault: Fault{Exception: ForbiddenException}},
		{Probability: 1, Count: 1, Fault: Fault{Exception: ServiceUnavailableException}},
	}))
	f.srv.FailNext(1, Fault{Exception: ThrottledClientException})
	assert.Equal(t, []int{429, 403, 503, 200}, statusesOf(t, f, get, get, get, get),
		"FailNext first, then the rules in order, then served")
	assert.Empty(t, f.srv.FaultRules())
}

func TestFaultRuleProbabilityIsSeeded(t *testing.T) {
	count := func(seed uint64) (int, []bool) {
		svc := NewService(WithRandSeed(seed))
		require.NoError(t, svc.AddFaultRules(FaultRule{Probability: 0.25, Fault: Fault{Exception: ServiceUnavailableException}}))
		got := serveN(svc, 400)
		n := 0
		for _, failed := range got {
			if failed {
				n++
			}
		}
		return n, got
	}
	n1, a := count(3)
	_, b := count(3)
	assert.Equal(t, a, b, "the same seed fails the same requests")
	assert.InDelta(t, 100, n1, 45, "about a quarter of 400 fail")
}

func TestFaultRuleLatencyOnlyServes(t *testing.T) {
	f := setup(t)
	require.NoError(t, f.srv.AddFaultRules(FaultRule{Operation: OperationPut, Probability: 1, Count: 1, Fault: Fault{Latency: time.Millisecond}}))
	assert.Equal(t, []int{200}, statusesOf(t, f, f.put(f.member, f.member, filteredBody)))
	p, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.NotNil(t, p, "a latency rule slows the request and lets it be served")
	assert.Equal(t, "fault: latency 1ms", f.srv.Requests()[0].Note)
}

func TestFaultRuleChecks(t *testing.T) {
	svc := NewService()
	bad := map[string]FaultRule{
		"Operation":    {Operation: "DeleteChannel", Probability: 1, Fault: Fault{Exception: ConflictException}},
		"Probability":  {Probability: 0, Fault: Fault{Exception: ConflictException}},
		"Count":        {Probability: 1, Count: -1, Fault: Fault{Exception: ConflictException}},
		"does nothing": {Probability: 1},
		"Status":       {Probability: 1, Fault: Fault{Status: 42}},
	}
	for want, r := range bad {
		t.Run(want, func(t *testing.T) {
			err := svc.AddFaultRules(FaultRule{Probability: 1, Fault: Fault{Exception: ConflictException}}, r)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "rule 1: ")
			assert.Contains(t, err.Error(), want)
			assert.Empty(t, svc.FaultRules(), "an invalid rule adds none")
			require.Error(t, svc.SetFaultRules([]FaultRule{r}))
		})
	}
}

func TestOperationRateLimit(t *testing.T) {
	f := setup(t)
	put, get := f.put(f.member, f.member, filteredBody), f.get(f.member, f.member)
	require.NoError(t, f.srv.SetOperationRateLimit(OperationPut, 1, 2))
	assert.Equal(t, []int{200, 200, 429, 200, 429}, statusesOf(t, f, put, put, put, get, put), "Put has a burst of 2; Get is not limited")
	resp, body := f.do(t, put)
	assertAPIError(t, resp, body, 429, ThrottledClientException, "Throttled", "Rate exceeded")
	f.clock.Advance(time.Second)
	assert.Equal(t, []int{200, 429}, statusesOf(t, f, put, put), "one Put a second")

	f.srv.SetRateLimit(1, 1)
	f.clock.Advance(time.Hour)
	assert.Equal(t, []int{200, 429}, statusesOf(t, f, put, get), "the limit of every request applies too")
	f.clock.Advance(time.Second)
	assert.Equal(t, []int{200, 429}, statusesOf(t, f, get, put), "a Get spends the token of every request")
	assert.Equal(t, []RateLimit{{PerSecond: 1, Burst: 1}, {Operation: OperationPut, PerSecond: 1, Burst: 2}}, f.srv.RateLimits())

	require.NoError(t, f.srv.SetOperationRateLimit(OperationPut, 0, 0))
	assert.Equal(t, []RateLimit{{PerSecond: 1, Burst: 1}}, f.srv.RateLimits())
	require.ErrorContains(t, f.srv.SetOperationRateLimit("ListChannels", 1, 1), `operation "ListChannels" is not an operation of this service`)

	require.NoError(t, f.srv.SetOperationRateLimit(OperationGet, 5, 5))
	f.srv.ClearFaults()
	assert.Empty(t, f.srv.RateLimits())
	assert.Equal(t, []int{200, 200, 200}, statusesOf(t, f, put, put, get))
}

func TestExceptionStatus(t *testing.T) {
	for name, want := range map[string]int{
		ThrottledClientException: http.StatusTooManyRequests, ServiceUnavailableException: 503,
		BadRequestException: 400, UnauthorizedClientException: 401,
	} {
		got, ok := ExceptionStatus(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	_, ok := ExceptionStatus("NoSuchException")
	assert.False(t, ok)
}
