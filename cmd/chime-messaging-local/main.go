// Command chime-messaging-local is a local emulator of Amazon Chime SDK
// Messaging's channel membership preferences API, built on the fake service
// of package chimesdkmessagingtest. Any AWS SDK or the AWS CLI can call it
// with an endpoint URL override:
//
//	chime-messaging-local -seed seed.json -state state.json
//	aws chime-sdk-messaging get-channel-membership-preferences \
//	    --endpoint-url http://127.0.0.1:8000 --region us-east-1 --channel-arn ... --member-arn ... --chime-bearer ...
//
// It listens on 127.0.0.1 only (unless -allow-non-loopback), verifies SigV4
// with the credentials it was started with, persists every acknowledged
// change atomically when -state is set, logs one line per request and shuts
// down gracefully on SIGINT or SIGTERM. Run it with -help for every flag
// and -help-seed for the seed file format.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args[1:], os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// oneShot is the exit code of -export-state or -import-state.
func oneShot(stderr io.Writer, err error) int {
	if err != nil {
		fmt.Fprintln(stderr, "chime-messaging-local:", err)
		return exitFailure
	}
	return exitOK
}

// shutdownBodyGrace is how long a request still sending its body when a
// shutdown begins may go on sending it.
const shutdownBodyGrace = time.Second

// run starts the emulator and serves until ctx ends, then shuts down
// gracefully. It returns the process exit code.
func run(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "chime-messaging-local:", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	switch {
	case cfg.exportPath != "":
		return oneShot(stderr, exportState(cfg.statePath, cfg.exportPath, log))
	case cfg.importPath != "":
		return oneShot(stderr, importState(cfg.statePath, cfg.importPath, log))
	}
	svc, store, code, err := newService(cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "chime-messaging-local:", err)
		return code
	}
	if store != nil {
		defer store.Close()
	}
	stopControl, code, err := startControl(cfg.control, svc, log)
	if err != nil {
		fmt.Fprintln(stderr, "chime-messaging-local:", err)
		return code
	}
	defer stopControl()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "chime-messaging-local: listen:", err)
		return exitFailure
	}
	if err := checkBoundAddr(ln.Addr(), cfg.allowNonLoopback); err != nil {
		_ = ln.Close()
		fmt.Fprintln(stderr, "chime-messaging-local:", err)
		return exitFailure
	}
	bodies := newBodyReads()
	hs := &http.Server{
		Handler: accessLog(log, bodies, svc),
		// Headers and body together; ReadHeaderTimeout defaults to it.
		ReadTimeout:    cfg.readTimeout,
		IdleTimeout:    cfg.idleTimeout,
		MaxHeaderBytes: chimesdkmessagingtest.MaxHeaderBytes,
		ConnContext:    withConn,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening",
		"url", "http://"+ln.Addr().String(),
		"region", cfg.region,
		"access_key_id", cfg.accessKeyID,
		"credentials", cfg.credsSource,
		"state", cfg.statePath,
	)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(&watchListener{Listener: ln, log: log, readTimeout: cfg.readTimeout}) }()

	select {
	case err := <-served:
		log.Error("server stopped", "error", err)
		return exitFailure
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	// A request whose body has stopped arriving cannot finish: cut it off
	// after a short grace instead of waiting for -read-timeout.
	bodies.cut(min(shutdownBodyGrace, cfg.readTimeout))
	if err := hs.Shutdown(sctx); err != nil {
		log.Error("shutdown did not finish; requests in flight were cut", "error", err)
		_ = hs.Close()
		return exitFailure
	}
	<-served
	log.Info("shut down")
	return exitOK
}

// newService builds the fake service with the -state store as its change
// hook, and loads its starting state: what the store holds (or the JSON
// state file -state names, imported), else the seed. The seed file is
// always checked. It returns the store to close at shutdown (nil without
// -state) and, on error, the exit code to use.
func newService(cfg config, log *slog.Logger) (*chimesdkmessagingtest.Service, io.Closer, int, error) {
	opts := []chimesdkmessagingtest.Option{
		chimesdkmessagingtest.WithRegion(cfg.region),
		chimesdkmessagingtest.WithAccountID(cfg.accountID),
		chimesdkmessagingtest.WithCredentials(cfg.accessKeyID, cfg.secretAccessKey, cfg.sessionToken),
	}
	var state *stateAtStart
	if cfg.statePath != "" {
		removed, err := removeStaleTemps(cfg.statePath)
		for _, name := range removed {
			log.Info("removed a temporary state file left by an earlier run", "file", name)
		}
		if err != nil {
			return nil, nil, exitFailure, err
		}
		if state, err = openState(cfg.statePath, log); err != nil {
			return nil, nil, exitUsage, err
		}
		opts = append(opts, chimesdkmessagingtest.WithOnCommit(persistChanges(state.store, log)))
	}
	fail := func(code int, err error) (*chimesdkmessagingtest.Service, io.Closer, int, error) {
		if state != nil {
			_ = state.store.close()
		}
		return nil, nil, code, err
	}
	svc := chimesdkmessagingtest.NewService(opts...)

	var start chimesdkmessagingtest.State
	haveStart := false
	if cfg.seedPath != "" {
		data, err := os.ReadFile(cfg.seedPath)
		if err != nil {
			return fail(exitUsage, fmt.Errorf("read seed file: %w", err))
		}
		if start, err = loadSeed(cfg.seedPath, data, cfg.region, cfg.accountID); err != nil {
			return fail(exitUsage, fmt.Errorf("bad seed file: %w", err))
		}
		haveStart = true
	}
	if state != nil && state.found {
		if cfg.seedPath != "" {
			log.Info("state store exists; it wins over the seed file, which was checked but not applied", "state", cfg.statePath, "seed", cfg.seedPath)
		}
		start, haveStart = state.state, true
		state.state = chimesdkmessagingtest.State{}
	}
	if haveStart {
		if err := svc.Restore(start); err != nil {
			return fail(exitUsage, fmt.Errorf("load the starting state: %w", err))
		}
	}
	if state != nil && !state.initialized {
		if err := state.store.replace(svc.Snapshot()); err != nil {
			return fail(exitFailure, err)
		}
	}
	log.Info("state loaded", "app_instances", len(start.AppInstances), "channels", len(start.Channels), "memberships", countMemberships(start))
	if state == nil {
		return svc, nil, exitOK, nil
	}
	return svc, closerFunc(state.store.close), exitOK, nil
}

// closerFunc is an io.Closer from a function.
type closerFunc func() error

func (f closerFunc) Close() error { return f() }
