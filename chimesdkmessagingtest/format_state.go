package chimesdkmessagingtest

import (
	"fmt"
	"strings"
)

// The types below hold sensitive members: an identity's or a channel's
// Name and a FilterRule. Their String, GoString and Format print the ARNs,
// the operation and AllowNotifications, and stand [Redacted] in for each
// name and filter rule that is set, under every fmt verb (%v, %+v, %#v, %s,
// %q, ...), so that logging a [Change] from a commit hook or a [State]
// read back does not leak them. Their JSON form is unchanged.

// String describes c: its operation and ARNs, the name and any filter
// rule redacted.
func (c Change) String() string {
	var b strings.Builder
	b.WriteString("chimesdkmessagingtest.Change{Op: " + string(c.Op) + ", Arn: " + c.Arn + ", Name: " + redactedValue(c.Name))
	if c.AppInstanceArn != "" {
		b.WriteString(", AppInstanceArn: " + c.AppInstanceArn)
	}
	if c.ChannelArn != "" {
		b.WriteString(", ChannelArn: " + c.ChannelArn)
	}
	if c.Preferences != nil {
		b.WriteString(", Preferences: " + c.Preferences.String())
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so %#v redacts as well.
func (c Change) GoString() string { return c.String() }

// Format prints the String form under every verb, as [Service.Format].
func (c Change) Format(f fmt.State, verb rune) { formatString(f, verb, c.String()) }

// String describes p, the filter rule redacted.
func (p Preferences) String() string {
	if p.PushNotifications == nil {
		return "chimesdkmessagingtest.Preferences{}"
	}
	return "chimesdkmessagingtest.Preferences{PushNotifications: " + p.PushNotifications.String() + "}"
}

// GoString is String, so %#v redacts as well.
func (p Preferences) GoString() string { return p.String() }

// Format prints the String form under every verb, as [Service.Format].
func (p Preferences) Format(f fmt.State, verb rune) { formatString(f, verb, p.String()) }

// String describes p: AllowNotifications, and whether a filter rule is set.
func (p PushNotifications) String() string {
	rule := "nil"
	if p.FilterRule != nil {
		rule = redactedValue(*p.FilterRule)
	}
	return "chimesdkmessagingtest.PushNotifications{AllowNotifications: " + p.AllowNotifications + ", FilterRule: " + rule + "}"
}

// GoString is String, so %#v redacts as well.
func (p PushNotifications) GoString() string { return p.String() }

// Format prints the String form under every verb, as [Service.Format].
func (p PushNotifications) Format(f fmt.State, verb rune) { formatString(f, verb, p.String()) }

// String describes s: its version, app instances and channels, names and
// filter rules redacted.
func (s State) String() string {
	return fmt.Sprintf("chimesdkmessagingtest.State{Version: %d, AppInstances: %s, Channels: %s}",
		s.Version, joinStrings(s.AppInstances), joinStrings(s.Channels))
}

// GoString is String, so %#v redacts as well.
func (s State) GoString() string { return s.String() }

// Format prints the String form under every verb, as [Service.Format].
func (s State) Format(f fmt.State, verb rune) { formatString(f, verb, s.String()) }

// String describes a: its ARN, users, bots and admins, names redacted.
func (a AppInstanceState) String() string {
	return "chimesdkmessagingtest.AppInstanceState{Arn: " + a.Arn + ", Name: " + redactedValue(a.Name) +
		", Users: " + joinStrings(a.Users) + ", Bots: " + joinStrings(a.Bots) + ", Admins: [" + strings.Join(a.Admins, " ") + "]}"
}

// GoString is String, so %#v redacts as well.
func (a AppInstanceState) GoString() string { return a.String() }

// Format prints the String form under every verb, as [Service.Format].
func (a AppInstanceState) Format(f fmt.State, verb rune) { formatString(f, verb, a.String()) }

// String describes i: its ARN, the name redacted.
func (i IdentityState) String() string {
	return "chimesdkmessagingtest.IdentityState{Arn: " + i.Arn + ", Name: " + redactedValue(i.Name) + "}"
}

// GoString is String, so %#v redacts as well.
func (i IdentityState) GoString() string { return i.String() }

// Format prints the String form under every verb, as [Service.Format].
func (i IdentityState) Format(f fmt.State, verb rune) { formatString(f, verb, i.String()) }

// String describes c: its ARN, members, moderators and bans, the name and
// filter rules redacted.
func (c ChannelState) String() string {
	return "chimesdkmessagingtest.ChannelState{Arn: " + c.Arn + ", Name: " + redactedValue(c.Name) +
		", Memberships: " + joinStrings(c.Memberships) + ", Moderators: [" + strings.Join(c.Moderators, " ") +
		"], Bans: [" + strings.Join(c.Bans, " ") + "]}"
}

// GoString is String, so %#v redacts as well.
func (c ChannelState) GoString() string { return c.String() }

// Format prints the String form under every verb, as [Service.Format].
func (c ChannelState) Format(f fmt.State, verb rune) { formatString(f, verb, c.String()) }

// String describes m: the member's ARN and preferences, the filter rule
// redacted.
func (m MembershipState) String() string {
	prefs := "nil"
	if m.Preferences != nil {
		prefs = m.Preferences.String()
	}
	return "chimesdkmessagingtest.MembershipState{MemberArn: " + m.MemberArn + ", Preferences: " + prefs + "}"
}

// GoString is String, so %#v redacts as well.
func (m MembershipState) GoString() string { return m.String() }

// Format prints the String form under every verb, as [Service.Format].
func (m MembershipState) Format(f fmt.State, verb rune) { formatString(f, verb, m.String()) }

// joinStrings prints items as fmt prints a slice, each by its String.
func joinStrings[T fmt.Stringer](items []T) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}
