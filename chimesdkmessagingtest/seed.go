package chimesdkmessagingtest

import (
	"errors"
	"fmt"

	"github.com/chimekit/chimesdkmessaging/types"
)

// change plans and makes one seeding change of the state (see commit).
func (s *Service) change(plan planFunc) error { return s.commit(plan, false) }

// AppInstanceArn returns the ARN of app instance id in this service's region
// and account: arn:aws:chime:{region}:{account}:app-instance/{id}.
func (s *Service) AppInstanceArn(id string) string {
	return "arn:aws:chime:" + s.cfg.region + ":" + s.cfg.accountID + ":app-instance/" + id
}

// CreateAppInstance creates an app instance and returns its ARN. An empty
// id picks a random UUID, as AWS does.
func (s *Service) CreateAppInstance(id, name string) (string, error) {
	if id == "" {
		id = newID()
	}
	if msg := checkID("app instance", id); msg != "" {
		return "", errors.New(msg)
	}
	arn := s.AppInstanceArn(id)
	return arn, s.change(func(st *store) (Change, error) { return st.planAppInstance(arn, name) })
}

// CreateAppInstanceUser creates an AppInstanceUser
// ({appInstanceArn}/user/{id}) and returns its ARN. An empty id picks a
// random UUID. name is the member's display name, sent back as
// Member.Name.
func (s *Service) CreateAppInstanceUser(appInstanceArn, id, name string) (string, error) {
	return s.createIdentity(appInstanceArn, "user", id, name)
}

// CreateAppInstanceBot creates an AppInstanceBot ({appInstanceArn}/bot/{id})
// and returns its ARN. An empty id picks a random UUID.
func (s *Service) CreateAppInstanceBot(appInstanceArn, id, name string) (string, error) {
	return s.createIdentity(appInstanceArn, "bot", id, name)
}

func (s *Service) createIdentity(appInstanceArn, kind, id, name string) (string, error) {
	if id == "" {
		id = newID()
	}
	if msg := checkID(kind, id); msg != "" {
		return "", errors.New(msg)
	}
	arn := appInstanceArn + "/" + kind + "/" + id
	return arn, s.change(func(st *store) (Change, error) { return st.planIdentity(arn, name, kind == "bot") })
}

// CreateAppInstanceAdmin makes the AppInstanceUser userArn an admin of the
// app instance. Admins cannot set other members' preferences.
func (s *Service) CreateAppInstanceAdmin(appInstanceArn, userArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planAdmin(appInstanceArn, userArn) })
}

// CreateChannel creates a channel ({appInstanceArn}/channel/{id}) and
// returns its ARN. An empty id picks a random UUID.
func (s *Service) CreateChannel(appInstanceArn, id, name string) (string, error) {
	if id == "" {
		id = newID()
	}
	if msg := checkID("channel", id); msg != "" {
		return "", errors.New(msg)
	}
	arn := appInstanceArn + "/channel/" + id
	return arn, s.change(func(st *store) (Change, error) { return st.planChannel(arn, name) })
}

// CreateChannelMembership adds a user or bot of the channel's app instance
// to the channel. Adding an existing member changes nothing; a banned
// member cannot be added.
func (s *Service) CreateChannelMembership(channelArn, memberArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planMembership(channelArn, memberArn) })
}

// DeleteChannelMembership removes a member, and its preferences, from the
// channel.
func (s *Service) DeleteChannelMembership(channelArn, memberArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planDeleteMembership(channelArn, memberArn) })
}

// CreateChannelModerator makes a user or bot of the channel's app instance
// a moderator of the channel. Moderators cannot set other members'
// preferences.
func (s *Service) CreateChannelModerator(channelArn, moderatorArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planModerator(channelArn, moderatorArn) })
}

// CreateChannelBan bans a user or bot from the channel. As in AWS, the ban
// removes its membership (with its preferences) and moderator role.
func (s *Service) CreateChannelBan(channelArn, memberArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planBan(channelArn, memberArn) })
}

// DeleteChannelBan lifts a ban; the user is not a member again until
// CreateChannelMembership adds it.
func (s *Service) DeleteChannelBan(channelArn, memberArn string) error {
	return s.change(func(st *store) (Change, error) { return st.planDeleteBan(channelArn, memberArn) })
}

// SetPreferences stores a member's preferences directly, as if the member
// had put them; the same constraints apply.
func (s *Service) SetPreferences(channelArn, memberArn string, p types.ChannelMembershipPreferences) error {
	prefs := fromTypes(p)
	if msg := checkPreferences(prefs); msg != "" {
		return errors.New(msg)
	}
	return s.commit(func(st *store) (Change, error) { return st.planPreferences(channelArn, memberArn, prefs) }, true)
}

// Preferences returns the preferences stored for a member of a channel,
// or nil if the member never set any. It fails if the channel does not
// exist or memberArn is not a member.
func (s *Service) Preferences(channelArn, memberArn string) (*types.ChannelMembershipPreferences, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.st.channels[channelArn]
	if !ok {
		return nil, fmt.Errorf("channel %s does not exist", channelArn)
	}
	p, ok := ch.members[memberArn]
	if !ok {
		return nil, fmt.Errorf("%s is not a member of channel %s", memberArn, channelArn)
	}
	return p.toTypes(), nil
}

// Snapshot returns a deep copy of the whole state.
func (s *Service) Snapshot() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.snapshot()
}

// Restore replaces the whole state with st, after checking that every
// reference in it resolves and every stored preference is valid. On error
// the state is unchanged. The change hook is not called.
func (s *Service) Restore(st State) error {
	n, err := storeFromState(st)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = n
	return nil
}

// fromTypes converts the client's preferences to the stored form.
func fromTypes(p types.ChannelMembershipPreferences) *Preferences {
	out := &Preferences{}
	if pn := p.PushNotifications; pn != nil {
		out.PushNotifications = &PushNotifications{AllowNotifications: string(pn.AllowNotifications)}
		if pn.FilterRule != nil {
			fr := *pn.FilterRule
			out.PushNotifications.FilterRule = &fr
		}
	}
	return out
}

// toTypes converts stored preferences to the client's types (nil stays
// nil).
func (p *Preferences) toTypes() *types.ChannelMembershipPreferences {
	if p == nil {
		return nil
	}
	out := &types.ChannelMembershipPreferences{}
	if pn := p.PushNotifications; pn != nil {
		out.PushNotifications = &types.PushNotificationPreferences{AllowNotifications: types.AllowNotifications(pn.AllowNotifications)}
		if pn.FilterRule != nil {
			fr := *pn.FilterRule
			out.PushNotifications.FilterRule = &fr
		}
	}
	return out
}
