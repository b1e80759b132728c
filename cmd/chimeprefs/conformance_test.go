package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/conformance"
)

// conformanceFixture is a fake seeded with every identity of a target, and
// the environment a user would have.
func conformanceFixture(t *testing.T) (*chimesdkmessagingtest.Server, conformance.Target, map[string]string) {
	t.Helper()
	f := newFixture(t) // for its environment
	srv := chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithCredentials(cliAccessKeyID, cliSecret, ""))
	t.Cleanup(srv.Close)
	target, err := conformance.FakeTarget(srv)
	require.NoError(t, err)
	return srv, target, f.env
}

func runWith(env map[string]string, argv ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), argv, &stdout, &stderr, func(k string) string { return env[k] })
	return code, stdout.String(), stderr.String()
}

func TestConformanceCommandAgainstTheFake(t *testing.T) {
	srv, target, env := conformanceFixture(t)
	// The identities come from the environment, as a user's CI would set
	// them; the required two from flags.
	env["CHIMEPREFS_CONFORMANCE_OTHER_MEMBER_ARN"] = target.OtherMember
	env["CHIMEPREFS_CONFORMANCE_MODERATOR_ARN"] = target.Moderator
	env["CHIMEPREFS_CONFORMANCE_ADMIN_ARN"] = target.Admin
	env["CHIMEPREFS_CONFORMANCE_BANNED_ARN"] = target.Banned
	env["CHIMEPREFS_CONFORMANCE_NON_MEMBER_ARN"] = target.NonMember
	env["CHIMEPREFS_CONFORMANCE_BOT_ARN"] = target.Bot
	env["CHIMEPREFS_CONFORMANCE_FOREIGN_USER_ARN"] = target.ForeignUser
	code, stdout, stderr := runWith(env, cmdConformance, "--endpoint-url", srv.URL, "--channel-arn", target.ChannelArn, "--member-arn", target.Member)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	n := len(conformance.Cases())
	assert.Equal(t, n, strings.Count(stdout, "PASS  "), stdout)
	assert.Contains(t, stdout, "\n"+strconv.Itoa(n)+" passed, 0 failed, 0 skipped.\n")
	assert.Contains(t, stdout, "Put back: Member: had none; left with {}")
	assert.Regexp(t, `PASS\s+moderator-puts-member\s+403 ForbiddenException\s+request [0-9a-f-]{36}`, stdout)
	assert.NotContains(t, stdout, "open an issue", "nothing to report")
	for _, rule := range []string{"probe", "urgent", "Grüße"} {
		assert.NotContains(t, stdout+stderr, rule, "no FilterRule the suite sends is printed")
	}
}

func TestConformanceCommandReportsAFailure(t *testing.T) {
	srv, target, env := conformanceFixture(t)
	require.NoError(t, srv.AddFaultRules(chimesdkmessagingtest.FaultRule{
		Operation: chimesdkmessagingtest.OperationGet, Probability: 1,
		Fault: chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.BadRequestException},
	}))
	code, stdout, stderr := runWith(env, cmdConformance, "--endpoint-url", srv.URL, "--channel-arn", target.ChannelArn, "--member-arn", target.Member)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "chimeprefs: conformance: reading the preferences of Member")
	assert.Contains(t, stderr, "so nothing was run")

	srv.ClearFaults()
	require.NoError(t, srv.AddFaultRules(chimesdkmessagingtest.FaultRule{
		Operation: chimesdkmessagingtest.OperationPut, Probability: 1, Count: 1,
		Fault: chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ConflictException},
	}))
	code, stdout, _ = runWith(env, cmdConformance, "--endpoint-url", srv.URL, "--channel-arn", target.ChannelArn, "--member-arn", target.Member, "--case", "^own-put-get-(all|none)$")
	assert.Equal(t, exitFailure, code)
	assert.Regexp(t, `FAIL\s+own-put-get-all\s+expected 200, observed 409 ConflictException\s+request [0-9a-f-]{36}`, stdout)
	assert.Regexp(t, `PASS\s+own-put-get-none`, stdout)
	assert.Contains(t, stdout, "1 passed, 1 failed, 0 skipped.")
	assert.Contains(t, stdout, "open an issue at https://github.com/chimekit/chimesdkmessaging/issues with the case name, the request ID and the observed answer")
}

func TestConformanceCommandSkipsAndJSON(t *testing.T) {
	srv, target, env := conformanceFixture(t)
	code, stdout, stderr := runWith(env, cmdConformance, "--endpoint-url", srv.URL, "--channel-arn", target.ChannelArn, "--member-arn", target.Member,
		"--case", "^(moderator-puts-member|own-put-get-all)$", "--output", "json")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Results []struct{ Case, Outcome, Expected, Observed, RequestId, Detail string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	require.Len(t, rep.Results, 2)
	assert.Equal(t, "own-put-get-all", rep.Results[0].Case)
	assert.Equal(t, "PASS", rep.Results[0].Outcome)
	assert.Equal(t, "moderator-puts-member", rep.Results[1].Case)
	assert.Equal(t, "SKIP", rep.Results[1].Outcome)
	assert.Equal(t, "needs --moderator-arn", rep.Results[1].Detail)
}

func TestConformanceCommandLine(t *testing.T) {
	_, _, env := conformanceFixture(t)
	tests := []struct {
		argv []string
		code int
		want string
	}{
		{[]string{cmdConformance}, exitUsage, "the following arguments are required: --channel-arn, --member-arn"},
		{[]string{cmdConformance, "--case", "("}, exitUsage, `--case "(" is not a regular expression`},
		{[]string{cmdConformance, "--output", "yaml"}, exitUsage, "--output must be text or json"},
		{[]string{cmdConformance, "--nope"}, exitUsage, "flag provided but not defined: -nope"},
		{[]string{cmdConformance, "extra"}, exitUsage, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.argv, " "), func(t *testing.T) {
			code, _, stderr := runWith(env, tt.argv...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
	code, stdout, _ := runWith(env, cmdConformance, "--list", "--case", "^unicode")
	assert.Equal(t, exitOK, code)
	assert.Regexp(t, `^unicode-round-trip\s+200\s+a FilterRule with non-ASCII text`, stdout)
	code, stdout, _ = runWith(env, cmdConformance, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "open an issue at\nhttps://github.com/chimekit/chimesdkmessaging/issues")
	assert.Contains(t, stdout, "--moderator-arn")
	assert.Contains(t, stdout, "$CHIMEPREFS_CONFORMANCE_MODERATOR_ARN")
}
