package chimesdkmessagingtest

import (
	"fmt"
	"sort"

	"github.com/chimekit/chimesdkmessaging/filterrule"
)

// Notified answers which members of a channel a message with the given
// message attributes (SendChannelMessage's MessageAttributes: a name and
// its string values) would send a push notification to, by their
// preferences, so an app can test its filter rules. The ARNs are sorted.
//
// The sender is never notified. A member's AllowNotifications decides:
// ALL notifies, NONE does not, FILTERED notifies when the FilterRule
// matches the attributes (filterrule.Rule.Match); FILTERED without a
// FilterRule notifies as the empty rule does, every message (see package
// filterrule, "FILTERED without a FilterRule", an assumption the service
// documents nowhere). A member that never set preferences, or set none for
// push notifications, is notified: the service documents no other default.
// Only the preferences are modelled, not devices or endpoints.
//
// It fails when the channel does not exist or the attributes break the
// limits of filterrule.CheckAttributes (the service would refuse such a
// message); the error never quotes attribute names or values.
func (s *Service) Notified(channelArn, senderArn string, attributes map[string][]string) ([]string, error) {
	if err := filterrule.CheckAttributes(attributes); err != nil {
		return nil, fmt.Errorf("message attributes: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.st.channels[channelArn]
	if !ok {
		return nil, fmt.Errorf("channel %s does not exist", channelArn)
	}
	var out []string
	for member, prefs := range ch.members {
		if member == senderArn {
			continue
		}
		notify, err := notifies(prefs, attributes)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", member, err)
		}
		if notify {
			out = append(out, member)
		}
	}
	sort.Strings(out)
	return out, nil
}

// notifies reports whether a member with prefs is notified of a message
// with attributes.
func notifies(prefs *Preferences, attributes map[string][]string) (bool, error) {
	if prefs == nil || prefs.PushNotifications == nil {
		return true, nil
	}
	pn := prefs.PushNotifications
	switch pn.AllowNotifications {
	case allowNone:
		return false, nil
	case allowFiltered:
		if pn.FilterRule == nil {
			return true, nil
		}
		rule, err := filterrule.Parse(*pn.FilterRule)
		if err != nil {
			// Stored rules are checked when stored; this is a fake's bug.
			return false, fmt.Errorf("stored FilterRule does not parse: %w", err)
		}
		return rule.Match(attributes), nil
	}
	return true, nil
}
