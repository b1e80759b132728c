package chimesdkmessagingtest

import (
	"fmt"
	"strings"
)

// The store methods below check references and change the store; they run
// with Service.mu held. Their errors name what is wrong and what to do.

func (st *store) addAppInstance(arn, name string) error {
	if !strings.Contains(arn, ":app-instance/") || strings.Count(arn, "/") != 1 {
		return fmt.Errorf("app instance ARN %q is not of the form arn:aws:chime:{region}:{account}:app-instance/{id}", arn)
	}
	if _, dup := st.appInstances[arn]; dup {
		return fmt.Errorf("app instance %s already exists; pick another ID", arn)
	}
	st.appInstances[arn] = &appInstance{arn: arn, name: name, admins: map[string]bool{}}
	return nil
}

func (st *store) addIdentity(arn, name string, bot bool) error {
	app, ok := appInstanceOfIdentity(arn)
	if !ok {
		return fmt.Errorf("%q is not an AppInstanceUser or AppInstanceBot ARN ({app instance ARN}/user/{id} or /bot/{id})", arn)
	}
	if _, ok := st.appInstances[app]; !ok {
		return fmt.Errorf("app instance %s of %s does not exist; create it first", app, arn)
	}
	if isBot := strings.HasPrefix(arn[len(app):], "/bot/"); isBot != bot {
		want := "AppInstanceUser ({app instance ARN}/user/{id})"
		if bot {
			want = "AppInstanceBot ({app instance ARN}/bot/{id})"
		}
		return fmt.Errorf("ARN %s does not name an %s", arn, want)
	}
	if _, dup := st.identities[arn]; dup {
		return fmt.Errorf("%s already exists; pick another ID", arn)
	}
	st.identities[arn] = &identity{arn: arn, name: name, bot: bot}
	return nil
}

func (st *store) addAdmin(appArn, adminArn string) error {
	ai, ok := st.appInstances[appArn]
	if !ok {
		return fmt.Errorf("app instance %s does not exist; create it first", appArn)
	}
	id, ok := st.identities[adminArn]
	if !ok || id.bot || !strings.HasPrefix(adminArn, appArn+"/") {
		return fmt.Errorf("admin %s must be an existing AppInstanceUser of %s", adminArn, appArn)
	}
	ai.admins[adminArn] = true
	return nil
}

func (st *store) addChannel(arn, name string) error {
	app, ok := appInstanceOfChannel(arn)
	if !ok {
		return fmt.Errorf("%q is not a channel ARN ({app instance ARN}/channel/{id})", arn)
	}
	if _, ok := st.appInstances[app]; !ok {
		return fmt.Errorf("app instance %s of channel %s does not exist; create it first", app, arn)
	}
	if _, dup := st.channels[arn]; dup {
		return fmt.Errorf("channel %s already exists; pick another ID", arn)
	}
	st.channels[arn] = &channel{
		arn: arn, name: name, appInstance: app,
		members: map[string]*Preferences{}, moderators: map[string]bool{}, bans: map[string]bool{},
	}
	return nil
}

// channelIdentity returns the channel and checks that memberArn is a user
// or bot of the channel's app instance.
func (st *store) channelIdentity(channelArn, memberArn, role string) (*channel, error) {
	ch, ok := st.channels[channelArn]
	if !ok {
		return nil, fmt.Errorf("channel %s does not exist; create it first", channelArn)
	}
	if _, ok := st.identities[memberArn]; !ok || !strings.HasPrefix(memberArn, ch.appInstance+"/") {
		return nil, fmt.Errorf("%s %s must be an existing AppInstanceUser or AppInstanceBot of %s", role, memberArn, ch.appInstance)
	}
	return ch, nil
}

func (st *store) addMembership(channelArn, memberArn string) error {
	ch, err := st.channelIdentity(channelArn, memberArn, "member")
	if err != nil {
		return err
	}
	if ch.bans[memberArn] {
		return fmt.Errorf("%s is banned from channel %s; delete the ban first", memberArn, channelArn)
	}
	if _, ok := ch.members[memberArn]; !ok {
		ch.members[memberArn] = nil
	}
	return nil
}

func (st *store) addModerator(channelArn, moderatorArn string) error {
	ch, err := st.channelIdentity(channelArn, moderatorArn, "moderator")
	if err != nil {
		return err
	}
	if ch.bans[moderatorArn] {
		return fmt.Errorf("%s is banned from channel %s and cannot moderate it", moderatorArn, channelArn)
	}
	ch.moderators[moderatorArn] = true
	return nil
}

// addBan bans memberArn from the channel. As in AWS, a ban also removes the
// membership and the moderator role.
func (st *store) addBan(channelArn, memberArn string) error {
	ch, err := st.channelIdentity(channelArn, memberArn, "banned member")
	if err != nil {
		return err
	}
	ch.bans[memberArn] = true
	delete(ch.members, memberArn)
	delete(ch.moderators, memberArn)
	return nil
}

func (st *store) deleteBan(channelArn, memberArn string) error {
	ch, ok := st.channels[channelArn]
	if !ok {
		return fmt.Errorf("channel %s does not exist", channelArn)
	}
	if !ch.bans[memberArn] {
		return fmt.Errorf("%s is not banned from channel %s", memberArn, channelArn)
	}
	delete(ch.bans, memberArn)
	return nil
}

func (st *store) deleteMembership(channelArn, memberArn string) error {
	ch, ok := st.channels[channelArn]
	if !ok {
		return fmt.Errorf("channel %s does not exist", channelArn)
	}
	if _, ok := ch.members[memberArn]; !ok {
		return fmt.Errorf("%s is not a member of channel %s", memberArn, channelArn)
	}
	delete(ch.members, memberArn)
	return nil
}
