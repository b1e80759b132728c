// Package types holds the shapes, enums and modelled exceptions of Amazon
// Chime SDK Messaging's channel membership preferences operations.
//
// Sensitive members (PushNotificationPreferences.FilterRule and
// Identity.Name) are redacted whenever a value is printed with fmt (%v, %+v,
// %#v, %s) or String; read the fields themselves to get the data.
package types

import (
	"fmt"
	"strconv"
)

// ChannelMembershipPreferences are a member's preferences in one channel.
type ChannelMembershipPreferences struct {
	// PushNotifications are the member's push notification preferences.
	PushNotifications *PushNotificationPreferences
}

// String prints the preferences with sensitive members redacted.
func (p ChannelMembershipPreferences) String() string {
	if p.PushNotifications == nil {
		return "{PushNotifications:<nil>}"
	}
	return "{PushNotifications:" + p.PushNotifications.String() + "}"
}

// Format makes every fmt verb print the redacted String form.
func (p ChannelMembershipPreferences) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, p.String())
}

// PushNotificationPreferences say which push notifications a member gets.
type PushNotificationPreferences struct {
	// AllowNotifications is ALL, NONE or FILTERED. Required.
	AllowNotifications AllowNotifications

	// FilterRule is a JSON object that selects notifications by message
	// attributes when AllowNotifications is FILTERED, e.g.
	// {"type":["urgent"]}. Sensitive: never printed.
	FilterRule *string
}

// String prints the preferences with FilterRule redacted.
func (p PushNotificationPreferences) String() string {
	return "{AllowNotifications:" + string(p.AllowNotifications) + " FilterRule:" + redactPtr(p.FilterRule) + "}"
}

// Format makes every fmt verb print the redacted String form.
func (p PushNotificationPreferences) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, p.String())
}

// Identity is a member of a channel: an AppInstanceUser or AppInstanceBot.
type Identity struct {
	// Arn is the member's ARN.
	Arn *string

	// Name is the member's display name. Sensitive: never printed.
	Name *string
}

// String prints the identity with Name redacted.
func (i Identity) String() string {
	arn := "<nil>"
	if i.Arn != nil {
		arn = *i.Arn
	}
	return "{Arn:" + arn + " Name:" + redactPtr(i.Name) + "}"
}

// Format makes every fmt verb print the redacted String form.
func (i Identity) Format(f fmt.State, verb rune) { formatRedacted(f, verb, i.String()) }

// Redacted is what a sensitive member prints as.
const Redacted = "*** sensitive data redacted ***"

func redactPtr(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return Redacted
}

// formatRedacted writes s for any verb; %q quotes it. It keeps fmt from
// walking the struct's fields, which would print sensitive members.
func formatRedacted(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}
