package chimesdkmessagingtest

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/types"
)

// commitRecorder is a WithOnCommit hook that records each call and can be
// held inside a call until released.
type commitRecorder struct {
	mu    sync.Mutex
	calls [][]Change
	fail  atomic.Bool
	hold  atomic.Bool
	held  chan struct{} // receives when a held call starts
	free  chan struct{} // a held call returns when this is closed
}

func newCommitRecorder() *commitRecorder {
	return &commitRecorder{held: make(chan struct{}, 1), free: make(chan struct{})}
}

func (r *commitRecorder) hook(changes []Change) error {
	if r.hold.CompareAndSwap(true, false) {
		r.held <- struct{}{}
		<-r.free
	}
	if r.fail.Load() {
		return errors.New("disk full")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, append([]Change(nil), changes...))
	return nil
}

func (r *commitRecorder) recorded() [][]Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]Change(nil), r.calls...)
}

// queued is how many changes wait for the hook.
func queued(s *Service) int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.queue)
}

func TestOnCommitHandsOverEachChange(t *testing.T) {
	rec := newCommitRecorder()
	f := setup(t, WithOnCommit(rec.hook))
	seeding := rec.recorded()
	var ops []ChangeOp
	for _, call := range seeding {
		require.Len(t, call, 1, "a seeding change goes alone")
		ops = append(ops, call[0].Op)
	}
	assert.Equal(t, []ChangeOp{
		OpCreateAppInstance, OpCreateChannel,
		OpCreateAppInstanceUser, OpCreateAppInstanceUser, OpCreateAppInstanceUser, OpCreateAppInstanceUser, OpCreateAppInstanceUser, OpCreateAppInstanceUser,
		OpCreateAppInstanceBot,
		OpCreateChannelMembership, OpCreateChannelMembership, OpCreateChannelMembership, OpCreateChannelMembership, OpCreateChannelMembership, OpCreateChannelMembership,
		OpCreateAppInstanceAdmin, OpCreateChannelModerator, OpCreateChannelBan,
		OpCreateAppInstance, OpCreateAppInstanceUser,
	}, ops)
	assert.Equal(t, Change{Op: OpCreateChannel, Arn: f.ch, Name: "General"}, seeding[1][0])
	assert.Equal(t, Change{Op: OpCreateAppInstanceAdmin, AppInstanceArn: f.app, Arn: f.admin}, seeding[15][0])
	assert.Equal(t, Change{Op: OpCreateChannelBan, ChannelArn: f.ch, Arn: f.banned}, seeding[17][0])

	require.NoError(t, f.srv.CreateChannelMembership(f.ch, f.member))
	require.NoError(t, f.srv.CreateChannelModerator(f.ch, f.moderator))
	assert.Len(t, rec.recorded(), len(seeding), "a seeding call that changes nothing is not handed over")

	resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	resp, _ = f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = f.do(t, f.put(f.admin, f.member, filteredBody))
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	calls := rec.recorded()
	require.Len(t, calls, len(seeding)+1, "only the accepted Put changes the state")
	put := calls[len(calls)-1]
	require.Len(t, put, 1)
	assert.Equal(t, OpPutChannelMembershipPreferences, put[0].Op)
	assert.Equal(t, f.ch, put[0].ChannelArn)
	assert.Equal(t, f.member, put[0].Arn)
	stored, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Equal(t, stored, put[0].Preferences.toTypes(), "the change carries the record written")
}

func TestOnCommitFailureChangesNothing(t *testing.T) {
	rec := newCommitRecorder()
	f := setup(t, WithOnCommit(rec.hook))
	before := f.srv.Snapshot()
	rec.fail.Store(true)
	resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
	assertAPIError(t, resp, body, 500, ServiceFailureException, "ServiceFailure", "could not be persisted and was not made; retry the call: disk full")
	assert.ErrorContains(t, f.srv.CreateChannelMembership(f.ch, f.outsider), "disk full")
	assert.ErrorContains(t, f.srv.SetPreferences(f.ch, f.member, types.ChannelMembershipPreferences{}), "disk full")
	assert.Equal(t, before, f.srv.Snapshot())

	rec.fail.Store(false)
	resp, body = f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Equal(t, types.AllowNotificationsFiltered, mustPreferences(t, f).PushNotifications.AllowNotifications)
}

