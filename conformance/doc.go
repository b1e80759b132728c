// Package conformance runs the same behaviour checks of
// PutChannelMembershipPreferences and GetChannelMembershipPreferences
// against any endpoint: the in-process fake (package
// chimesdkmessagingtest), the local emulator (chime-messaging-local), or
// Amazon Chime SDK Messaging itself. Every rule the fake enforces that a
// caller can trigger through a client is a [Case]: a member's own
// preferences round trip (ALL, NONE, FILTERED with and without a
// FilterRule, {}, Unicode), FilterRule limits, AllowNotifications outside
// its enum, refusals of other members, moderators, AppInstanceAdmins,
// bots, banned users, non-members and users of another app instance,
// unknown bearers and channels, malformed ARNs, and bad signatures.
//
// A case compares the answer's HTTP status and exception name with what
// the service documents (and the fake answers); messages are not
// compared, as AWS words them its own way. A refused Put must also leave
// the member's preferences as they were. The client's own input checks
// are turned off, so each input reaches the endpoint.
//
// # Against AWS
//
// [Run] needs a [Target]: a client, a channel and a member the caller
// owns, and optionally the other identities (another member, a moderator,
// an AppInstanceAdmin, a banned user, a non-member, a member bot, a user of
// another app instance); a case whose identity is not given is skipped.
// Run reads the preferences of Member and Bot first and puts them back at
// the end; a member that had none is left with {} (no call removes
// preferences). From the command line:
//
//	chimeprefs conformance --region us-east-1 --channel-arn ARN --member-arn ARN \
//	    [--other-member-arn ARN] [--moderator-arn ARN] [--admin-arn ARN] [--banned-arn ARN] \
//	    [--non-member-arn ARN] [--bot-arn ARN] [--foreign-user-arn ARN]
//
// Each result names the case, the expected and observed answers and the
// request ID. When AWS answers otherwise than a case expects, open an
// issue at https://github.com/chimekit/chimesdkmessaging/issues with the
// case name, the request ID and the observed answer.
package conformance
