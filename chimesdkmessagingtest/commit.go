package chimesdkmessagingtest

import "maps"

// persistError is the change hook's error: the change was not made.
type persistError struct{ err error }

func (e *persistError) Error() string { return e.err.Error() }
func (e *persistError) Unwrap() error { return e.err }

// commit makes one change of the state. apply edits a store and reports
// why the change cannot be made; nothing is changed then. With a change
// hook, apply edits a copy, the hook gets the copy's snapshot, and only
// when the hook returns nil does the copy become the state: a change the
// hook could not persist is never served, not even for a moment. Changes
// run one at a time, in order with their hook calls.
func (s *Service) commit(apply func(st *store) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.cfg.onChange == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		return apply(s.st)
	}
	next := s.st.clone() // writeMu is held, so st does not change meanwhile
	if err := apply(next); err != nil {
		return err
	}
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
