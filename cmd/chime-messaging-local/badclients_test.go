package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawConn opens a TCP connection to the emulator at base (http://host:port).
func rawConn(t *testing.T, base string) net.Conn {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	c, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// readAnswer reads one HTTP response from c, waiting at most wait.
func readAnswer(t *testing.T, c net.Conn, wait time.Duration) *http.Response {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(wait)))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// assertServiceError checks the service's error shape and returns the
// message and the request ID.
func assertServiceError(t *testing.T, resp *http.Response, status int) (string, string) {
	t.Helper()
	assert.Equal(t, status, resp.StatusCode)
	assert.Equal(t, "BadRequestException", resp.Header.Get("X-Amzn-ErrorType"))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	id := resp.Header.Get("X-Amzn-Requestid")
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
	var eb struct{ Code, Message string }
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &eb), "body %s", b)
	assert.Equal(t, "BadRequest", eb.Code)
	return eb.Message, id
}

// TestEmulatorBadClients drives the built binary with clients that stall,
// send what Go's HTTP server refuses itself, or cannot be persisted.
func TestEmulatorBadClients(t *testing.T) {
	bin := buildEmulator(t)
	seed, err := filepath.Abs(filepath.Join("testdata", "seed.json"))
	require.NoError(t, err)
	putPath := "/channels/" + labelEscape(channelArn) + "/memberships/" + labelEscape(janeArn) + "/preferences"

	t.Run("stalled body and idle connection are cut off within their timeouts", func(t *testing.T) {
		const readTimeout, idleTimeout = 2 * time.Second, 1 * time.Second
		e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-seed", seed,
			"-read-timeout", readTimeout.String(), "-idle-timeout", idleTimeout.String())

		stalled := rawConn(t, e.url)
		start := time.Now()
		_, err := io.WriteString(stalled, "PUT "+putPath+" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"Pref")
		require.NoError(t, err)
		resp := readAnswer(t, stalled, readTimeout+15*time.Second)
		took := time.Since(start)
		msg, id := assertServiceError(t, resp, http.StatusBadRequest)
		assert.Contains(t, msg, "stopped arriving before the server's read timeout")
		assert.GreaterOrEqual(t, took, readTimeout-200*time.Millisecond, "cut off by -read-timeout, not before")
		t.Logf("stalled body cut off after %v (-read-timeout %v)", took, readTimeout)
		_, err = stalled.Read(make([]byte, 1))
		assert.Error(t, err, "and the connection is closed")
		line := regexp.MustCompile(`msg=request method=PUT path=\S+ status=400 latency=\S+ request_id=` + id)
		assert.Eventually(t, func() bool { return line.MatchString(e.logs.String()) }, 10*time.Second, 10*time.Millisecond,
			"the access log has the 400 with its request ID:\n%s", e.logs)

		idle := rawConn(t, e.url)
		_, err = io.WriteString(idle, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		resp = readAnswer(t, idle, 10*time.Second)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
		_, _ = io.Copy(io.Discard, resp.Body)
		start = time.Now()
		require.NoError(t, idle.SetReadDeadline(time.Now().Add(idleTimeout+15*time.Second)))
		n, err := idle.Read(make([]byte, 1))
		assert.Equal(t, 0, n)
		assert.ErrorIs(t, err, io.EOF, "the idle keep-alive connection is closed by the server")
		assert.GreaterOrEqual(t, time.Since(start), idleTimeout-200*time.Millisecond)
	})

	t.Run("SIGTERM with a stalled client and an idle client exits 0", func(t *testing.T) {
		e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-seed", seed,
			"-read-timeout", "5m", "-idle-timeout", "5m", "-shutdown-timeout", "30s")
		idle := rawConn(t, e.url)
		_, err := io.WriteString(idle, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		resp := readAnswer(t, idle, 10*time.Second)
		_, _ = io.Copy(io.Discard, resp.Body)

		// A PUT that stalls in its body. It asks for 100 Continue, which Go's
		// server sends when the emulator's handler starts reading the body:
		// that answer is the event saying the connection is busy (not idle,
		// which shutdown would close at once), where a sleep only hoped so.
		stalled := rawConn(t, e.url)
		_, err = io.WriteString(stalled, "PUT "+putPath+" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
		require.NoError(t, err)
		require.NoError(t, stalled.SetReadDeadline(time.Now().Add(10*time.Second)))
		br := bufio.NewReader(stalled)
		cont, err := http.ReadResponse(br, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusContinue, cont.StatusCode)
		_, err = io.WriteString(stalled, "{\"Pref")
		require.NoError(t, err)

		start := time.Now()
		code := e.stop(t, syscall.SIGTERM)
		assert.Equal(t, 0, code, "the stalled request cannot finish, so it does not hold the shutdown: %s", e.logs)
		assert.Less(t, time.Since(start), 30*time.Second, "exited before -shutdown-timeout")
		assert.Contains(t, e.logs.String(), `msg="shut down"`)
		require.NoError(t, stalled.SetReadDeadline(time.Now().Add(10*time.Second)))
		resp, err = http.ReadResponse(br, nil)
		require.NoError(t, err)
		msg, _ := assertServiceError(t, resp, http.StatusBadRequest)
		assert.Contains(t, msg, "stopped arriving")
	})

	t.Run("Go's own errors answered in the service's shape and logged with a request ID", func(t *testing.T) {
		e := startEmulator(t, bin, testEnv(), "-addr", "127.0.0.1:0", "-seed", seed, "-read-timeout", "2s")
		cases := []struct {
			name    string
			request string
			status  int
			msg     string
		}{
			{"headers over 64 KiB", "GET /channels/a/memberships/b/preferences HTTP/1.1\r\nHost: x\r\nX-Big: " +
				strings.Repeat("b", 100<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge, "larger than the emulator reads (64 KiB)"},
			{"bad percent-escape in the path", "GET /channels/%zz/memberships/b/preferences HTTP/1.1\r\nHost: x\r\n\r\n",
				http.StatusBadRequest, "could not be parsed"},
			{"no Host header", "GET /channels/a/memberships/b/preferences HTTP/1.1\r\n\r\n",
				http.StatusBadRequest, "missing required Host header"},
			{"unsupported Expect", "PUT /channels/a/memberships/b/preferences HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}",
				http.StatusExpectationFailed, "the HTTP request was refused: 417 Expectation Failed"},
			{"unsupported transfer encoding", "PUT /channels/a/memberships/b/preferences HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
				http.StatusNotImplemented, "the HTTP request was refused: 501 Not Implemented"},
			{"headers stop arriving", "GET /channels/a/memberships/b/preferences HTTP/1.1\r\nHost: x\r\nX-Half",
				http.StatusRequestTimeout, "did not arrive within -read-timeout (2s)"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := rawConn(t, e.url)
				_, err := io.WriteString(c, tc.request)
				require.NoError(t, err)
				resp := readAnswer(t, c, 20*time.Second)
				msg, id := assertServiceError(t, resp, tc.status)
				assert.Contains(t, msg, tc.msg)
				line := regexp.MustCompile(`msg=request method=[A-Z]+ path=\S+ status=` + strconv.Itoa(tc.status) + ` latency=\S+ request_id=` + id + ` bearer="" error=`)
				require.Eventually(t, func() bool { return line.MatchString(e.logs.String()) }, 10*time.Second, 10*time.Millisecond,
					"access log line for %d with request ID %s:\n%s", tc.status, id, e.logs)
			})
		}
		// A well-formed request on the same emulator still gets the
		// service's own answer.
		cli := newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)
		r, err := cli.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, r.Status, r.Body)
		assert.NotContains(t, e.logs.String(), "X-Big", "header values are not logged")
	})

	t.Run("a change the state store cannot take is not made", func(t *testing.T) {
		state := filepath.Join(t.TempDir(), "state.db")
		args := []string{"-addr", "127.0.0.1:0", "-seed", seed, "-state", state}
		e := startEmulator(t, bin, testEnv(), args...)
		require.Equal(t, 0, e.stop(t, syscall.SIGTERM))
		info, err := os.Stat(state)
		require.NoError(t, err)

		// The shell's ulimit -f (512-byte blocks) caps the store at its
		// size: changes fit while bbolt finds free pages inside the file,
		// and the first one that must grow it fails with EFBIG, as on a
		// full disk (Go ignores SIGXFSZ).
		blocks := info.Size() / 512
		sh := append([]string{"-c", "ulimit -f " + strconv.FormatInt(blocks, 10) + " && exec \"$0\" \"$@\"", bin}, args...)
		e = startEmulator(t, "/bin/sh", testEnv(), sh...)
		cli := newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)
		r, err := cli.do(t, http.MethodPut, channelArn, janeArn, janeArn, putBody("ALL", ""))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.Status, "a small change fits: %s", r.Body)

		// Large rules, each different, until the store must grow; the
		// last acknowledged one is what Get answers.
		lastAcked := putBody("ALL", "")
		refused := false
		// The three members' rules together outgrow a page.
		members := []string{janeArn, bobArn, helperArn}
		for i := 0; i < 60 && !refused; i++ {
			rule := fmt.Sprintf(`{"mention":["%04d%s"]}`, i, strings.Repeat("m", 1900))
			member := members[i%len(members)]
			r, err = cli.do(t, http.MethodPut, channelArn, member, member, putBody("FILTERED", rule))
			require.NoError(t, err)
			switch r.Status {
			case http.StatusOK:
				if member == janeArn {
					lastAcked = rule
				}
			default:
				refused = true
				assert.Equal(t, http.StatusInternalServerError, r.Status, r.Body)
				assert.Equal(t, "ServiceFailureException", r.ErrorType)
				assert.Contains(t, r.Body, "could not be persisted and was not made")
			}
		}
		require.True(t, refused, "60 large changes fit in a store capped at %d bytes", info.Size())

		ruleOf := func(cli *awsCLI) string {
			r, err := cli.do(t, http.MethodGet, channelArn, janeArn, janeArn, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.Status, r.Body)
			o := decodeOutput(t, r)
			require.NotNil(t, o.Preferences)
			if o.Preferences.PushNotifications.FilterRule == "" {
				return putBody("ALL", "")
			}
			return o.Preferences.PushNotifications.FilterRule
		}
		assert.Equal(t, lastAcked, ruleOf(cli), "Get answers the last saved value")
		require.Equal(t, 0, e.stop(t, syscall.SIGTERM))
		assert.Contains(t, e.logs.String(), "persisting changes failed; they were not made")
		assert.Regexp(t, `file too large|EFBIG`, e.logs.String())
		assert.NotContains(t, e.logs.String(), strings.Repeat("m", 100), "the FilterRule is not logged")

		e = startEmulator(t, bin, testEnv(), args...)
		assert.Equal(t, lastAcked, ruleOf(newAWSCLI(e.url, testRegion, testAccessKeyID, testSecret)), "the store holds the last acknowledged value")
		require.Equal(t, 0, e.stop(t, syscall.SIGTERM))
	})
}
