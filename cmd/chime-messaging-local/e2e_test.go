package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Credentials the emulator is started with in these tests.
const (
	testAccessKeyID = "AKIDLOCALEMULATOR01"
	testSecret      = "local/emulator/secret/do-not-log"
	testRegion      = "us-east-1"
)

var (
	channelArn = appArn + "/channel/general"
	janeArn    = appArn + "/user/jane"
	bobArn     = appArn + "/user/bob"
	helperArn  = appArn + "/bot/helper"
)

func testEnv() []string {
	return []string{"AWS_ACCESS_KEY_ID=" + testAccessKeyID, "AWS_SECRET_ACCESS_KEY=" + testSecret, "AWS_REGION=" + testRegion}
}

// output is the part of a response body the tests read.
type output struct {
	ChannelArn string
	Member     struct{ Arn, Name string }
	Message    string
	Code       string

	Preferences *struct {
		PushNotifications struct{ AllowNotifications, FilterRule string }
	}
}

func decodeOutput(t *testing.T, r cliResponse) output {
	t.Helper()
	var o output
	require.NoError(t, json.Unmarshal([]byte(r.Body), &o), r.Body)
	return o
}

func putBody(allow, rule string) string {
	pn := map[string]string{"AllowNotifications": allow}
	if rule != "" {
		pn["FilterRule"] = rule
	}
	b, _ := json.Marshal(map[string]any{"Preferences": map[string]any{"PushNotifications": pn}})
	return string(b)
}

