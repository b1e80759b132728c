package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Credentials and region the emulator is started with.
const (
	accessKeyID = "AKIDSCALEBENCHMARK01"
	secretKey   = "scale/benchmark/secret"
	region      = "us-east-1"
	accountID   = "111122223333"
)

// startTimeout bounds a start-up (a 1M seed included) or a shutdown.
const startTimeout = 3 * time.Minute

// buildEmulator builds cmd/chime-messaging-local of this checkout to bin.
func buildEmulator(ctx context.Context, bin string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/chimekit/chimesdkmessaging/cmd/chime-messaging-local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go build the emulator: %v: %s", err, out)
	}
	return nil
}

// emulator is a running emulator process.
type emulator struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration // from exec to its listening line
	// startupCPU is the CPU time (user and system) the process used by
	// then: on a shared, loaded machine the wall time also counts the
	// time it waited for a core.
	startupCPU time.Duration
	exited     chan error
}

var listening = regexp.MustCompile(`msg=listening url=(http://127\.0\.0\.1:[0-9]+)`)

// startEmulator runs bin with args and waits for its listening line.
func startEmulator(bin string, args ...string) (*emulator, error) {
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = []string{"AWS_ACCESS_KEY_ID=" + accessKeyID, "AWS_SECRET_ACCESS_KEY=" + secretKey, "AWS_REGION=" + region}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	e := &emulator{cmd: cmd, exited: make(chan error, 1)}
	urls := make(chan string, 1)
	var tail []string
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if m := listening.FindStringSubmatch(line); m != nil {
				urls <- m[1]
			} else if len(tail) < 20 {
				tail = append(tail, line)
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		e.exited <- cmd.Wait()
	}()
	select {
	case e.url = <-urls:
		e.startup = time.Since(start)
		if e.startupCPU, err = e.cpu(); err != nil {
			_ = cmd.Process.Kill()
			return nil, err
		}
		return e, nil
	case err := <-e.exited:
		return nil, fmt.Errorf("emulator exited before listening (%v): %s", err, strings.Join(tail, "\n"))
	case <-time.After(startTimeout):
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("emulator did not listen within %v", startTimeout)
	}
}

// rss returns the process's resident memory now and at its peak, in
// bytes, from /proc.
func (e *emulator) rss() (now, peak int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", e.cmd.Process.Pid))
	if err != nil {
		return 0, 0, fmt.Errorf("read the emulator's memory (Linux /proc): %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("parse %s: %w", line, err)
		}
		if name == "VmRSS" {
			now = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return now, peak, nil
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// cpu returns the CPU time (user and system) the process has used, from
// /proc/PID/stat.
func (e *emulator) cpu() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", e.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("read the emulator's CPU time (Linux /proc): %w", err)
	}
	// The fields after the command name, which is in parentheses: state
	// is the first, utime the 12th and stime the 13th.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", e.cmd.Process.Pid, data)
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse /proc/%d/stat: %w", e.cmd.Process.Pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// stop ends the emulator with SIGTERM and waits for it.
func (e *emulator) stop() error {
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-e.exited:
		return nil
	case <-time.After(startTimeout):
		_ = e.cmd.Process.Kill()
		return fmt.Errorf("emulator did not stop within %v", startTimeout)
	}
}
