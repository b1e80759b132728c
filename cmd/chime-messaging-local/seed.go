package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// seedFile is the layout of a -seed file. Every resource has an Id, from
// which its ARN is built; members, moderators, bans and admins refer to
// users and bots by Id within their app instance.
type seedFile struct {
	AppInstances []seedAppInstance `json:"AppInstances"`
}

type seedAppInstance struct {
	Id       string         `json:"Id"`
	Name     string         `json:"Name"`
	Users    []seedIdentity `json:"Users"`
	Bots     []seedIdentity `json:"Bots"`
	Admins   []string       `json:"Admins"`
	Channels []seedChannel  `json:"Channels"`
}

type seedIdentity struct {
	Id   string `json:"Id"`
	Name string `json:"Name"`
}

type seedChannel struct {
	Id         string   `json:"Id"`
	Name       string   `json:"Name"`
	Members    []string `json:"Members"`
	Moderators []string `json:"Moderators"`
	Bans       []string `json:"Bans"`
}

// seedHelp documents the seed file; -help-seed prints it.
const seedHelp = `A seed file is one JSON object. Unknown fields are errors.

{
  "AppInstances": [
    {
      "Id": "app-1",                 // required; ARN arn:aws:chime:{region}:{account}:app-instance/app-1
      "Name": "My app",
      "Users":  [{"Id": "jane", "Name": "Jane"}, {"Id": "bob", "Name": "Bob"}],
      "Bots":   [{"Id": "helper", "Name": "Helper"}],   // ARN {app instance ARN}/bot/helper
      "Admins": ["bob"],             // Ids of Users of this app instance
      "Channels": [
        {
          "Id": "general",           // ARN {app instance ARN}/channel/general
          "Name": "General",
          "Members":    ["jane", "helper"],  // Ids of Users or Bots of this app instance
          "Moderators": ["bob"],
          "Bans":       []
        }
      ]
    }
  ]
}

(The // comments are explanations; JSON files cannot hold them.)
Ids are 1-64 letters, digits, '.', '_' or '-', starting with a letter or
digit. A user and a bot of one app instance cannot share an Id. A banned
Id cannot also be a member or moderator of the same channel.
`

// seedError is a problem with a reference in a seed file, at a JSON path.
type seedError struct {
	path []any
	msg  string
}

func (e *seedError) Error() string { return pathString(e.path) + ": " + e.msg }

// pathString prints a path as AppInstances[0].Channels[1].Members[2].
func pathString(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch v := p.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(v) + "]")
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// loadSeed decodes a seed file and builds the state it describes, with
// ARNs in region and accountID. Errors are *fileError values naming the
// line and column of the bad spot.
func loadSeed(file string, data []byte, region, accountID string) (chimesdkmessagingtest.State, error) {
	var sf seedFile
	if err := decodeStrict(file, data, &sf); err != nil {
		return chimesdkmessagingtest.State{}, err
	}
	svc := chimesdkmessagingtest.NewService(chimesdkmessagingtest.WithRegion(region), chimesdkmessagingtest.WithAccountID(accountID))
	if err := applySeed(svc, &sf); err != nil {
		msg := err.Error()
		var off int64
		if se, ok := err.(*seedError); ok {
			if o, found := locate(data, se.path); found {
				off = o
			}
		}
		return chimesdkmessagingtest.State{}, errAt(file, data, off, msg)
	}
	return svc.Snapshot(), nil
}

// applySeed creates everything sf describes on svc.
func applySeed(svc *chimesdkmessagingtest.Service, sf *seedFile) error {
	for i, a := range sf.AppInstances {
		at := []any{"AppInstances", i}
		if a.Id == "" {
			return &seedError{at, "Id is required: the app instance's ARN is built from it"}
		}
		appArn, err := svc.CreateAppInstance(a.Id, a.Name)
		if err != nil {
			return &seedError{append(at, "Id"), err.Error()}
		}
		ids := map[string]string{} // Id → ARN of a user or bot
		users := map[string]bool{}
		if err := seedIdentities(svc, appArn, at, "Users", a.Users, ids, users); err != nil {
			return err
		}
		if err := seedIdentities(svc, appArn, at, "Bots", a.Bots, ids, nil); err != nil {
			return err
		}
		for j, admin := range a.Admins {
			if !users[admin] {
				return &seedError{append(at, "Admins", j), fmt.Sprintf("%q is not the Id of one of this app instance's Users; admins must be users", admin)}
			}
			if err := svc.CreateAppInstanceAdmin(appArn, ids[admin]); err != nil {
				return &seedError{append(at, "Admins", j), err.Error()}
			}
		}
		for j, c := range a.Channels {
			if err := seedChannelOf(svc, appArn, append(at, "Channels", j), c, ids); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedIdentities creates the users (users != nil) or bots of an app
// instance and records their ARNs by Id.
func seedIdentities(svc *chimesdkmessagingtest.Service, appArn string, at []any, key string, list []seedIdentity, ids map[string]string, users map[string]bool) error {
	for j, u := range list {
		here := append(append([]any(nil), at...), key, j)
		if u.Id == "" {
			return &seedError{here, "Id is required: the ARN is built from it"}
		}
		if _, dup := ids[u.Id]; dup {
			return &seedError{append(here, "Id"), fmt.Sprintf("Id %q is used twice in this app instance (users and bots share one namespace here); rename one", u.Id)}
		}
		create := svc.CreateAppInstanceBot
		if users != nil {
			create = svc.CreateAppInstanceUser
		}
		arn, err := create(appArn, u.Id, u.Name)
		if err != nil {
			return &seedError{append(here, "Id"), err.Error()}
		}
		ids[u.Id] = arn
		if users != nil {
			users[u.Id] = true
		}
	}
	return nil
}

// seedChannelOf creates one channel with its bans, members and moderators.
func seedChannelOf(svc *chimesdkmessagingtest.Service, appArn string, at []any, c seedChannel, ids map[string]string) error {
	if c.Id == "" {
		return &seedError{at, "Id is required: the channel's ARN is built from it"}
	}
	chArn, err := svc.CreateChannel(appArn, c.Id, c.Name)
	if err != nil {
		return &seedError{append(at, "Id"), err.Error()}
	}
	banned := map[string]bool{}
	for _, b := range c.Bans {
		banned[b] = true
	}
	lists := []struct {
		key    string
		refs   []string
		create func(channelArn, arn string) error
	}{
		{"Bans", c.Bans, svc.CreateChannelBan},
		{"Members", c.Members, svc.CreateChannelMembership},
		{"Moderators", c.Moderators, svc.CreateChannelModerator},
	}
	for _, l := range lists {
		for k, ref := range l.refs {
			here := append(append([]any(nil), at...), l.key, k)
			arn, ok := ids[ref]
			if !ok {
				return &seedError{here, fmt.Sprintf("%q is not the Id of a user or bot of this app instance; add it to Users or Bots", ref)}
			}
			if l.key != "Bans" && banned[ref] {
				return &seedError{here, fmt.Sprintf("%q is in Bans of this channel too; a banned user cannot be in %s", ref, l.key)}
			}
			if err := l.create(chArn, arn); err != nil {
				return &seedError{here, err.Error()}
			}
		}
	}
	return nil
}
