package chimesdkmessagingtest

import (
	"maps"
	"sync"
)

// Change is one change of the state, as [WithOnCommit] hands it over: the
// operation and the records it writes, not the state around them.
type Change struct {
	// Op names the change by the AWS operation that makes it.
	Op ChangeOp `json:"Op"`
	// Arn is what the change creates, deletes or sets: the app instance,
	// user, bot or channel created; the admin; the member, moderator or
	// banned user or bot; the member whose preferences are put.
	Arn string `json:"Arn"`
	// Name is the name of an app instance, user, bot or channel created.
	Name string `json:"Name,omitempty"`
	// AppInstanceArn is the app instance of an admin.
	AppInstanceArn string `json:"AppInstanceArn,omitempty"`
	// ChannelArn is the channel of a membership, moderator, ban or
	// preferences.
	ChannelArn string `json:"ChannelArn,omitempty"`
	// Preferences are the preferences put ([OpPutChannelMembershipPreferences]).
	// The hook must not change them.
	Preferences *Preferences `json:"Preferences,omitempty"`
}

// ChangeOp is the kind of a [Change].
type ChangeOp string

// The kinds of [Change]. A ban also removes the banned member's membership
// (with its preferences) and moderator role, as in AWS.
const (
	OpCreateAppInstance               ChangeOp = "CreateAppInstance"
	OpCreateAppInstanceUser           ChangeOp = "CreateAppInstanceUser"
	OpCreateAppInstanceBot            ChangeOp = "CreateAppInstanceBot"
	OpCreateAppInstanceAdmin          ChangeOp = "CreateAppInstanceAdmin"
	OpCreateChannel                   ChangeOp = "CreateChannel"
	OpCreateChannelMembership         ChangeOp = "CreateChannelMembership"
	OpDeleteChannelMembership         ChangeOp = "DeleteChannelMembership"
	OpCreateChannelModerator          ChangeOp = "CreateChannelModerator"
	OpCreateChannelBan                ChangeOp = "CreateChannelBan"
	OpDeleteChannelBan                ChangeOp = "DeleteChannelBan"
	OpPutChannelMembershipPreferences ChangeOp = "PutChannelMembershipPreferences"
)

// persistError is the change hook's error: the change was not made.
type persistError struct{ err error }

func (e *persistError) Error() string { return e.err.Error() }
func (e *persistError) Unwrap() error { return e.err }

// planFunc checks one change against the store, without changing it, and
// returns the change to make (the zero Change: nothing to do). It runs
// with writeMu held and may read the store without mu.
type planFunc func(st *store) (Change, error)

// pendingChange is a change waiting in the group commit queue.
type pendingChange struct {
	plan planFunc
	// grouped: a Put of preferences, which commutes with other Puts (none
	// changes what another's plan reads), so a run of them is planned
	// together and handed to the hook in one call.
	grouped bool
	err     error
	// turn receives true when this change's caller is to commit the
	// queue, false when another caller committed this change (err is set).
	turn chan bool
}

// groupCommit is the queue of changes waiting for the change hook.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*pendingChange
	leading bool // a caller is committing the queue
}

// commit makes one change of the state. plan checks it and reports why it
// cannot be made; nothing is changed then.
//
// Without a hook the change is made at once. With [WithOnCommit], changes
// queue: one caller at a time takes the whole queue, plans it in order and
// hands each run of Puts (or one seeding change) to the hook in one call,
// then makes the changes the hook persisted and wakes their callers; the
// next caller in the queue then takes what queued meanwhile. Concurrent
// Puts so share one hook call (one transaction, one fsync) and none waits
// for more than the group before it. With [WithOnChange], each change is
// made on a copy of the state whose snapshot goes to the hook. Either way
// a change the hook could not persist is never served, not even for a
// moment, and readers see the state before a change until its hook call
// returns.
func (s *Service) commit(plan planFunc, grouped bool) error {
	switch {
	case s.cfg.onChange != nil:
		return s.commitSnapshot(plan)
	case s.cfg.onCommit == nil:
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		c, err := plan(s.st)
		if err == nil && c.Op != "" {
			s.mu.Lock()
			s.st.apply(c)
			s.mu.Unlock()
		}
		return err
	}
	p := &pendingChange{plan: plan, grouped: grouped, turn: make(chan bool, 1)}
	g := &s.group
	g.mu.Lock()
	g.queue = append(g.queue, p)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead && !<-p.turn {
		return p.err
	}
	g.mu.Lock()
	queue := g.queue
	g.queue = nil
	g.mu.Unlock()

	s.writeMu.Lock()
	s.commitQueue(queue)
	s.writeMu.Unlock()

	for _, q := range queue {
		if q != p {
			q.turn <- false
		}
	}
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].turn <- true
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return p.err
}

// commitQueue plans the queued changes in order and persists and makes
// them run by run, setting each one's err. writeMu is held.
func (s *Service) commitQueue(queue []*pendingChange) {
	var run []Change
	var runOf []*pendingChange
	flush := func() {
		if len(run) == 0 {
			return
		}
		if err := s.cfg.onCommit(run); err != nil {
			for _, q := range runOf {
				q.err = &persistError{err}
			}
		} else {
			s.mu.Lock()
			for _, c := range run {
				s.st.apply(c)
			}
			s.mu.Unlock()
		}
		run, runOf = run[:0:0], runOf[:0:0]
	}
	for _, q := range queue {
		if !q.grouped {
			flush() // a seeding change is planned on the state before it
		}
		c, err := q.plan(s.st)
		if err != nil || c.Op == "" {
			q.err = err
			continue
		}
		run, runOf = append(run, c), append(runOf, q)
		if !q.grouped {
			flush()
		}
	}
	flush()
}

// commitSnapshot makes a change on a copy of the state and hands the
// copy's snapshot to the WithOnChange hook (after the WithOnCommit hook,
// if both are set); the copy becomes the state when they return nil.
func (s *Service) commitSnapshot(plan planFunc) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	c, err := plan(s.st) // writeMu is held, so st does not change meanwhile
	if err != nil || c.Op == "" {
		return err
	}
	if s.cfg.onCommit != nil {
		if err := s.cfg.onCommit([]Change{c}); err != nil {
			return &persistError{err}
		}
	}
	next := s.st.clone()
	next.apply(c)
	if err := s.cfg.onChange(next.snapshot()); err != nil {
		return &persistError{err}
	}
	s.mu.Lock()
	s.st = next
	s.mu.Unlock()
	return nil
}

// clone returns a copy of st that can be changed without changing st.
// Identities and stored Preferences are shared: they are replaced, never
// edited in place.
func (st *store) clone() *store {
	c := &store{
		appInstances: make(map[string]*appInstance, len(st.appInstances)),
		identities:   maps.Clone(st.identities),
		channels:     make(map[string]*channel, len(st.channels)),
	}
	for k, ai := range st.appInstances {
		a := *ai
		a.admins = maps.Clone(ai.admins)
		c.appInstances[k] = &a
	}
	for k, ch := range st.channels {
		n := *ch
		n.members = maps.Clone(ch.members)
		n.moderators = maps.Clone(ch.moderators)
		n.bans = maps.Clone(ch.bans)
		c.channels[k] = &n
	}
	return c
}
