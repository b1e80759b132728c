package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// controlConfig is what the emulator's limits and faults start with, and
// where its control endpoint listens.
type controlConfig struct {
	addr       string          // control endpoint; "" leaves it off
	rateLimits rateLimitsFlag  // -rate-limit, in order
	latency    time.Duration   // -latency
	faultsPath string          // -faults
	faults     []faultRuleJSON // read from faultsPath by check
}

// register adds the flags to fs.
func (c *controlConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "control-addr", "", "loopback `host:port` of the control endpoint that sets rate limits, latency and faults over HTTP (off unless set; see the README's \"Limits and faults\")")
	fs.Var(&c.rateLimits, "rate-limit", "answer requests over `[OPERATION=]RATE[/BURST]` a second with 429 ThrottledClientException; OPERATION is PutChannelMembershipPreferences or GetChannelMembershipPreferences (default every request), BURST defaults to one second's worth; repeatable")
	fs.DurationVar(&c.latency, "latency", 0, "delay every answer by this `duration`, e.g. 200ms")
	fs.StringVar(&c.faultsPath, "faults", "", "JSON `file` of fault rules, as POST /chaos/faults takes them")
}

// check validates the flags and reads the fault rules file.
func (c *controlConfig) check() error {
	if c.addr != "" {
		if err := checkControlAddr(c.addr); err != nil {
			return err
		}
	}
	if c.latency < 0 || c.latency > maxFaultLatency {
		return fmt.Errorf("-latency %v must be 0 to %v", c.latency, maxFaultLatency)
	}
	if c.faultsPath != "" {
		data, err := os.ReadFile(c.faultsPath)
		if err != nil {
			return fmt.Errorf("-faults: %w", err)
		}
		if _, err := decodeControlJSON(data, &c.faults); err != nil {
			return fmt.Errorf("-faults %s: %w (it holds a JSON array of rules, as POST /chaos/faults takes them)", c.faultsPath, err)
		}
	}
	return nil
}

// checkControlAddr refuses a control address other than loopback, whatever
// -allow-non-loopback says: whoever reaches the endpoint decides how the
// emulator answers everyone.
func checkControlAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-control-addr %q is not host:port, e.g. 127.0.0.1:8001: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-control-addr %q is not a loopback address; the control endpoint is for this machine only (use 127.0.0.1:PORT), and -allow-non-loopback does not apply to it", addr)
}

// rateLimitsFlag collects -rate-limit values.
type rateLimitsFlag []rateLimitJSON

func (f *rateLimitsFlag) String() string {
	if f == nil {
		return ""
	}
	parts := make([]string, len(*f))
	for i, l := range *f {
		parts[i] = strconv.FormatFloat(l.RatePerSecond, 'g', -1, 64) + "/" + strconv.Itoa(l.Burst)
		if l.Operation != "" {
			parts[i] = l.Operation + "=" + parts[i]
		}
	}
	return strings.Join(parts, ",")
}

// Set parses [OPERATION=]RATE[/BURST].
func (f *rateLimitsFlag) Set(v string) error {
	var j rateLimitJSON
	spec := v
	if op, rest, ok := strings.Cut(v, "="); ok {
		j.Operation, spec = op, rest
	}
	rate, burst, hasBurst := strings.Cut(spec, "/")
	r, err := strconv.ParseFloat(rate, 64)
	if err != nil {
		return fmt.Errorf("%q: RATE %q is not a number; the form is [OPERATION=]RATE[/BURST], e.g. PutChannelMembershipPreferences=5/10", v, rate)
	}
	j.RatePerSecond = r
	if hasBurst {
		if j.Burst, err = strconv.Atoi(burst); err != nil || j.Burst < 1 {
			return fmt.Errorf("%q: BURST %q must be a whole number of requests, at least 1", v, burst)
		}
	}
	if _, err := j.toRateLimit(); err != nil {
		return fmt.Errorf("%q: %v", v, err)
	}
	*f = append(*f, j)
	return nil
}

// applyControlFlags sets the limits and faults of the flags on svc.
func applyControlFlags(c controlConfig, svc *chimesdkmessagingtest.Service) error {
	for _, j := range c.rateLimits {
		l, _ := j.toRateLimit() // checked by Set
		if err := svc.SetOperationRateLimit(l.Operation, l.PerSecond, l.Burst); err != nil {
			return fmt.Errorf("-rate-limit: %w", err)
		}
	}
	svc.SetLatency(c.latency)
	rules := make([]chimesdkmessagingtest.FaultRule, len(c.faults))
	for i, j := range c.faults {
		var err error
		if rules[i], err = j.toFaultRule(svc.Region()); err != nil {
			return fmt.Errorf("-faults %s: rule %d: %w", c.faultsPath, i, err)
		}
	}
	return svc.SetFaultRules(rules)
}

// startControl applies the flags to svc and, with -control-addr, starts
// the control endpoint. stop shuts the endpoint down. On error it returns
// the exit code to use.
func startControl(c controlConfig, svc *chimesdkmessagingtest.Service, log *slog.Logger) (stop func(), code int, err error) {
	if err := applyControlFlags(c, svc); err != nil {
		return nil, exitUsage, err
	}
	if len(c.rateLimits) > 0 || c.latency > 0 || len(c.faults) > 0 {
		log.Info("limits and faults set by flags", "rate_limits", c.rateLimits.String(), "latency", c.latency.String(), "fault_rules", len(c.faults))
	}
	if c.addr == "" {
		return func() {}, exitOK, nil
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return nil, exitFailure, fmt.Errorf("control endpoint: listen: %w", err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		_ = ln.Close()
		return nil, exitFailure, fmt.Errorf("-control-addr resolved to %s, which is not a loopback address; use 127.0.0.1:PORT", ln.Addr())
	}
	hs := &http.Server{
		Handler:           newControlHandler(svc, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		MaxHeaderBytes:    chimesdkmessagingtest.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("control endpoint stopped", "error", err)
		}
	}()
	log.Info("control endpoint listening", "url", "http://"+ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(ctx); err != nil {
			_ = hs.Close()
		}
		<-served
	}, exitOK, nil
}
