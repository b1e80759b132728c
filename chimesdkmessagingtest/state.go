package chimesdkmessagingtest

import (
	"fmt"
	"sort"
	"strings"
)

// StateVersion is the version of the State layout written by Snapshot.
const StateVersion = 1

// State is a JSON-serialisable snapshot of everything the fake stores.
// Slices are sorted by ARN, so equal states marshal to equal bytes.
//
// A State holds FilterRule values and identity names, which the service
// treats as sensitive: store snapshots where only their owner can read them.
type State struct {
	Version      int                `json:"Version"`
	AppInstances []AppInstanceState `json:"AppInstances,omitempty"`
	Channels     []ChannelState     `json:"Channels,omitempty"`
}

// AppInstanceState is one app instance with its users, bots and admins.
type AppInstanceState struct {
	Arn    string          `json:"Arn"`
	Name   string          `json:"Name,omitempty"`
	Users  []IdentityState `json:"Users,omitempty"`
	Bots   []IdentityState `json:"Bots,omitempty"`
	Admins []string        `json:"Admins,omitempty"`
}

// IdentityState is an AppInstanceUser or AppInstanceBot.
type IdentityState struct {
	Arn  string `json:"Arn"`
	Name string `json:"Name,omitempty"`
}

// ChannelState is one channel with its memberships, moderators and bans.
type ChannelState struct {
	Arn         string            `json:"Arn"`
	Name        string            `json:"Name,omitempty"`
	Memberships []MembershipState `json:"Memberships,omitempty"`
	Moderators  []string          `json:"Moderators,omitempty"`
	Bans        []string          `json:"Bans,omitempty"`
}

// MembershipState is one member of a channel and its stored preferences
// (nil until the member sets them).
type MembershipState struct {
	MemberArn   string       `json:"MemberArn"`
	Preferences *Preferences `json:"Preferences,omitempty"`
}

// Preferences are stored channel membership preferences, in the wire's JSON
// form ({"PushNotifications":{"AllowNotifications":...,"FilterRule":...}}).
type Preferences struct {
	PushNotifications *PushNotifications `json:"PushNotifications,omitempty"`
}

// PushNotifications are stored push notification preferences.
type PushNotifications struct {
	AllowNotifications string  `json:"AllowNotifications"`
	FilterRule         *string `json:"FilterRule,omitempty"`
}

// clone returns a deep copy of p (nil stays nil).
func (p *Preferences) clone() *Preferences {
	if p == nil {
		return nil
	}
	c := &Preferences{}
	if p.PushNotifications != nil {
		pn := *p.PushNotifications
		if pn.FilterRule != nil {
			fr := *pn.FilterRule
			pn.FilterRule = &fr
		}
		c.PushNotifications = &pn
	}
	return c
}

// store is the fake's mutable state. Every access holds Service.mu.
type store struct {
	appInstances map[string]*appInstance
	identities   map[string]*identity // users and bots, by ARN
	channels     map[string]*channel
}

type appInstance struct {
	arn, name string
	admins    map[string]bool
}

type identity struct {
	arn, name string
	bot       bool
}

type channel struct {
	arn, name   string
	appInstance string
	members     map[string]*Preferences // member ARN → preferences (nil: never set)
	moderators  map[string]bool
	bans        map[string]bool
}

func newStore() *store {
	return &store{
		appInstances: map[string]*appInstance{},
		identities:   map[string]*identity{},
		channels:     map[string]*channel{},
	}
}

// snapshot returns the store as a State.
func (st *store) snapshot() State {
	out := State{Version: StateVersion}
	for _, ai := range st.appInstances {
		a := AppInstanceState{Arn: ai.arn, Name: ai.name, Admins: sortedKeys(ai.admins)}
		prefix := ai.arn + "/"
		for _, id := range st.identities {
			if !strings.HasPrefix(id.arn, prefix) {
				continue
			}
			is := IdentityState{Arn: id.arn, Name: id.name}
			if id.bot {
				a.Bots = append(a.Bots, is)
			} else {
				a.Users = append(a.Users, is)
			}
		}
		sortIdentities(a.Users)
		sortIdentities(a.Bots)
		out.AppInstances = append(out.AppInstances, a)
	}
	sort.Slice(out.AppInstances, func(i, j int) bool { return out.AppInstances[i].Arn < out.AppInstances[j].Arn })
	for _, ch := range st.channels {
		c := ChannelState{Arn: ch.arn, Name: ch.name, Moderators: sortedKeys(ch.moderators), Bans: sortedKeys(ch.bans)}
		for m, p := range ch.members {
			c.Memberships = append(c.Memberships, MembershipState{MemberArn: m, Preferences: p.clone()})
		}
		sort.Slice(c.Memberships, func(i, j int) bool { return c.Memberships[i].MemberArn < c.Memberships[j].MemberArn })
		out.Channels = append(out.Channels, c)
	}
	sort.Slice(out.Channels, func(i, j int) bool { return out.Channels[i].Arn < out.Channels[j].Arn })
	return out
}

// storeFromState builds a store from s, checking that every reference
// points at something that exists.
func storeFromState(s State) (*store, error) {
	if s.Version != StateVersion && s.Version != 0 {
		return nil, fmt.Errorf("state version %d is not supported; this fake reads version %d", s.Version, StateVersion)
	}
	st := newStore()
	do := func(c Change, err error) error {
		if err == nil {
			st.apply(c)
		}
		return err
	}
	for _, a := range s.AppInstances {
		if err := do(st.planAppInstance(a.Arn, a.Name)); err != nil {
			return nil, err
		}
		for _, u := range a.Users {
			if err := do(st.planIdentity(u.Arn, u.Name, false)); err != nil {
				return nil, err
			}
		}
		for _, b := range a.Bots {
			if err := do(st.planIdentity(b.Arn, b.Name, true)); err != nil {
				return nil, err
			}
		}
		for _, adm := range a.Admins {
			if err := do(st.planAdmin(a.Arn, adm)); err != nil {
				return nil, err
			}
		}
	}
	for _, c := range s.Channels {
		if err := do(st.planChannel(c.Arn, c.Name)); err != nil {
			return nil, err
		}
		for _, b := range c.Bans {
			if err := do(st.planBan(c.Arn, b)); err != nil {
				return nil, err
			}
		}
		// Memberships are most of a large state: each is checked as
		// planMembership and planPreferences check it, and added in place.
		ch := st.channels[c.Arn]
		ch.members = make(map[string]*Preferences, len(c.Memberships))
		for _, m := range c.Memberships {
			id, err := st.joinable(ch, m.MemberArn)
			if err != nil {
				return nil, err
			}
			if m.Preferences == nil {
				if _, dup := ch.members[id.arn]; !dup {
					ch.members[id.arn] = nil
				}
				continue
			}
			if msg := checkPreferences(m.Preferences); msg != "" {
				return nil, fmt.Errorf("channel %s, member %s: %s", c.Arn, m.MemberArn, msg)
			}
			ch.members[id.arn] = m.Preferences.clone()
		}
		for _, mod := range c.Moderators {
			if err := do(st.planModerator(c.Arn, mod)); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortIdentities(s []IdentityState) {
	sort.Slice(s, func(i, j int) bool { return s[i].Arn < s[j].Arn })
}
