package credentials

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"runtime"
	"time"
)

// ProcessSource is the Source of credentials from [ProcessProvider].
const ProcessSource = "ProcessProvider"

// DefaultProcessTimeout bounds a credential_process run.
const DefaultProcessTimeout = time.Minute

// maxProcessOutput bounds how much of the command's stdout is read.
const maxProcessOutput = 64 << 10

// ProcessProvider runs an external command (the shared config's
// credential_process) through the shell (/bin/sh -c, or cmd.exe /C on
// Windows) and reads JSON from its stdout:
//
//	{"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//	 "SessionToken": "...", "Expiration": "2024-01-01T00:00:00Z"}
//
// Version must be 1; Expiration (RFC 3339) is optional and, when present,
// makes the credentials expire. The command inherits the process
// environment and stdin is empty. Its stdout never appears in an error; on
// failure only a short, scrubbed first line of stderr does.
type ProcessProvider struct {
	// Command is the command line, run by the shell.
	Command string
	// Timeout bounds the run. Default: DefaultProcessTimeout.
	Timeout time.Duration
}

// NewProcessProvider returns a provider that runs command.
func NewProcessProvider(command string) *ProcessProvider {
	return &ProcessProvider{Command: command}
}

// SourceName returns [ProcessSource].
func (p *ProcessProvider) SourceName() string { return ProcessSource }

// processOutput is the credential_process JSON, version 1.
type processOutput struct {
	Version                                                           int
	AccessKeyID, SecretAccessKey, SessionToken, Expiration, AccountID string
}

// cappedBuffer keeps the first max bytes written and drops the rest.
type cappedBuffer struct {
	bytes.Buffer
	max       int
	truncated bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room < len(p) {
		b.truncated = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// Retrieve runs the command once.
func (p *ProcessProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if p.Command == "" {
		return Credentials{}, notConfigured(ProcessSource, "no credential_process command")
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultProcessTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd.exe", "/C", p.Command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", p.Command)
	}
	stdout := &cappedBuffer{max: maxProcessOutput}
	stderr := &cappedBuffer{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A child that keeps the pipes open must not hold Retrieve past the
	// timeout.
	cmd.WaitDelay = time.Second

	err := cmd.Run()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return Credentials{}, failed(ProcessSource, errorf("credential_process did not finish within %s; make it faster or check that it does not wait for input", timeout))
	case ctx.Err() != nil:
		return Credentials{}, failed(ProcessSource, errorf("credential_process cancelled: %w", ctx.Err()))
	case err != nil:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return Credentials{}, failed(ProcessSource, errorf("credential_process exited with status %d; stderr: %q", ee.ExitCode(), scrub(stderr.String(), 120)))
		}
		return Credentials{}, failed(ProcessSource, errorf("credential_process could not run: %v", err))
	case stdout.truncated:
		return Credentials{}, failed(ProcessSource, errorf("credential_process wrote more than %d bytes to stdout", maxProcessOutput))
	}

	var out processOutput
	if err := decodeObject(stdout.Bytes(),
		jsonField{name: "Version", num: &out.Version},
		jsonField{name: "AccessKeyId", str: &out.AccessKeyID},
		jsonField{name: "SecretAccessKey", str: &out.SecretAccessKey},
		jsonField{name: "SessionToken", str: &out.SessionToken},
		jsonField{name: "Expiration", str: &out.Expiration},
		jsonField{name: "AccountId", str: &out.AccountID},
	); err != nil {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output is not a JSON object (%d bytes on stdout); it must print the Version 1 credentials JSON", stdout.Len()))
	}
	if out.Version != 1 {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output has Version %d; only Version 1 is supported", out.Version))
	}
	if out.AccessKeyID == "" || out.SecretAccessKey == "" {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output lacks AccessKeyId or SecretAccessKey"))
	}
	c := Credentials{
		AccessKeyID:     out.AccessKeyID,
		SecretAccessKey: out.SecretAccessKey,
		SessionToken:    out.SessionToken,
		Source:          ProcessSource,
		AccountID:       out.AccountID,
	}
	if out.Expiration != "" {
		t, err := time.Parse(time.RFC3339, out.Expiration)
		if err != nil {
			return Credentials{}, failed(ProcessSource, errorf("credential_process output Expiration %q is not an RFC 3339 time", scrub(out.Expiration, 40)))
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil
}
