package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// loadResult is what one load point measured.
type loadResult struct {
	puts     int
	perSec   float64
	p50, p99 time.Duration
}

// putLoad runs clients goroutines, each Putting preferences of its own
// memberships (spread over the whole layout) as their member, for d, and
// returns the acknowledged Puts per second and the latency percentiles.
// A failed Put ends the run with its error: the rate counts only
// successes, so a failing emulator cannot look fast.
func putLoad(ctx context.Context, url string, l layout, clients int, d time.Duration, round int) (loadResult, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConnsPerHost = clients
	defer tr.CloseIdleConnections()
	c := chime.New(chime.Options{
		Region:           region,
		BaseEndpoint:     ptr.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(accessKeyID, secretKey, ""),
		HTTPClient:       &http.Client{Transport: tr, Timeout: time.Minute},
		RetryMaxAttempts: 1, // a failure is reported, not hidden
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	deadline := time.Now().Add(d)
	lat := make([][]time.Duration, clients)
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A stride coprime with the sizes measured spreads each
			// client's memberships over the whole state.
			k := (w*7919 + round*104729) % l.n
			for i := 0; time.Now().Before(deadline); i++ {
				ch, member := l.membership(k)
				k = (k + 7919*clients) % l.n
				rule := fmt.Sprintf(`{"round":["%d"],"n":["%d"]}`, round, i)
				t0 := time.Now()
				_, err := c.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
					ChannelArn: ptr.String(ch), MemberArn: ptr.String(member), ChimeBearer: ptr.String(member),
					Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
						AllowNotifications: types.AllowNotificationsFiltered, FilterRule: ptr.String(rule),
					}},
				})
				if err != nil {
					errs <- fmt.Errorf("client %d, put %d (%s in %s): %w", w, i, member, ch, err)
					cancel()
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return loadResult{}, err
	default:
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return loadResult{}, fmt.Errorf("no Put finished in %v", d)
	}
	slices.Sort(all)
	return loadResult{
		puts:   len(all),
		perSec: float64(len(all)) / elapsed.Seconds(),
		p50:    all[len(all)/2],
		p99:    all[min(len(all)-1, len(all)*99/100)],
	}, nil
}
