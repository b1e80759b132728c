package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

const appArn = "arn:aws:chime:us-east-1:111122223333:app-instance/app-1"

func TestLoadSeedBuildsTheState(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "seed.json"))
	require.NoError(t, err)
	st, err := loadSeed("seed.json", data, "us-east-1", "111122223333")
	require.NoError(t, err)

	require.Len(t, st.AppInstances, 1)
	app := st.AppInstances[0]
	assert.Equal(t, appArn, app.Arn)
	assert.Equal(t, "My app", app.Name)
	assert.Equal(t, []chimesdkmessagingtest.IdentityState{
		{Arn: appArn + "/user/bob", Name: "Bob"},
		{Arn: appArn + "/user/jane", Name: "Jane"},
		{Arn: appArn + "/user/mallory", Name: "Mallory"},
	}, app.Users)
	assert.Equal(t, []chimesdkmessagingtest.IdentityState{{Arn: appArn + "/bot/helper", Name: "Helper"}}, app.Bots)
	assert.Equal(t, []string{appArn + "/user/bob"}, app.Admins)

	require.Len(t, st.Channels, 1)
	ch := st.Channels[0]
	assert.Equal(t, appArn+"/channel/general", ch.Arn)
	var members []string
	for _, m := range ch.Memberships {
		members = append(members, m.MemberArn)
		assert.Nil(t, m.Preferences)
	}
	assert.Equal(t, []string{appArn + "/bot/helper", appArn + "/user/bob", appArn + "/user/jane"}, members)
	assert.Equal(t, []string{appArn + "/user/bob"}, ch.Moderators)
	assert.Equal(t, []string{appArn + "/user/mallory"}, ch.Bans)
}

func TestLoadSeedUsesRegionAndAccount(t *testing.T) {
	st, err := loadSeed("s.json", []byte(`{"AppInstances":[{"Id":"a"}]}`), "eu-central-1", "999988887777")
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:chime:eu-central-1:999988887777:app-instance/a", st.AppInstances[0].Arn)
}

// TestLoadSeedErrorsPointAtTheBadSpot checks that every kind of mistake is
// reported as file:line:column at the spot, with a message saying what is
// wrong.
func TestLoadSeedErrorsPointAtTheBadSpot(t *testing.T) {
	cases := []struct {
		name      string
		seed      string
		line, col int
		msg       string
	}{
		{"syntax: missing comma", `{
  "AppInstances": [
    {"Id": "a"}
    {"Id": "b"}
  ]
}`, 4, 5, "invalid JSON"},
		{"unknown top-level field", `{
  "AppInstance": []
}`, 2, 3, "unknown field AppInstance"},
		{"field nested in the wrong place", `{
  "AppInstances": [
    {
      "Id": "a",
      "Members": ["jane"]
    }
  ]
}`, 5, 7, "unknown field AppInstances[0].Members"},
		{"misspelt field deep down", `{"AppInstances": [{"Id": "a", "Channels": [
  {"Id": "c"},
  {"Id": "d", "Moderatorz": []}
]}]}`, 3, 15, "unknown field AppInstances[0].Channels[1].Moderatorz"},
		{"wrong type", `{
  "AppInstances": [
    {"Id": 42}
  ]
}`, 3, 12, "AppInstances.Id must be a string, not a JSON number"},
		{"truncated", `{"AppInstances": [
  {"Id": "a"`, 2, 13, "ends too early"},
		{"trailing data", `{"AppInstances": []}
{"AppInstances": []}`, 2, 1, "exactly one object"},
		{"empty file", "\n\n", 1, 1, "the file is empty"},
		{"missing app instance Id", `{"AppInstances": [
  {"Name": "no id"}
]}`, 2, 3, "AppInstances[0]: Id is required"},
		{"bad Id characters", `{"AppInstances": [
  {"Id": "has space"}
]}`, 2, 10, "AppInstances[0].Id: app instance ID \"has space\" must be 1-64 characters"},
		{"member that does not exist", `{"AppInstances": [{
  "Id": "a",
  "Users": [{"Id": "jane"}],
  "Channels": [{
    "Id": "c",
    "Members": ["jane",
                "bob"]
  }]
}]}`, 7, 17, `AppInstances[0].Channels[0].Members[1]: "bob" is not the Id of a user or bot`},
		{"admin that is a bot", `{"AppInstances": [{
  "Id": "a",
  "Bots": [{"Id": "helper"}],
  "Admins": ["helper"]
}]}`, 4, 14, "admins must be users"},
		{"user and bot share an Id", `{"AppInstances": [{
  "Id": "a",
  "Users": [{"Id": "x"}],
  "Bots": [{"Id": "x"}]
}]}`, 4, 19, "used twice"},
		{"banned member", `{"AppInstances": [{
  "Id": "a",
  "Users": [{"Id": "m"}],
  "Channels": [{"Id": "c", "Bans": ["m"], "Members": ["m"]}]
}]}`, 4, 55, `"m" is in Bans of this channel too`},
		{"duplicate app instance", `{"AppInstances": [
  {"Id": "a"},
  {"Id": "a"}
]}`, 3, 10, "already exists"},
		{"non-ASCII column counts characters", `{"AppInstances": [{"Name": "Zoë", "Idx": 1}]}`, 1, 35, "unknown field AppInstances[0].Idx"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadSeed("seed.json", []byte(tc.seed), "us-east-1", "111122223333")
			require.Error(t, err)
			var fe *fileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "seed.json", fe.File)
			assert.Equal(t, tc.line, fe.Line, "line of %q", err)
			assert.Equal(t, tc.col, fe.Col, "column of %q", err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "seed.json:"), err.Error())
		})
	}
}

func TestLocate(t *testing.T) {
	data := []byte(`{"a": [1, {"b": "x"}, [true]], "c": {"d": null}}`)
	cases := []struct {
		path []any
		want string // the text at the offset
	}{
		{[]any{"a"}, `[1,`},
		{[]any{"a", 0}, `1,`},
		{[]any{"a", 1}, `{"b"`},
		{[]any{"a", 1, "b"}, `"x"`},
		{[]any{"a", 2, 0}, `true`},
		{[]any{"c", "d"}, `null`},
	}
	for _, tc := range cases {
		off, ok := locate(data, tc.path)
		require.True(t, ok, "%v", tc.path)
		assert.True(t, strings.HasPrefix(string(data[off:]), tc.want), "%v at %d: %s", tc.path, off, data[off:])
	}
	_, ok := locate(data, []any{"zzz"})
	assert.False(t, ok)
	_, ok = locate(data, []any{"a", 7})
	assert.False(t, ok)
}
