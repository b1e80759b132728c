package chimesdkmessagingtest

import (
	"fmt"
	"strings"
)

// The plan methods below check a change against the store without
// changing it and return the [Change] to make; apply makes it. A change
// that would leave the store as it is plans to the zero Change. Plans run
// with Service.writeMu held (nothing changes the store meanwhile); apply
// runs with Service.mu held too. Their errors name what is wrong and what
// to do.

func (st *store) planAppInstance(arn, name string) (Change, error) {
	if !strings.Contains(arn, ":app-instance/") || strings.Count(arn, "/") != 1 {
		return Change{}, fmt.Errorf("app instance ARN %q is not of the form arn:aws:chime:{region}:{account}:app-instance/{id}", arn)
	}
	if _, dup := st.appInstances[arn]; dup {
		return Change{}, fmt.Errorf("app instance %s already exists; pick another ID", arn)
	}
	return Change{Op: OpCreateAppInstance, Arn: arn, Name: name}, nil
}

func (st *store) planIdentity(arn, name string, bot bool) (Change, error) {
	app, ok := appInstanceOfIdentity(arn)
	if !ok {
		return Change{}, fmt.Errorf("%q is not an AppInstanceUser or AppInstanceBot ARN ({app instance ARN}/user/{id} or /bot/{id})", arn)
	}
	if _, ok := st.appInstances[app]; !ok {
		return Change{}, fmt.Errorf("app instance %s of %s does not exist; create it first", app, arn)
	}
	if isBot := strings.HasPrefix(arn[len(app):], "/bot/"); isBot != bot {
		want := "AppInstanceUser ({app instance ARN}/user/{id})"
		if bot {
			want = "AppInstanceBot ({app instance ARN}/bot/{id})"
		}
		return Change{}, fmt.Errorf("ARN %s does not name an %s", arn, want)
	}
	if _, dup := st.identities[arn]; dup {
		return Change{}, fmt.Errorf("%s already exists; pick another ID", arn)
	}
	op := OpCreateAppInstanceUser
	if bot {
		op = OpCreateAppInstanceBot
	}
	return Change{Op: op, Arn: arn, Name: name}, nil
}

func (st *store) planAdmin(appArn, adminArn string) (Change, error) {
	ai, ok := st.appInstances[appArn]
	if !ok {
		return Change{}, fmt.Errorf("app instance %s does not exist; create it first", appArn)
	}
	id, ok := st.identities[adminArn]
	if !ok || id.bot || !strings.HasPrefix(adminArn, appArn+"/") {
		return Change{}, fmt.Errorf("admin %s must be an existing AppInstanceUser of %s", adminArn, appArn)
	}
	if ai.admins[adminArn] {
		return Change{}, nil
	}
	return Change{Op: OpCreateAppInstanceAdmin, AppInstanceArn: appArn, Arn: adminArn}, nil
}

func (st *store) planChannel(arn, name string) (Change, error) {
	app, ok := appInstanceOfChannel(arn)
	if !ok {
		return Change{}, fmt.Errorf("%q is not a channel ARN ({app instance ARN}/channel/{id})", arn)
	}
	if _, ok := st.appInstances[app]; !ok {
		return Change{}, fmt.Errorf("app instance %s of channel %s does not exist; create it first", app, arn)
	}
	if _, dup := st.channels[arn]; dup {
		return Change{}, fmt.Errorf("channel %s already exists; pick another ID", arn)
	}
	return Change{Op: OpCreateChannel, Arn: arn, Name: name}, nil
}

// channelIdentity returns the channel and checks that memberArn is a user
// or bot of the channel's app instance.
func (st *store) channelIdentity(channelArn, memberArn, role string) (*channel, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return nil, fmt.Errorf("channel %s does not exist; create it first", channelArn)
	}
	_, err := st.identityIn(ch, memberArn, role)
	return ch, err
}

// identityIn returns the identity memberArn if it is a user or bot of
// ch's app instance.
func (st *store) identityIn(ch *channel, memberArn, role string) (*identity, error) {
	id, ok := st.identities[memberArn]
	app := ch.appInstance
	if !ok || len(memberArn) <= len(app) || memberArn[len(app)] != '/' || memberArn[:len(app)] != app {
		return nil, fmt.Errorf("%s %s must be an existing AppInstanceUser or AppInstanceBot of %s", role, memberArn, app)
	}
	return id, nil
}

// joinable returns the identity memberArn if it can be a member of ch.
func (st *store) joinable(ch *channel, memberArn string) (*identity, error) {
	id, err := st.identityIn(ch, memberArn, "member")
	if err != nil {
		return nil, err
	}
	if ch.bans[memberArn] {
		return nil, fmt.Errorf("%s is banned from channel %s; delete the ban first", memberArn, ch.arn)
	}
	return id, nil
}

