package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

const (
	cliAccessKeyID = "AKIDCHIMEPREFSTEST"
	cliSecret      = "chimeprefs/test/secret"
)

// fixture is a fake service with one channel, members jane and bob (bob
// also moderates), and the environment a user would have.
type fixture struct {
	srv        *chimesdkmessagingtest.Server
	channelArn string
	jane, bob  string
	env        map[string]string
	home       string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithCredentials(cliAccessKeyID, cliSecret, ""))
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	jane, err := srv.CreateAppInstanceUser(app, "jane", "Jane")
	require.NoError(t, err)
	bob, err := srv.CreateAppInstanceUser(app, "bob", "Bob")
	require.NoError(t, err)
	ch, err := srv.CreateChannel(app, "general", "General")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, jane))
	require.NoError(t, srv.CreateChannelMembership(ch, bob))
	require.NoError(t, srv.CreateChannelModerator(ch, bob))
	home := t.TempDir()
	return &fixture{
		srv: srv, channelArn: ch, jane: jane, bob: bob, home: home,
		env: map[string]string{
			"HOME":                        home, // no ~/.aws of the machine's user is read
			"AWS_CONFIG_FILE":             filepath.Join(home, "config"),
			"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
			"AWS_EC2_METADATA_DISABLED":   "true", // never reach for instance metadata
			"AWS_ACCESS_KEY_ID":           cliAccessKeyID,
			"AWS_SECRET_ACCESS_KEY":       cliSecret,
			"AWS_REGION":                  "us-east-1",
		},
	}
}

// run runs the command line and returns exit code, stdout and stderr.
func (f *fixture) run(t *testing.T, argv ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), argv, &stdout, &stderr, func(k string) string { return f.env[k] })
	return code, stdout.String(), stderr.String()
}

// target returns the flags naming jane's membership on the fake.
func (f *fixture) target(bearer string) []string {
	return []string{"--endpoint-url", f.srv.URL, "--channel-arn", f.channelArn, "--member-arn", f.jane, "--chime-bearer", bearer}
}

func (f *fixture) put(bearer, prefs string, extra ...string) []string {
	return append(append(append([]string{cmdPut}, f.target(bearer)...), "--preferences", prefs), extra...)
}

func (f *fixture) get(bearer string, extra ...string) []string {
	return append(append([]string{cmdGet}, f.target(bearer)...), extra...)
}

// assertOneLineError checks the error convention: nothing on stdout, one
// line on stderr.
func assertOneLineError(t *testing.T, stdout, stderr string) {
	t.Helper()
	assert.Empty(t, stdout)
	assert.True(t, strings.HasPrefix(stderr, "chimeprefs: "), stderr)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
}

func TestPutThenGet(t *testing.T) {
	f := newFixture(t)
	code, stdout, stderr := f.run(t, f.get(f.jane)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, `{
    "ChannelArn": "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general",
    "Member": {
        "Arn": "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane",
        "Name": "Jane"
    }
}
`, stdout, "no Preferences before the member sets some")

	code, stdout, stderr = f.run(t, f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}`)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	want := `{
    "ChannelArn": "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general",
    "Member": {
        "Arn": "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane",
        "Name": "Jane"
    },
    "Preferences": {
        "PushNotifications": {
            "AllowNotifications": "FILTERED",
            "FilterRule": "{\"type\":[\"urgent\"]}"
        }
    }
}
`
	assert.Equal(t, want, stdout)

	code, stdout, stderr = f.run(t, f.get(f.jane)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, want, stdout, "get prints what put stored")

	stored, err := f.srv.Preferences(f.channelArn, f.jane)
	require.NoError(t, err)
	assert.Equal(t, `{"type":["urgent"]}`, *stored.PushNotifications.FilterRule)

	ua := f.srv.Requests()[1].Header.Get("User-Agent")
	assert.Contains(t, ua, "app/chimeprefs")
}

func TestPreferencesFromFile(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "prefs.json")
	require.NoError(t, os.WriteFile(path, []byte("{\n  \"PushNotifications\": {\"AllowNotifications\": \"NONE\"}\n}\n"), 0o600))
	code, stdout, stderr := f.run(t, f.put(f.jane, "file://"+path)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"AllowNotifications": "NONE"`)

	code, stdout, stderr = f.run(t, f.put(f.jane, "file://"+path+".missing")...)
	assert.Equal(t, exitUsage, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, "--preferences: cannot read")
}

