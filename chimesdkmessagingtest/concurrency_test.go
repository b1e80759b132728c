package chimesdkmessagingtest

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeBody returns writer w's n-th value: FILTERED with a rule naming both,
// or ALL with no rule, so that a mix of two writes would show.
func writeBody(w, n int) (string, *Preferences) {
	if (w+n)%2 == 0 {
		return `{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`,
			&Preferences{PushNotifications: &PushNotifications{AllowNotifications: "ALL"}}
	}
	rule := fmt.Sprintf(`{"writer":["%d"],"n":["%d"]}`, w, n)
	body := fmt.Sprintf(`{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":%q}}}`, rule)
	return body, &Preferences{PushNotifications: &PushNotifications{AllowNotifications: "FILTERED", FilterRule: &rule}}
}

func TestConcurrentPutsOnOneMembership(t *testing.T) {
	f := setup(t)
	const writers, each = 8, 6
	var wg sync.WaitGroup
	written := make(chan *Preferences, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				body, want := writeBody(w, n)
				resp, got := f.do(t, f.put(f.member, f.member, body))
				if assert.Equal(t, http.StatusOK, resp.StatusCode, "body %s", got) {
					assert.Equal(t, want, decodeOutput(t, got).Preferences, "the answer echoes this write")
					written <- want
				}
			}
		}()
	}
	wg.Wait()
	close(written)
	final := findMembership(t, f.srv.Snapshot(), f.ch, f.member).Preferences
	require.NotNil(t, final)
	found := false
	for p := range written {
		found = found || assert.ObjectsAreEqual(p, final)
	}
	assert.True(t, found, "the stored value is exactly one of the written values: %+v", final.PushNotifications)
}

func TestConcurrentPutsLoseNothing(t *testing.T) {
	var mu sync.Mutex
	var last State
	f := setup(t, WithOnChange(func(s State) error {
		mu.Lock()
		defer mu.Unlock()
		last = s
		return nil
	}))
	members := []string{f.member, f.other, f.admin, f.moderator, f.bot}
	const each = 8
	var wg sync.WaitGroup
	for i, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				body, _ := writeBody(i, n)
				resp, got := f.do(t, f.put(m, m, body))
				assert.Equal(t, http.StatusOK, resp.StatusCode, "body %s", got)
				// Readers and seeders run alongside.
				_ = f.srv.Snapshot()
				_, err := f.srv.Preferences(f.ch, m)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := range each {
			_, err := f.srv.CreateAppInstanceUser(f.app, fmt.Sprintf("late-%d", n), "")
			assert.NoError(t, err)
		}
	}()
	wg.Wait()
	snap := f.srv.Snapshot()
	for i, m := range members {
		_, want := writeBody(i, each-1)
		assert.Equal(t, want, findMembership(t, snap, f.ch, m).Preferences, "the last acknowledged write of %s is stored", m)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, snap, last, "the change hook saw the final state last")
}