// TestEmulatorBinary builds the command once and drives the built binary
// over loopback, as the AWS CLI and boto3 would with --endpoint-url.
func TestEmulatorBinary(t *testing.T) {
	bin := buildEmulator(t)
	seed, err := filepath.Abs(filepath.Join("testdata", "seed.json"))
	require.NoError(t, err)

	t.Run("AWS CLI requests, kill -9 and restart keep every acknowledged write", func(t *testing.T) {
		state := filepath.Join(t.TempDir(), "state.db")
		args := []string{"-addr", "127.0.0.1:0", "-seed", seed, "-state", state}
		e := startEmulator(t, bin, testEnv(), args...)
		cli := newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)

		r, err := cli.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.Status, r.Body)
		o := decodeOutput(t, r)
		assert.Equal(t, channelArn, o.ChannelArn)
		assert.Equal(t, "Jane", o.Member.Name)
		assert.Nil(t, o.Preferences, "nothing set yet")

		r, err = cli.do(t, http.MethodPut, channelArn, helperArn, helperArn, putBody("NONE", ""))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.Status, r.Body)

		r, err = cli.do(t, http.MethodPut, channelArn, janeArn, bobArn, putBody("ALL", ""))
		require.NoError(t, err)
		assert.Equal(t, http.StatusForbidden, r.Status, "a moderator and admin cannot set another member's preferences")
		assert.Equal(t, "ForbiddenException", r.ErrorType)

		wrong := newAWSCLI(e.url, testRegion, testAccessKeyID, "not-the-secret")
		r, err = wrong.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
		require.NoError(t, err)
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "InvalidSignatureException", r.ErrorType, "only the credentials it was started with are accepted")

		// Writes in a stream; the process is killed while they go on.
		type ack struct{ n int }
		acks := make(chan ack, 1000)
		sentLast := make(chan int, 1)
		go func() {
			n := 0
			defer func() { sentLast <- n; close(acks) }()
			for n < 1000 {
				n++
				rule := fmt.Sprintf(`{"seq":["%d"]}`, n)
				r, err := cli.do(t, http.MethodPut, channelArn, janeArn, janeArn, putBody("FILTERED", rule))
				if err != nil || r.Status != http.StatusOK {
					return
				}
				acks <- ack{n}
			}
		}()
		lastAcked := 0
		for a := range acks {
			lastAcked = a.n
			if lastAcked == 15 {
				require.NoError(t, e.cmd.Process.Kill()) // SIGKILL: no chance to flush anything
				break
			}
		}
		for a := range acks { // acknowledged before the kill took effect
			lastAcked = a.n
		}
		lastSent := <-sentLast
		select {
		case <-e.exited:
		case <-time.After(startTimeout):
			t.Fatal("emulator still running after SIGKILL")
		}
		require.GreaterOrEqual(t, lastAcked, 15)

		e2 := startEmulator(t, bin, testEnv(), args...)
		cli2 := newAWSCLI(e2.url, testRegion, testAccessKeyID, testSecret)
		r, err = cli2.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.Status, r.Body)
		o = decodeOutput(t, r)
		require.NotNil(t, o.Preferences, "acknowledged preferences survive kill -9")
		assert.Equal(t, "FILTERED", o.Preferences.PushNotifications.AllowNotifications)
		var rule struct{ Seq []string }
		require.NoError(t, json.Unmarshal([]byte(o.Preferences.PushNotifications.FilterRule), &rule))
		require.Len(t, rule.Seq, 1)
		seq, err := strconv.Atoi(rule.Seq[0])
		require.NoError(t, err)
		assert.GreaterOrEqual(t, seq, lastAcked, "nothing acknowledged is lost")
		assert.LessOrEqual(t, seq, lastSent, "nothing unsent appears")

		r, err = cli2.do(t, http.MethodGet, channelArn, helperArn, helperArn, "")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.Status, r.Body)
		require.NotNil(t, decodeOutput(t, r).Preferences)
		assert.Equal(t, "NONE", decodeOutput(t, r).Preferences.PushNotifications.AllowNotifications)
		assert.Contains(t, e2.logs.String(), "state store exists; it wins over the seed file")

		require.Equal(t, 0, e2.stop(t, syscall.SIGTERM))

		// One line per request, with what helps and nothing secret.
		logs := e.logs.String() + e2.logs.String()
		assert.Contains(t, logs, `msg=request method=PUT path=/channels/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2Fapp-1%2Fchannel%2Fgeneral/memberships/`)
		assert.Regexp(t, `msg=request method=GET path=\S+/preferences status=200 latency=\S+ request_id=[0-9a-f]{8}-[0-9a-f-]{27} bearer=`+janeArn, logs)
		assert.Contains(t, logs, "status=403")
		// One line per request: four before the stream, then one per
		// acknowledged write; the write in flight at the kill may or may
		// not have been logged.
		lines := strings.Count(e.logs.String(), "msg=request ")
		assert.GreaterOrEqual(t, lines, 4+lastAcked)
		assert.LessOrEqual(t, lines, 4+lastSent)
		for _, secret := range []string{testSecret, "Authorization", "AWS4-HMAC-SHA256", "Signature=", "seq", "FilterRule"} {
			assert.NotContains(t, logs, secret)
		}
	})

	t.Run("SIGINT and SIGTERM shut down cleanly with exit code 0", func(t *testing.T) {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-seed", seed)
			cli := newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)
			r, err := cli.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.Status)
			assert.Equal(t, 0, e.stop(t, sig), "%v: %s", sig, e.logs)
			assert.Contains(t, e.logs.String(), "msg=\"shut down\"")
		}
	})

	t.Run("bad seed file names the line and column", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		require.NoError(t, os.WriteFile(bad, []byte("{\n  \"AppInstances\": [\n    {\"Id\": \"a\",\n     \"Chanels\": []}\n  ]\n}\n"), 0o600))
		code, out := runBinary(t, bin, "-addr", "127.0.0.1:0", "-seed", bad)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, out, bad+":4:6: unknown field AppInstances[0].Chanels")
		assert.NotContains(t, out, "listening")
	})

	t.Run("refuses a non-loopback address before listening", func(t *testing.T) {
		code, out := runBinary(t, bin, "-addr", "0.0.0.0:0")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, out, "not a loopback address")
		assert.NotContains(t, out, "listening")
	})
}

// runBinary runs a command that is expected to exit by itself.
func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = testEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		_, isExit := err.(*exec.ExitError)
		require.True(t, isExit, "%v: %s", err, out)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}
