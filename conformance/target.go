package conformance

import (
	"errors"
	"strings"

	chime "github.com/chimekit/chimesdkmessaging"
)

// Target is the endpoint the checks run against and the identities they
// use. Only Client, ChannelArn and Member are required; a case that needs
// an identity the Target does not name is skipped.
//
// The suite writes the preferences of Member and Bot only (an identity
// can set no one else's), reads them first and puts them back at the end.
type Target struct {
	// Client calls the endpoint: AWS, the emulator or the fake.
	Client *chime.Client
	// ChannelArn is a channel of the app instance the identities belong
	// to.
	ChannelArn string
	// Member is an AppInstanceUser that is a member of the channel and
	// neither its moderator nor an AppInstanceAdmin.
	Member string

	// OtherMember is another member of the channel, neither moderator nor
	// admin.
	OtherMember string
	// Moderator is a moderator of the channel.
	Moderator string
	// Admin is an AppInstanceAdmin of the channel's app instance.
	Admin string
	// Banned is an AppInstanceUser banned from the channel.
	Banned string
	// NonMember is an AppInstanceUser of the app instance that is not a
	// member of the channel.
	NonMember string
	// Bot is an AppInstanceBot that is a member of the channel.
	Bot string
	// ForeignUser is an AppInstanceUser of another app instance of the
	// same account and region.
	ForeignUser string
}

// Role names an identity of a [Target].
type Role string

// Roles a case may need besides Member.
const (
	RoleOtherMember Role = "OtherMember"
	RoleModerator   Role = "Moderator"
	RoleAdmin       Role = "Admin"
	RoleBanned      Role = "Banned"
	RoleNonMember   Role = "NonMember"
	RoleBot         Role = "Bot"
	RoleForeignUser Role = "ForeignUser"
)

// arn returns the ARN the target gives role, "" when none.
func (t Target) arn(r Role) string {
	switch r {
	case RoleOtherMember:
		return t.OtherMember
	case RoleModerator:
		return t.Moderator
	case RoleAdmin:
		return t.Admin
	case RoleBanned:
		return t.Banned
	case RoleNonMember:
		return t.NonMember
	case RoleBot:
		return t.Bot
	case RoleForeignUser:
		return t.ForeignUser
	}
	return ""
}

// check reports what is missing or malformed in t.
func (t Target) check() error {
	var errs []error
	if t.Client == nil {
		errs = append(errs, errors.New("Target.Client is nil; build one with chimesdkmessaging.New"))
	}
	if !strings.Contains(t.ChannelArn, ":app-instance/") || !strings.Contains(t.ChannelArn, "/channel/") {
		errs = append(errs, errors.New("Target.ChannelArn must be a channel ARN, arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{id}"))
	}
	if t.Member == "" {
		errs = append(errs, errors.New("Target.Member must name an AppInstanceUser that is a member of the channel"))
	}
	return errors.Join(errs...)
}

// appInstance returns the ARN of the channel's app instance.
func (t Target) appInstance() string {
	app, _, _ := strings.Cut(t.ChannelArn, "/channel/")
	return app
}