func TestServiceErrorExitsOne(t *testing.T) {
	f := newFixture(t)
	code, stdout, stderr := f.run(t, f.put(f.bob, `{"PushNotifications":{"AllowNotifications":"ALL"}}`)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Regexp(t, `^chimeprefs: An error occurred \(ForbiddenException\) when calling the PutChannelMembershipPreferences operation: .*only the member itself can set .* \[HTTP 403, request ID \S+\]\n$`, stderr)

	code, stdout, stderr = f.run(t, f.get(f.bob)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, "(ForbiddenException) when calling the GetChannelMembershipPreferences operation")

	f.env["AWS_SECRET_ACCESS_KEY"] = "wrong"
	code, stdout, stderr = f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, "(InvalidSignatureException)")
	assert.NotContains(t, stderr, "wrong", "the secret is never printed")
}

// TestCommandLineErrorsExitTwo covers mistakes caught before any request.
func TestCommandLineErrorsExitTwo(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name string
		argv []string
		want string
	}{
		{"unknown command", []string{"put-preferences"}, `unknown command "put-preferences"`},
		{"unknown flag", []string{cmdGet, "--channel", "x"}, "unknown option --channel (see chimeprefs get-channel-membership-preferences --help)"},
		{"missing flags", []string{cmdPut, "--channel-arn", f.channelArn}, "the following arguments are required: --member-arn, --chime-bearer, --preferences"},
		{"stray argument", append(f.get(f.jane), "extra"), `unexpected argument "extra"`},
		{"preferences not JSON", f.put(f.jane, `{PushNotifications: ALL}`), "--preferences: not valid JSON at character 2"},
		{"preferences truncated", f.put(f.jane, `{"PushNotifications":{`), "--preferences: the JSON is empty or ends too early"},
		{"preferences unknown field", f.put(f.jane, `{"Push":{}}`), `--preferences: unknown field "Push"`},
		{"FilterRule as an object", f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":{"secret-rule-value":1}}}`), "FilterRule must be a string holding a JSON object"},
		{"FilterRule not JSON", f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"secret-rule-value"}}`), "--preferences PushNotifications.FilterRule: invalid JSON at byte 0"},
		{"FilterRule breaks the guide's syntax", f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"secret-rule-value\":\"x\"}"}}`), "--preferences PushNotifications.FilterRule: <key 0>: must be a list"},
		{"AllowNotifications missing", f.put(f.jane, `{"PushNotifications":{}}`), "--preferences PushNotifications.AllowNotifications: missing required field"},
		{"channel ARN not an ARN", []string{cmdGet, "--endpoint-url", f.srv.URL, "--channel-arn", "general", "--member-arn", f.jane, "--chime-bearer", f.jane}, "invalid input: --channel-arn: must be an ARN"},
		{"bad endpoint URL", append(f.get(f.jane), "--endpoint-url", "127.0.0.1:8000"), "--endpoint-url \"127.0.0.1:8000\" must be an absolute http or https URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.srv.ResetRequests()
			code, stdout, stderr := f.run(t, tc.argv...)
			assert.Equal(t, exitUsage, code)
			assertOneLineError(t, stdout, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.NotContains(t, stderr, "secret-rule-value", "a FilterRule is never quoted")
			assert.Empty(t, f.srv.Requests(), "nothing is sent for a bad command line")
		})
	}
}

func TestHelp(t *testing.T) {
	f := newFixture(t)
	for _, argv := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		code, stdout, stderr := f.run(t, argv...)
		assert.Equal(t, exitOK, code)
		assert.Empty(t, stderr)
		assert.Contains(t, stdout, "Examples:")
		assert.Contains(t, stdout, "chimeprefs put-channel-membership-preferences \\")
		assert.Contains(t, stdout, "Exit status: 0 success; 1")
	}
	code, stdout, _ := f.run(t, cmdPut, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "--preferences '{\"PushNotifications\":{\"AllowNotifications\":\"ALL\"}}'")
	assert.Contains(t, stdout, "  --chime-bearer\n")

	code, stdout, _ = f.run(t, cmdGet, "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "chimeprefs get-channel-membership-preferences \\")
	assert.NotContains(t, stdout, "--preferences", "get takes no preferences")

	code, stdout, stderr := f.run(t)
	assert.Equal(t, exitUsage, code, "no command is a usage error")
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "Commands:")
}

