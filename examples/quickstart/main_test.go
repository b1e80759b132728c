package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestRunAgainstTheFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, nil, envOf(nil)))
	s := out.String()
	for _, want := range []string{
		"quick start against the in-process fake at http://127.0.0.1:",
		"Step 1. Created a channel with two members",
		"channel:   arn:aws:chime:us-east-1:111122223333:app-instance/quickstart/channel/general",
		"Step 2. The member sets its push notifications to FILTERED",
		"stored for arn:aws:chime:us-east-1:111122223333:app-instance/quickstart/user/jane: AllowNotifications=FILTERED",
		"Step 3. Read them back",
		"AllowNotifications=FILTERED, filter rule as sent: true",
		"Step 4. A moderator tries to set the member's preferences",
		"refused as expected: ForbiddenException",
		"is a moderator of the channel, but only the member itself can set",
		"Done.",
	} {
		assert.Contains(t, s, want)
	}
}

// awsFixture is a fake standing in for AWS, reached with -endpoint.
type awsFixture struct {
	srv             *chimesdkmessagingtest.Server
	ch, member, mod string
	env             map[string]string
}

func setupAWS(t *testing.T) awsFixture {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithRegion("eu-central-1"))
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("", "")
	require.NoError(t, err)
	member, err := srv.CreateAppInstanceUser(app, "", "")
	require.NoError(t, err)
	mod, err := srv.CreateAppInstanceUser(app, "", "")
	require.NoError(t, err)
	ch, err := srv.CreateChannel(app, "", "")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, member))
	require.NoError(t, srv.CreateChannelModerator(ch, mod))
	c := srv.Credentials()
	return awsFixture{srv: srv, ch: ch, member: member, mod: mod, env: map[string]string{
		"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey, "AWS_REGION": "eu-central-1",
	}}
}

func TestRunWithFlagsLikeAWS(t *testing.T) {
	f := setupAWS(t)
	var out bytes.Buffer
	args := []string{"-endpoint", f.srv.URL, "-channel-arn", f.ch, "-member-arn", f.member, "-moderator-arn", f.mod}
	require.NoError(t, run(t.Context(), &out, args, envOf(f.env)))
	s := out.String()
	assert.Contains(t, s, "quick start against "+f.srv.URL+", region eu-central-1", "the endpoint it really calls")
	assert.NotContains(t, s, "against AWS")
	assert.NotContains(t, s, "Step 1.", "nothing is created in AWS mode")
	assert.Contains(t, s, "stored for "+f.member+": AllowNotifications=FILTERED")
	assert.Contains(t, s, "filter rule as sent: true")
	assert.Contains(t, s, "refused as expected: ForbiddenException")

	p, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsFiltered, p.PushNotifications.AllowNotifications)
	assert.Len(t, f.srv.Requests(), 3, "put, get, refused put")
}

func TestRunWithEnvironmentOnly(t *testing.T) {
	f := setupAWS(t)
	f.env["CHIME_ENDPOINT"] = f.srv.URL
	f.env["CHIME_CHANNEL_ARN"] = f.ch
	f.env["CHIME_MEMBER_ARN"] = f.member
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, nil, envOf(f.env)))
	assert.Contains(t, out.String(), "Step 4. Skipped")
	assert.Len(t, f.srv.Requests(), 2)
}

func TestRunReportsServiceErrors(t *testing.T) {
	f := setupAWS(t)
	f.env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-q7"
	args := []string{"-endpoint", f.srv.URL, "-channel-arn", f.ch, "-member-arn", f.member}
	err := run(t.Context(), &bytes.Buffer{}, args, envOf(f.env))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "InvalidSignatureException")
	assert.NotContains(t, err.Error(), "wrong-secret-q7", "the secret is not echoed")

	delete(f.env, "AWS_SECRET_ACCESS_KEY")
	delete(f.env, "AWS_ACCESS_KEY_ID")
	err = run(t.Context(), &bytes.Buffer{}, args, envOf(f.env))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AWS_ACCESS_KEY_ID")
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"member without channel", []string{"-member-arn", "arn:x"}, nil, "need -channel-arn"},
		{"channel without member", []string{"-channel-arn", "arn:x"}, map[string]string{"AWS_REGION": "us-east-1"}, "needs -member-arn"},
		{"channel without region", []string{"-channel-arn", "arn:x", "-member-arn", "arn:y"}, nil, "needs -region"},
		{"unknown flag", []string{"-nope"}, nil, "flag provided but not defined"},
		{"positional argument", []string{"extra"}, nil, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(tt.args, envOf(tt.env))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	c, err := parseConfig([]string{"-region", "us-east-1", "-channel-arn", "arn:c", "-member-arn", "arn:m"}, envOf(nil))
	require.NoError(t, err)
	assert.Equal(t, "arn:m", c.bearer, "the bearer defaults to the member")
	assert.True(t, strings.HasPrefix(c.channelArn, "arn:"))
}
