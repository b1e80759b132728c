package conformance

import (
	"fmt"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// FakeTarget creates, in the fake behind srv, an app instance with every
// identity a [Target] can name, and returns the Target with srv's client:
// the suite run against it checks the fake itself. The identities are the
// ones testdata/seed.json gives the emulator.
func FakeTarget(srv *chimesdkmessagingtest.Server) (Target, error) {
	var t Target
	var err error
	must := func(arn string, e error) string {
		if err == nil && e != nil {
			err = e
		}
		return arn
	}
	app := must(srv.CreateAppInstance("conformance", "Conformance"))
	other := must(srv.CreateAppInstance("conformance-other", "Another app instance"))
	t.ChannelArn = must(srv.CreateChannel(app, "general", "General"))
	t.Member = must(srv.CreateAppInstanceUser(app, "member", "Member"))
	t.OtherMember = must(srv.CreateAppInstanceUser(app, "other-member", "Other member"))
	t.Moderator = must(srv.CreateAppInstanceUser(app, "moderator", "Moderator"))
	t.Admin = must(srv.CreateAppInstanceUser(app, "admin", "Admin"))
	t.Banned = must(srv.CreateAppInstanceUser(app, "banned", "Banned"))
	t.NonMember = must(srv.CreateAppInstanceUser(app, "non-member", "Non-member"))
	t.Bot = must(srv.CreateAppInstanceBot(app, "bot", "Bot"))
	t.ForeignUser = must(srv.CreateAppInstanceUser(other, "foreign", "Foreign user"))
	if err != nil {
		return Target{}, fmt.Errorf("seeding the fake: %w", err)
	}
	for _, m := range []string{t.Member, t.OtherMember, t.Moderator, t.Admin, t.Banned, t.Bot} {
		if err := srv.CreateChannelMembership(t.ChannelArn, m); err != nil {
			return Target{}, fmt.Errorf("seeding the fake: %w", err)
		}
	}
	for _, step := range []func() error{
		func() error { return srv.CreateChannelModerator(t.ChannelArn, t.Moderator) },
		func() error { return srv.CreateAppInstanceAdmin(app, t.Admin) },
		func() error { return srv.CreateChannelBan(t.ChannelArn, t.Banned) },
	} {
		if err := step(); err != nil {
			return Target{}, fmt.Errorf("seeding the fake: %w", err)
		}
	}
	t.Client = srv.Client()
	return t, nil
}
