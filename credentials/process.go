package credentials

import (
	"bytes"
	"context"
	"strconv"
	"time"
)

// ProcessSource is the Source of credentials from [ProcessProvider].
const ProcessSource = "ProcessProvider"

// DefaultProcessTimeout bounds a credential_process run.
const DefaultProcessTimeout = time.Minute

// maxProcessOutput bounds how much of the command's stdout is read.
const maxProcessOutput = 64 << 10

// processPipeGrace is how long stdout may stay open after the command
// exited, e.g. held by a background child it started. What was read by then
// is used.
const processPipeGrace = time.Second

// ProcessProvider runs an external command (the shared config's
// credential_process, see
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html)
// through the shell (/bin/sh -c, or cmd.exe /C on Windows) and reads JSON
// from its stdout:
//
//	{"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//	 "SessionToken": "...", "Expiration": "2024-01-01T00:00:00Z"}
//
// Version must be 1; Expiration (RFC 3339) is optional and, when present,
// makes the credentials expire. The command inherits the process
// environment and stdin is empty.
//
// Neither its stdout nor its stderr ever appears in an error: a failed run
// says how many lines it wrote to stderr, to be read by running the command
// by hand. On Unix the command runs in a process group of its own, and on
// timeout the whole group is killed, children included. A background child
// that keeps stdout open does not hold a successful run: once the command
// has exited, what it wrote within a second is used.
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

// lineCounter counts the lines written to it and keeps none of them.
type lineCounter struct {
	newlines int
	open     bool // the last line has no newline yet
}

func (c *lineCounter) Write(p []byte) (int, error) {
	if len(p) > 0 {
		c.newlines += bytes.Count(p, []byte{'\n'})
		c.open = p[len(p)-1] != '\n'
	}
	return len(p), nil
}

// lines is the number of lines written, a last one without newline
// included.
func (c *lineCounter) lines() int {
	if c.open {
		return c.newlines + 1
	}
	return c.newlines
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

	stdout := &cappedBuffer{max: maxProcessOutput}
	stderr := &lineCounter{}
	// A command that exits with status 0 but leaves something it started
	// holding stdout open succeeds with what it wrote (runCommand stops
	// reading after processPipeGrace).
	state, err := runCommand(ctx, p.Command, stdout, stderr)
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return Credentials{}, failed(ProcessSource, errorf("credential_process did not finish within %s and was killed; make it faster or check that it does not wait for input", timeout))
	case ctx.Err() != nil:
		return Credentials{}, failed(ProcessSource, errorf("credential_process cancelled: %w", ctx.Err()))
	case err != nil:
		return Credentials{}, failed(ProcessSource, errorf("credential_process could not run: %v", err))
	case !state.Success():
		return Credentials{}, failed(ProcessSource, errorf("credential_process exited with status %d%s; %s", state.ExitCode(), exitHint(state.ExitCode()), stderrHint(stderr.lines())))
	}
	if stdout.truncated {
		return Credentials{}, failed(ProcessSource, errorf("credential_process wrote more than %d bytes to stdout", maxProcessOutput))
	}

	out, err := decodeCredentialsJSON(stdout.Bytes(), processTokenMember)
	if err != nil {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output is %v (%d bytes on stdout); it must print the Version 1 credentials JSON", err, stdout.Len()))
	}
	if out.Version != 1 {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output has Version %d; only Version 1 is supported", out.Version))
	}
	c, err := out.credentials(ProcessSource)
	if err != nil {
		return Credentials{}, failed(ProcessSource, errorf("credential_process output %v", err))
	}
	return c, nil
}

// exitHint explains the shell's own exit statuses.
func exitHint(code int) string {
	switch code {
	case 126:
		return " (the shell found the command but could not execute it)"
	case 127:
		return " (the shell could not find the command)"
	}
	return ""
}

// stderrHint says how much the command wrote to stderr without showing it:
// a helper's diagnostics may echo a secret, and no scrubbing catches every
// form of one.
func stderrHint(lines int) string {
	switch lines {
	case 0:
		return "it wrote nothing to stderr"
	case 1:
		return "run the command yourself to see the 1 line it wrote to stderr (not shown here: it may hold secrets)"
	}
	return "run the command yourself to see the " + strconv.Itoa(lines) + " lines it wrote to stderr (not shown here: they may hold secrets)"
}
