package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusedAWSCLIOptions checks that every AWS CLI option chimeprefs does
// not support is refused by its name, after or before the command, before
// anything is sent.
func TestRefusedAWSCLIOptions(t *testing.T) {
	f := newFixture(t)
	refused := 0
	for _, o := range awsCLIOptions {
		if o.supported {
			continue
		}
		refused++
		opt := []string{"--" + o.name}
		if o.takesValue {
			opt = append(opt, "some-value")
		}
		for _, argv := range [][]string{append(f.get(f.jane), opt...), append(opt, f.get(f.jane)...)} {
			t.Run(strings.Join(argv[:1], " ")+" "+o.name, func(t *testing.T) {
				f.srv.ResetRequests()
				code, stdout, stderr := f.run(t, argv...)
				assert.Equal(t, exitUsage, code)
				assertOneLineError(t, stdout, stderr)
				assert.Contains(t, stderr, "chimeprefs: get-channel-membership-preferences: --"+o.name+" is an AWS CLI option that chimeprefs does not support; of the AWS CLI's global options it takes --endpoint-url, --region, --profile, --output, --query, --debug and --no-cli-pager")
				assert.NotContains(t, stderr, "flag provided but not defined")
				assert.Empty(t, f.srv.Requests())
			})
		}
	}
	assert.GreaterOrEqual(t, refused, 15)

	for _, tc := range []struct {
		argv []string
		want string
	}{
		{append(f.get(f.jane), "--bogus"), "chimeprefs: get-channel-membership-preferences: unknown option --bogus (see chimeprefs get-channel-membership-preferences --help)"},
		{append(f.get(f.jane), "--no-verify-ssl=true"), "--no-verify-ssl is an AWS CLI option that chimeprefs does not support"},
		{[]string{cmdCheck, "--filter-rule", `{"a":["b"]}`, "--output", "text"}, "chimeprefs: check-filter-rule: --output is an AWS CLI option; check-filter-rule calls nothing and takes only --filter-rule and --message-attributes"},
		{[]string{"--output", "text"}, "a command is required after the options"},
		{[]string{"--output", "text", "list-channels"}, `unknown command "list-channels"`},
	} {
		code, stdout, stderr := f.run(t, tc.argv...)
		assert.Equal(t, exitUsage, code, tc.argv)
		assertOneLineError(t, stdout, stderr)
		assert.Contains(t, stderr, tc.want)
	}
}

// TestHelpListsAWSCLIOptions checks that the help names every option of
// the table, supported ones as flags.
func TestHelpListsAWSCLIOptions(t *testing.T) {
	for _, o := range awsCLIOptions {
		if o.supported {
			assert.Contains(t, mainHelp, "\n  --"+o.name+" ", o.name)
		} else {
			assert.Regexp(t, `[ \n]--`+o.name+`[,.]`, mainHelp, o.name)
		}
	}
}

// TestAcceptedAWSCLIOptions checks --no-cli-pager and global options put
// before the command, as "aws --output text chime-sdk-messaging ..." does.
func TestAcceptedAWSCLIOptions(t *testing.T) {
	f := newFixture(t)
	code, stdout, stderr := f.run(t, f.get(f.jane, "--no-cli-pager", "--output", "text")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, f.channelArn+"\nMEMBER\t"+f.jane+"\tJane\n", stdout)

	code, stdout, stderr = f.run(t, append([]string{"--output", "text", "--query", "Member.Name", "--region=us-east-1", "--max-attempts", "2"}, f.get(f.jane)...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "Jane\n", stdout)
}

// TestOutputFormatPrecedence checks --output > AWS_DEFAULT_OUTPUT > the
// profile's output > json, and that a bad value names where it was set.
func TestOutputFormatPrecedence(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, os.WriteFile(f.env["AWS_CONFIG_FILE"], []byte("[default]\noutput = text\n[profile tbl]\noutput = table\n[profile odd]\noutput = yaml\n"), 0o600))
	require.NoError(t, os.WriteFile(f.env["AWS_SHARED_CREDENTIALS_FILE"], []byte("[tbl]\naws_access_key_id = "+cliAccessKeyID+"\naws_secret_access_key = "+cliSecret+"\n"), 0o600))
	const jsonStart, textStart, tableStart = "{\n", "arn:aws:chime:", "-------"
	tests := []struct {
		name      string
		env       map[string]string
		extra     []string
		wantStart string
	}{
		{"default profile's output", nil, nil, textStart},
		{"named profile's output", nil, []string{"--profile", "tbl"}, tableStart},
		{"AWS_PROFILE's output", map[string]string{"AWS_PROFILE": "tbl"}, nil, tableStart},
		{"AWS_DEFAULT_OUTPUT over the profile", map[string]string{"AWS_DEFAULT_OUTPUT": "json"}, []string{"--profile", "tbl"}, jsonStart},
		{"--output over AWS_DEFAULT_OUTPUT", map[string]string{"AWS_DEFAULT_OUTPUT": "table"}, []string{"--output", "json"}, jsonStart},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				f.env[k] = v
				defer delete(f.env, k)
			}
			code, stdout, stderr := f.run(t, f.get(f.jane, tc.extra...)...)
			require.Equal(t, exitOK, code, stderr)
			assert.True(t, strings.HasPrefix(stdout, tc.wantStart), stdout)
		})
	}

	require.NoError(t, os.WriteFile(f.env["AWS_CONFIG_FILE"], nil, 0o600))
	code, stdout, stderr := f.run(t, f.get(f.jane)...)
	require.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, jsonStart), "json when nothing is set: %s", stdout)

	require.NoError(t, os.WriteFile(f.env["AWS_CONFIG_FILE"], []byte("[default]\noutput = yaml\n"), 0o600))
	bad := []struct {
		name  string
		env   map[string]string
		extra []string
		want  string
	}{
		{"flag", nil, []string{"--output", "yaml-stream"}, `chimeprefs: get-channel-membership-preferences: --output "yaml-stream" is not an output format chimeprefs prints; use json, text or table (the AWS CLI v2's yaml formats are not supported)`},
		{"empty flag", nil, []string{"--output="}, `chimeprefs: get-channel-membership-preferences: --output "" is not an output format chimeprefs prints; use json, text or table`},
		{"variable", map[string]string{"AWS_DEFAULT_OUTPUT": "xml"}, nil, `chimeprefs: get-channel-membership-preferences: AWS_DEFAULT_OUTPUT="xml" is not an output format chimeprefs prints; use json, text or table`},
		{"profile", nil, nil, `chimeprefs: get-channel-membership-preferences: output = yaml in profile "default" (` + f.env["AWS_CONFIG_FILE"] + ` line 2) is not an output format`},
	}
	for _, tc := range bad {
		t.Run("bad "+tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				f.env[k] = v
				defer delete(f.env, k)
			}
			f.srv.ResetRequests()
			code, stdout, stderr := f.run(t, f.get(f.jane, tc.extra...)...)
			assert.Equal(t, exitUsage, code)
			assertOneLineError(t, stdout, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Empty(t, f.srv.Requests(), "a bad format is refused before the call")
		})
	}
}

