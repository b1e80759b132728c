package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

var controlURL = regexp.MustCompile(`msg="control endpoint listening" url=(http://127\.0\.0\.1:[0-9]+)`)

// controlURLOf returns the control endpoint's URL from the emulator's log;
// the line comes before the "listening" line startEmulator waits for.
func controlURLOf(t *testing.T, e *emulator) string {
	t.Helper()
	m := controlURL.FindStringSubmatch(e.logs.String())
	require.NotNil(t, m, "no control endpoint line in the log:\n%s", e.logs)
	return m[1]
}

// controlCall sends one request to the control endpoint and requires 2xx.
func controlCall(t *testing.T, base, method, path, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Less(t, resp.StatusCode, 300, "%s %s: %s", method, path, b)
	return string(b)
}

// emulatorClient is this module's client for the emulator, without
// retries, so every throttled attempt shows.
func emulatorClient(url string) *chime.Client {
	return chime.New(chime.Options{
		Region:           testRegion,
		BaseEndpoint:     &url,
		Credentials:      credentials.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""),
		RetryMaxAttempts: 1,
	})
}

// putOwn makes jane set her own preferences and returns the exception
// name, "" on success.
func putOwn(t *testing.T, c *chime.Client) string {
	t.Helper()
	_, err := c.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &channelArn, MemberArn: &janeArn, ChimeBearer: &janeArn,
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll}},
	})
	if err == nil {
		return ""
	}
	var throttled *types.ThrottledClientException
	if errors.As(err, &throttled) {
		var re *chime.ResponseError
		require.True(t, errors.As(err, &re))
		assert.Equal(t, http.StatusTooManyRequests, re.HTTPStatusCode())
		return "ThrottledClientException"
	}
	var api interface{ ErrorCode() string }
	require.True(t, errors.As(err, &api), "not an API error: %v", err)
	return api.ErrorCode()
}