func (st *store) planMembership(channelArn, memberArn string) (Change, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return Change{}, fmt.Errorf("channel %s does not exist; create it first", channelArn)
	}
	if _, err := st.joinable(ch, memberArn); err != nil {
		return Change{}, err
	}
	if _, ok := ch.members[memberArn]; ok {
		return Change{}, nil
	}
	return Change{Op: OpCreateChannelMembership, ChannelArn: channelArn, Arn: memberArn}, nil
}

func (st *store) planModerator(channelArn, moderatorArn string) (Change, error) {
	ch, err := st.channelIdentity(channelArn, moderatorArn, "moderator")
	if err != nil {
		return Change{}, err
	}
	if ch.bans[moderatorArn] {
		return Change{}, fmt.Errorf("%s is banned from channel %s and cannot moderate it", moderatorArn, channelArn)
	}
	if ch.moderators[moderatorArn] {
		return Change{}, nil
	}
	return Change{Op: OpCreateChannelModerator, ChannelArn: channelArn, Arn: moderatorArn}, nil
}

// planBan bans memberArn from the channel. As in AWS, a ban also removes
// the membership and the moderator role.
func (st *store) planBan(channelArn, memberArn string) (Change, error) {
	if _, err := st.channelIdentity(channelArn, memberArn, "banned member"); err != nil {
		return Change{}, err
	}
	return Change{Op: OpCreateChannelBan, ChannelArn: channelArn, Arn: memberArn}, nil
}

func (st *store) planDeleteBan(channelArn, memberArn string) (Change, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return Change{}, fmt.Errorf("channel %s does not exist", channelArn)
	}
	if !ch.bans[memberArn] {
		return Change{}, fmt.Errorf("%s is not banned from channel %s", memberArn, channelArn)
	}
	return Change{Op: OpDeleteChannelBan, ChannelArn: channelArn, Arn: memberArn}, nil
}

func (st *store) planDeleteMembership(channelArn, memberArn string) (Change, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return Change{}, fmt.Errorf("channel %s does not exist", channelArn)
	}
	if _, ok := ch.members[memberArn]; !ok {
		return Change{}, fmt.Errorf("%s is not a member of channel %s", memberArn, channelArn)
	}
	return Change{Op: OpDeleteChannelMembership, ChannelArn: channelArn, Arn: memberArn}, nil
}

// planPreferences stores prefs (already checked) for a member.
func (st *store) planPreferences(channelArn, memberArn string, prefs *Preferences) (Change, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return Change{}, fmt.Errorf("channel %s does not exist", channelArn)
	}
	if _, ok := ch.members[memberArn]; !ok {
		return Change{}, fmt.Errorf("%s is not a member of channel %s; add it with CreateChannelMembership", memberArn, channelArn)
	}
	return Change{Op: OpPutChannelMembershipPreferences, ChannelArn: channelArn, Arn: memberArn, Preferences: prefs}, nil
}

// apply makes a change its plan returned. Strings the store keeps for a
// member come from its identity, so a million memberships of a thousand
// members hold a thousand ARNs.
func (st *store) apply(c Change) {
	switch c.Op {
	case OpCreateAppInstance:
		st.appInstances[c.Arn] = &appInstance{arn: c.Arn, name: c.Name, admins: map[string]bool{}}
	case OpCreateAppInstanceUser, OpCreateAppInstanceBot:
		st.identities[c.Arn] = &identity{arn: c.Arn, name: c.Name, bot: c.Op == OpCreateAppInstanceBot}
	case OpCreateAppInstanceAdmin:
		st.appInstances[c.AppInstanceArn].admins[st.identities[c.Arn].arn] = true
	case OpCreateChannel:
		app, _ := appInstanceOfChannel(c.Arn)
		st.channels[c.Arn] = &channel{
			arn: c.Arn, name: c.Name, appInstance: st.appInstances[app].arn,
			members: map[string]*Preferences{}, moderators: map[string]bool{}, bans: map[string]bool{},
		}
	case OpCreateChannelMembership:
		ch := st.channels[c.ChannelArn]
		if _, ok := ch.members[c.Arn]; !ok {
			ch.members[st.identities[c.Arn].arn] = nil
		}
	case OpDeleteChannelMembership:
		delete(st.channels[c.ChannelArn].members, c.Arn)
	case OpCreateChannelModerator:
		st.channels[c.ChannelArn].moderators[st.identities[c.Arn].arn] = true
	case OpCreateChannelBan:
		ch := st.channels[c.ChannelArn]
		ch.bans[st.identities[c.Arn].arn] = true
		delete(ch.members, c.Arn)
		delete(ch.moderators, c.Arn)
	case OpDeleteChannelBan:
		delete(st.channels[c.ChannelArn].bans, c.Arn)
	case OpPutChannelMembershipPreferences:
		ch := st.channels[c.ChannelArn]
		ch.members[st.identities[c.Arn].arn] = c.Preferences.clone()
	}
}