// TestProfile checks --profile: credentials and region come from the named
// profile, which wins over the environment's keys, as in the AWS CLI and
// aws-sdk-go-v2.
func TestProfile(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, os.WriteFile(f.env["AWS_SHARED_CREDENTIALS_FILE"], []byte("[dev]\naws_access_key_id = "+cliAccessKeyID+"\naws_secret_access_key = "+cliSecret+"\n"), 0o600))
	require.NoError(t, os.WriteFile(f.env["AWS_CONFIG_FILE"], []byte("[profile dev]\nregion = us-east-1\n"), 0o600))
	f.env["AWS_ACCESS_KEY_ID"] = "AKIDWRONGENV"
	f.env["AWS_SECRET_ACCESS_KEY"] = "wrong-env-secret"
	delete(f.env, "AWS_REGION")

	code, _, stderr := f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code, "without --profile the environment's (wrong) keys are used")
	assert.Contains(t, stderr, "no AWS Region")

	code, stdout, stderr := f.run(t, f.get(f.jane, "--profile", "dev")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"Name": "Jane"`)

	code, stdout, stderr = f.run(t, f.get(f.jane, "--profile", "nope")...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, `"nope" names a profile that is in neither`)
}

func TestNoCredentials(t *testing.T) {
	f := newFixture(t)
	delete(f.env, "AWS_ACCESS_KEY_ID")
	delete(f.env, "AWS_SECRET_ACCESS_KEY")
	f.srv.ResetRequests()
	code, stdout, stderr := f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, "credentials")
	assert.Empty(t, f.srv.Requests())
}

func TestRegionFlagWins(t *testing.T) {
	f := newFixture(t)
	f.env["AWS_REGION"] = "eu-west-1"
	code, _, stderr := f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code, "the fake runs in us-east-1 and rejects a eu-west-1 signature")
	assert.Contains(t, stderr, "(InvalidSignatureException)")

	code, _, stderr = f.run(t, f.get(f.jane, "--region", "us-east-1")...)
	assert.Equal(t, exitOK, code, stderr)
}

func TestEndpointFromEnvironment(t *testing.T) {
	f := newFixture(t)
	f.env["AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING"] = f.srv.URL
	code, stdout, stderr := f.run(t, cmdGet, "--channel-arn", f.channelArn, "--member-arn", f.jane, "--chime-bearer", f.jane)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"Name": "Jane"`)
	assert.Len(t, f.srv.Requests(), 1)
}

// TestMaxAttempts checks --max-attempts and AWS_MAX_ATTEMPTS, and that the
// message of a call that ran out of attempts names them (not the Go option).
func TestMaxAttempts(t *testing.T) {
	f := newFixture(t)
	unavailable := chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ServiceUnavailableException, Message: "try again"}

	f.env["AWS_MAX_ATTEMPTS"] = "1"
	f.srv.FailNext(1, unavailable)
	code, stdout, stderr := f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Regexp(t, `\(ServiceUnavailableException\) when calling the GetChannelMembershipPreferences operation: try again \[HTTP 503, request ID \S+\]; gave up after 1 attempt\(s\), the maximum \(raise it with --max-attempts N or AWS_MAX_ATTEMPTS\)\n$`, stderr)
	assert.NotContains(t, stderr, "RetryMaxAttempts", "the hint names what this command's user can set")

	f.srv.ResetRequests()
	f.srv.FailNext(1, unavailable)
	code, _, stderr = f.run(t, f.get(f.jane, "--max-attempts", "2")...)
	assert.Equal(t, exitOK, code, "the flag wins over AWS_MAX_ATTEMPTS: %s", stderr)
	assert.Len(t, f.srv.Requests(), 2)

	f.srv.ResetRequests()
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Drop: chimesdkmessagingtest.DropBeforeRead})
	code, stdout, stderr = f.run(t, f.get(f.jane)...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Regexp(t, `^chimeprefs: get-channel-membership-preferences: gave up after 1 attempt\(s\), the maximum \(raise it with --max-attempts N or AWS_MAX_ATTEMPTS\); last error: `, stderr)

	for _, bad := range []string{"0", "-1"} {
		code, stdout, stderr = f.run(t, f.get(f.jane, "--max-attempts", bad)...)
		assert.Equal(t, exitUsage, code)
		assertOneLineError(t, stdout, stderr)
		assert.Contains(t, stderr, "--max-attempts must be at least 1")
	}
}

