package sigv4

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeyCacheConcurrent signs from 64 goroutines with different dates and
// regions through one Signer (more distinct keys than the cache holds, so
// eviction runs too) and checks each signature against a fresh Signer.
// Run with -race.
func TestKeyCacheConcurrent(t *testing.T) {
	shared := New()
	regions := []string{"us-east-1", "us-west-2", "eu-central-1", "ap-southeast-1"}
	const goroutines, rounds = 64, 20
	type result struct {
		region string
		at     time.Time
		auth   string
	}
	results := make([][]result, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				region := regions[(g+i)%len(regions)]
				at := exampleTime.AddDate(0, 0, (g*rounds+i)%40).Add(time.Duration(g) * time.Second)
				req := newExampleRequest(t, "https://"+exampleHost)
				if err := shared.SignHTTP(req, testCreds(""), EmptyPayloadHash, "chime", region, at); err != nil {
					t.Error(err)
					return
				}
				results[g] = append(results[g], result{region, at, req.Header.Get("Authorization")})
			}
		}()
	}
	wg.Wait()
	require.False(t, t.Failed())

	for g, rs := range results {
		require.Len(t, rs, rounds, "goroutine %d", g)
		for _, r := range rs {
			req := newExampleRequest(t, "https://"+exampleHost)
			require.NoError(t, New().SignHTTP(req, testCreds(""), EmptyPayloadHash, "chime", r.region, r.at))
			assert.Equal(t, req.Header.Get("Authorization"), r.auth, "goroutine %d, %s %s", g, r.region, r.at)
		}
	}
	shared.state().keys.mu.RLock()
	defer shared.state().keys.mu.RUnlock()
	assert.LessOrEqual(t, len(shared.state().keys.m), maxCachedKeys, "the cache stays bounded")
}

func TestKeyCacheDistinguishesSecrets(t *testing.T) {
	var c keyCache
	date := "20240101"
	a := c.get("secret-a", date, "us-east-1", "chime")
	b := c.get("secret-b", date, "us-east-1", "chime")
	assert.NotEqual(t, a.key, b.key)
	assert.Same(t, a, c.get("secret-a", date, "us-east-1", "chime"), "cached in the map, not only as the last key")
	assert.NotEqual(t, a.key, c.get("secret-a", "20240102", "us-east-1", "chime").key)
	assert.NotEqual(t, a.key, c.get("secret-a", date, "us-west-2", "chime").key)
	assert.NotEqual(t, a.key, c.get("secret-a", date, "us-east-1", "iam").key)
}