// TestOnCommitGroupsConcurrentPuts holds the hook inside one Put while
// other Puts arrive: they wait, are not visible, and then reach the hook
// together in one call, in the order they were queued.
func TestOnCommitGroupsConcurrentPuts(t *testing.T) {
	rec := newCommitRecorder()
	f := setup(t, WithOnCommit(rec.hook))
	seeded := len(rec.recorded())

	rec.hold.Store(true)
	first := make(chan int, 1)
	go func() {
		resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
		first <- resp.StatusCode
	}()
	<-rec.held

	members := []string{f.other, f.admin, f.moderator, f.bot}
	statuses := make(chan int, len(members))
	for i, m := range members {
		go func() {
			body, _ := writeBody(i, 1)
			resp, _ := f.do(t, f.put(m, m, body))
			statuses <- resp.StatusCode
		}()
		require.Eventually(t, func() bool { return queued(f.srv.Service) == i+1 }, time.Minute, time.Millisecond,
			"Put %d waits for the hook call in progress", i)
	}
	p, err := f.srv.Preferences(f.ch, f.other)
	require.NoError(t, err)
	assert.Nil(t, p, "a queued Put is not visible")

	close(rec.free)
	assert.Equal(t, http.StatusOK, <-first)
	for range members {
		assert.Equal(t, http.StatusOK, <-statuses)
	}
	calls := rec.recorded()[seeded:]
	require.Len(t, calls, 2, "the queued Puts share one hook call")
	require.Len(t, calls[1], len(members))
	for i, m := range members {
		assert.Equal(t, m, calls[1][i].Arn, "in the order they were queued")
		_, want := writeBody(i, 1)
		assert.Equal(t, want, calls[1][i].Preferences)
		got, err := f.srv.Preferences(f.ch, m)
		require.NoError(t, err)
		assert.Equal(t, want.toTypes(), got)
	}
}

// TestOnCommitSeedingChangeSplitsAGroup queues Put, DeleteChannelMembership
// and a Put by the deleted member behind a held hook call: the second Put
// is checked against the state after the delete and refused.
func TestOnCommitSeedingChangeSplitsAGroup(t *testing.T) {
	rec := newCommitRecorder()
	f := setup(t, WithOnCommit(rec.hook))
	seeded := len(rec.recorded())
	rec.hold.Store(true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}()
	<-rec.held

	results := make(chan any, 3)
	steps := []func(){
		func() { resp, _ := f.do(t, f.put(f.bot, f.bot, filteredBody)); results <- resp.StatusCode },
		func() { results <- f.srv.DeleteChannelMembership(f.ch, f.other) },
		func() { resp, _ := f.do(t, f.put(f.other, f.other, filteredBody)); results <- resp.StatusCode },
	}
	for i, step := range steps {
		go step()
		require.Eventually(t, func() bool { return queued(f.srv.Service) == i+1 }, time.Minute, time.Millisecond)
	}
	close(rec.free)
	<-done
	got := []any{<-results, <-results, <-results}
	assert.ElementsMatch(t, []any{http.StatusOK, nil, http.StatusForbidden}, got)
	calls := rec.recorded()[seeded:]
	require.Len(t, calls, 3, "held Put; the bot's Put; the delete alone; the refused Put is not handed over")
	assert.Equal(t, f.bot, calls[1][0].Arn)
	assert.Equal(t, []Change{{Op: OpDeleteChannelMembership, ChannelArn: f.ch, Arn: f.other}}, calls[2])
}

// TestOnCommitConcurrentPutsReplayToTheState replays every change the
// hook got, in order, onto the seeded state and compares the result with
// the service's state after concurrent Puts and seeding.
func TestOnCommitConcurrentPutsReplayToTheState(t *testing.T) {
	rec := newCommitRecorder()
	f := setup(t, WithOnCommit(rec.hook))
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
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := range each {
			_, err := f.srv.CreateAppInstanceUser(f.app, "late-"+string(rune('a'+n)), "")
			assert.NoError(t, err)
		}
	}()
	wg.Wait()

	replayed := newStore()
	for _, call := range rec.recorded() {
		for _, c := range call {
			replayed.apply(c)
		}
	}
	assert.Equal(t, f.srv.Snapshot(), replayed.snapshot(), "the changes handed over make the state")
}