func TestCheckFilterRule(t *testing.T) {
	f := newFixture(t)
	f.env = map[string]string{} // no credentials, no region: nothing is called
	guide := `{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}`
	path := filepath.Join(t.TempDir(), "rule.json")
	require.NoError(t, os.WriteFile(path, []byte(guide), 0o600))

	tests := []struct {
		name     string
		argv     []string
		code     int
		stdout   string // exact JSON when set
		stderrRe string // regexp when set
	}{
		{"valid, no attributes", []string{"--filter-rule", guide}, exitOK,
			"{\n    \"Complexity\": 4,\n    \"MaxComplexity\": 20,\n    \"Bytes\": 54\n}\n", ""},
		{"from a file", []string{"--filter-rule", "file://" + path}, exitOK,
			"{\n    \"Complexity\": 4,\n    \"MaxComplexity\": 20,\n    \"Bytes\": 54\n}\n", ""},
		{"a chat message mentioning Bob passes", []string{"--filter-rule", guide, "--message-attributes",
			`{"type":{"StringValues":["Chat"]},"mention":{"StringValues":["Bob","Ann"]}}`}, exitOK,
			"{\n    \"Complexity\": 4,\n    \"MaxComplexity\": 20,\n    \"Bytes\": 54,\n    \"Notified\": true\n}\n", ""},
		{"a room message does not", []string{"--filter-rule", guide, "--message-attributes",
			`{"type":{"StringValues":["Room"]},"mention":{"StringValues":["Bob"]}}`}, exitOK,
			"{\n    \"Complexity\": 4,\n    \"MaxComplexity\": 20,\n    \"Bytes\": 54,\n    \"Notified\": false\n}\n", ""},
		{"a number in the rule", []string{"--filter-rule", `{"type":["urgent"],"mention":[1]}`}, exitFailure, "",
			`^chimeprefs: check-filter-rule: --filter-rule: <key 1>\[0\]: must be a string .* \(at mention\[0\]\)\n$`},
		{"complexity 21", []string{"--filter-rule", `{"k":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20"]}`}, exitFailure, "",
			`complexity \(keys plus values\) must be at most 20; got 21`},
		{"an attribute name over 64 characters", []string{"--filter-rule", guide, "--message-attributes",
			`{"` + strings.Repeat("n", 65) + `":{"StringValues":["x"]}}`}, exitFailure, "",
			`^chimeprefs: check-filter-rule: --message-attributes: <attribute 0>: name must be at most 64 characters`},
		{"attributes in the wrong shape", []string{"--filter-rule", guide, "--message-attributes", `{"type":["Room"]}`}, exitUsage, "",
			`^chimeprefs: check-filter-rule: --message-attributes: must map each attribute name to \{"StringValues":\[...\]\}`},
		{"attributes not JSON", []string{"--filter-rule", guide, "--message-attributes", `{type}`}, exitUsage, "",
			`--message-attributes: not valid JSON at character 2`},
		{"no rule", []string{"--message-attributes", `{}`}, exitUsage, "",
			`the following arguments are required: --filter-rule`},
		{"unreadable file", []string{"--filter-rule", "file://" + path + ".missing"}, exitUsage, "",
			`--filter-rule: cannot read .*rule\.json\.missing: no such file or directory`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := f.run(t, append([]string{cmdCheck}, tc.argv...)...)
			assert.Equal(t, tc.code, code, "stderr %s", stderr)
			if tc.stdout != "" {
				assert.Equal(t, tc.stdout, stdout)
				assert.Empty(t, stderr)
			}
			if tc.stderrRe != "" {
				assertOneLineError(t, stdout, stderr)
				assert.Regexp(t, tc.stderrRe, stderr)
			}
		})
	}

	code, stdout, _ := f.run(t, cmdCheck, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "chimeprefs check-filter-rule \\")
	assert.Contains(t, stdout, "  --message-attributes\n")
	code, stdout, _ = f.run(t, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "check-filter-rule ")
}
