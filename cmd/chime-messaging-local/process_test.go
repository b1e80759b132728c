package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// startTimeout bounds how long the tests wait for the emulator to start
// or stop; generous, as the machine is shared.
const startTimeout = 30 * time.Second

// buildEmulator builds the command into a temporary directory.
func buildEmulator(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to build the emulator")
	bin := filepath.Join(t.TempDir(), "chime-messaging-local")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, goBin, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// lockedBuffer collects the emulator's log lines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) add(line string) {
	l.mu.Lock()
	l.b.WriteString(line + "\n")
	l.mu.Unlock()
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// emulator is a running emulator process.
type emulator struct {
	cmd    *exec.Cmd
	url    string
	logs   *lockedBuffer
	exited chan struct{} // closed when the process has exited
	err    error         // Wait's result, set before exited closes
}

var listeningURL = regexp.MustCompile(`msg=listening url=(http://127\.0\.0\.1:[0-9]+)`)

// startEmulator runs bin with args and env (only env: nothing is
// inherited) and waits for its "listening" line. The process is killed at
// cleanup if still running.
func startEmulator(t *testing.T, bin string, env []string, args ...string) *emulator {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	e := &emulator{cmd: cmd, logs: &lockedBuffer{}, exited: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			e.logs.add(line)
			if m := listeningURL.FindStringSubmatch(line); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		e.err = cmd.Wait()
		close(e.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-e.exited:
		default:
			_ = cmd.Process.Kill()
			<-e.exited
		}
	})
	select {
	case e.url = <-urls:
	case <-e.exited:
		t.Fatalf("emulator exited before listening (%v):\n%s", e.err, e.logs)
	case <-time.After(startTimeout):
		t.Fatalf("emulator did not report listening within %v:\n%s", startTimeout, e.logs)
	}
	return e
}

// stop sends sig and waits for the process to exit; it returns the exit
// code (-1 when killed by a signal).
func (e *emulator) stop(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	require.NoError(t, e.cmd.Process.Signal(sig))
	select {
	case <-e.exited:
	case <-time.After(startTimeout):
		t.Fatalf("emulator did not exit within %v after %v:\n%s", startTimeout, sig, e.logs)
	}
	return e.cmd.ProcessState.ExitCode()
}

// awsCLI sends requests the way botocore (the AWS CLI, boto3) does with
// --endpoint-url: labels percent-encoded with nothing left raw, headers
// host, x-amz-date, x-amz-chime-bearer and (PUT) content-type signed,
// Content-Length sent but not signed, no SDK invocation headers.
type awsCLI struct {
	url    string
	region string
	creds  credentials.Credentials
	signer *sigv4.Signer
	http   *http.Client
}

func newAWSCLI(url, region, accessKeyID, secret string) *awsCLI {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DisableKeepAlives = true // a killed emulator leaves no stale connection behind
	return &awsCLI{
		url:    url,
		region: region,
		creds:  credentials.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secret},
		signer: sigv4.New(),
		http:   &http.Client{Transport: tr, Timeout: 20 * time.Second},
	}
}

// labelEscape percent-encodes every byte but the unreserved ones, as
// botocore does for a URI label.
func labelEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

// cliResponse is what came back.
type cliResponse struct {
	Status    int
	ErrorType string
	Body      string
}

// do sends one call; body is "" for GET.
func (c *awsCLI) do(t *testing.T, method, channelArn, memberArn, bearer, body string) (cliResponse, error) {
	t.Helper()
	u := c.url + "/channels/" + labelEscape(channelArn) + "/memberships/" + labelEscape(memberArn) + "/preferences"
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	command := "get-channel-membership-preferences"
	req.Header.Set("X-Amz-Chime-Bearer", bearer)
	if method == http.MethodPut {
		command = "put-channel-membership-preferences"
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256([]byte(body))
	require.NoError(t, c.signer.SignHTTP(req, sigv4.Keys{AccessKeyID: c.creds.AccessKeyID, SecretAccessKey: c.creds.SecretAccessKey, SessionToken: c.creds.SessionToken}, hex.EncodeToString(sum[:]), "chime", c.region, time.Now().UTC()))
	// Set after signing: botocore signs neither User-Agent nor Content-Length.
	req.Header.Set("User-Agent", "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#chime-sdk-messaging."+command)
	req.Header.Set("Accept-Encoding", "identity")
	if body != "" {
		req.Body = io.NopCloser(strings.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return cliResponse{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return cliResponse{}, err
	}
	return cliResponse{Status: resp.StatusCode, ErrorType: resp.Header.Get("X-Amzn-ErrorType"), Body: string(b)}, nil
}