// TestProfileErrorNamesTheFlag checks that an unknown --profile is blamed
// on --profile, not on a Go field.
func TestProfileErrorNamesTheFlag(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, os.WriteFile(f.env["AWS_CONFIG_FILE"], []byte("[profile dev]\nregion = us-east-1\n"), 0o600))
	code, stdout, stderr := f.run(t, f.get(f.jane, "--profile", "nope")...)
	assert.Equal(t, exitFailure, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, `--profile="nope" names a profile that is in neither`)
	assert.Contains(t, stderr, "(defined profiles: dev); create it there or fix --profile")
	assert.NotContains(t, stderr, "Environment.Profile")
	assert.NotContains(t, stderr, "LoadOptions")
}

// TestQuery checks --query errors: a syntax error before the call, an
// evaluation error after it, never quoting the response's values.
func TestQuery(t *testing.T) {
	f := newFixture(t)
	code, stdout, stderr := f.run(t, f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}`, "--query", "Preferences.PushNotifications.[AllowNotifications, FilterRule]", "--output", "text")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "FILTERED\t{\"type\":[\"urgent\"]}\n", stdout)

	f.srv.ResetRequests()
	code, stdout, stderr = f.run(t, f.get(f.jane, "--query", "Member.[")...)
	assert.Equal(t, exitUsage, code)
	assertOneLineError(t, stdout, stderr)
	assert.Contains(t, stderr, `--query "Member.[" is not a valid JMESPath expression: SyntaxError: Incomplete expression at character 8`)
	assert.Empty(t, f.srv.Requests(), "a bad expression is refused before the call")

	for _, tc := range []struct{ query, want string }{
		{"abs(Member.Name)", "a function was given a value of the wrong type (it takes number)"},
		{"max(Preferences.PushNotifications.FilterRule)", "a function was given a value of the wrong type (it takes array[number] or array[string])"},
		{"nope(Member)", "unknown function: nope"},
	} {
		code, stdout, stderr = f.run(t, f.get(f.jane, "--query", tc.query)...)
		assert.Equal(t, exitUsage, code, tc.query)
		assertOneLineError(t, stdout, stderr)
		assert.Contains(t, stderr, "the call succeeded, but --query \""+tc.query+"\" failed on its response: "+tc.want)
		assert.NotContains(t, stderr, "Jane", "a member's name is never quoted")
		assert.NotContains(t, stderr, "urgent", "a FilterRule is never quoted")
	}
}

// TestDebug checks that --debug logs the request, response and signature
// to stderr with secrets and sensitive members redacted, and leaves the
// output alone.
func TestDebug(t *testing.T) {
	f := newFixture(t)
	rule := `{\"type\":[\"secret-rule-value\"]}`
	code, stdout, stderr := f.run(t, f.put(f.jane, `{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"`+rule+`"}}`, "--debug", "--output", "text", "--query", "Member.Arn")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, f.jane+"\n", stdout)
	for _, want := range []string{"DEBUG Request Signature:", "DEBUG Request\nPUT /channels/", "Authorization: [redacted]", "DEBUG Response\nHTTP/1.1 200 OK", `"FilterRule":"***"`, `"Name":"***"`} {
		assert.Contains(t, stderr, want)
	}
	for _, secret := range []string{"secret-rule-value", cliSecret, "Jane", "Signature="} {
		assert.NotContains(t, stderr, secret)
	}

	_, _, stderr = f.run(t, f.get(f.jane)...)
	assert.Empty(t, stderr, "nothing is logged without --debug")
}