// TestEmulatorLimitsAndFaults drives the built emulator's -rate-limit flag
// and control endpoint with this module's client, then with the AWS CLI
// and boto3 when they are installed.
//
// The rate limits use a refill of one token per 1,000 seconds, so which
// calls are throttled depends on the burst alone, never on how fast the
// machine is.
func TestEmulatorLimitsAndFaults(t *testing.T) {
	bin := buildEmulator(t)
	seed, err := filepath.Abs(filepath.Join("testdata", "seed.json"))
	require.NoError(t, err)
	e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-control-addr", "127.0.0.1:0", "-seed", seed,
		"-rate-limit", "PutChannelMembershipPreferences=0.001/2")
	ctl := controlURLOf(t, e)
	client := emulatorClient(e.url)

	t.Run("the -rate-limit flag throttles Put after its burst", func(t *testing.T) {
		got := []string{putOwn(t, client), putOwn(t, client), putOwn(t, client), putOwn(t, client)}
		assert.Equal(t, []string{"", "", "ThrottledClientException", "ThrottledClientException"}, got)
		_, err := client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
			ChannelArn: &channelArn, MemberArn: &janeArn, ChimeBearer: &janeArn,
		})
		require.NoError(t, err, "Get is not limited")
		assert.JSONEq(t, `[{"operation":"PutChannelMembershipPreferences","ratePerSecond":0.001,"burst":2}]`,
			controlCall(t, ctl, http.MethodGet, controlRateLimitsPath, ""))
	})

	t.Run("control endpoint: next-N failures, then reset", func(t *testing.T) {
		controlCall(t, ctl, http.MethodDelete, controlResetPath, "")
		controlCall(t, ctl, http.MethodPost, controlFaultsPath, `[{"operation":"PutChannelMembershipPreferences","count":2,"error":{"code":"ServiceUnavailableException"}}]`)
		got := []string{putOwn(t, client), putOwn(t, client), putOwn(t, client)}
		assert.Equal(t, []string{"ServiceUnavailableException", "ServiceUnavailableException", ""}, got)
	})

	cliEnv := func(t *testing.T) []string {
		env := []string{
			"AWS_ACCESS_KEY_ID=" + testAccessKeyID, "AWS_SECRET_ACCESS_KEY=" + testSecret, "AWS_DEFAULT_REGION=" + testRegion,
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "HOME=" + t.TempDir(),
			"AWS_RETRY_MODE=standard", "AWS_MAX_ATTEMPTS=1", "AWS_EC2_METADATA_DISABLED=true",
		}
		for _, k := range passThrough {
			if v, ok := os.LookupEnv(k); ok {
				env = append(env, k+"="+v)
			}
		}
		return env
	}

	t.Run("AWS CLI gets ThrottledClientException", func(t *testing.T) {
		aws, err := exec.LookPath("aws")
		if err != nil {
			t.Skip("the AWS CLI (aws) is not installed; the Go client above covers the throttling, the CLI check needs it")
		}
		controlCall(t, ctl, http.MethodDelete, controlResetPath, "")
		controlCall(t, ctl, http.MethodPost, controlRateLimitsPath, `[{"operation":"GetChannelMembershipPreferences","ratePerSecond":0.001,"burst":1}]`)
		var outcomes []string
		for range 3 {
			cmd := exec.Command(aws, "chime-sdk-messaging", "get-channel-membership-preferences",
				"--endpoint-url", e.url, "--channel-arn", channelArn, "--member-arn", janeArn, "--chime-bearer", janeArn)
			cmd.Env = cliEnv(t)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			switch {
			case err == nil:
				outcomes = append(outcomes, "ok")
			case strings.Contains(stderr.String(), "(ThrottledClientException)"):
				outcomes = append(outcomes, "ThrottledClientException")
			default:
				t.Fatalf("aws failed another way (%v): %s %s", err, stdout.String(), stderr.String())
			}
		}
		assert.Equal(t, []string{"ok", "ThrottledClientException", "ThrottledClientException"}, outcomes)
	})

	t.Run("boto3 gets ThrottledClientException", func(t *testing.T) {
		py, err := exec.LookPath("python3")
		if err != nil {
			t.Skip("python3 is not installed; the Go client above covers the throttling, the boto3 check needs it")
		}
		if out, err := exec.Command(py, "-c", "import boto3").CombinedOutput(); err != nil {
			t.Skipf("boto3 is not installed for python3 (%s); the Go client above covers the throttling, the boto3 check needs it", bytes.TrimSpace(out))
		}
		controlCall(t, ctl, http.MethodDelete, controlResetPath, "")
		controlCall(t, ctl, http.MethodPost, controlRateLimitsPath, `[{"operation":"PutChannelMembershipPreferences","ratePerSecond":0.001,"burst":3}]`)
		cmd := exec.Command(py, "-c", boto3Script, e.url, channelArn, janeArn)
		cmd.Env = cliEnv(t)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		var outcomes []string
		require.NoError(t, json.Unmarshal(out, &outcomes), "%s", out)
		assert.Equal(t, []string{"ok", "ok", "ok", "ThrottledClientException 429", "ThrottledClientException 429"}, outcomes)
	})
}

// boto3Script makes five Puts with boto3, one attempt each, and prints
// each outcome as a JSON list.
const boto3Script = `
import json, sys
import boto3
from botocore.config import Config
url, channel, member = sys.argv[1:4]
c = boto3.client("chime-sdk-messaging", endpoint_url=url, config=Config(retries={"mode": "standard", "total_max_attempts": 1}))
out = []
for _ in range(5):
    try:
        c.put_channel_membership_preferences(ChannelArn=channel, MemberArn=member, ChimeBearer=member,
            Preferences={"PushNotifications": {"AllowNotifications": "ALL"}})
        out.append("ok")
    except c.exceptions.ThrottledClientException as e:
        out.append("ThrottledClientException %d" % e.response["ResponseMetadata"]["HTTPStatusCode"])
print(json.dumps(out))
`

// passThrough are the variables the CLI and python3 need from the test's
// environment to start (pyenv's shims read the last two).
var passThrough = []string{"PATH", "PYENV_ROOT", "PYENV_VERSION"}
