package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// Paths of the control endpoint.
const (
	controlFaultsPath     = "/chaos/faults"
	controlEffectsPath    = "/chaos/effects"
	controlRateLimitsPath = "/chaos/rate-limits"
	controlResetPath      = "/chaos"
)

// maxControlBody bounds a control request's body.
const maxControlBody = 1 << 20

// controlHandler serves the control endpoint: it reads and changes the
// service's fault rules, latency and rate limits. See the README's "Limits
// and faults".
type controlHandler struct {
	svc    *chimesdkmessagingtest.Service
	region string
	log    *slog.Logger
	// mu serializes control requests. A POST or DELETE of rate limits is
	// several service calls (clear, then set each operation), and every
	// answer reads back what is in force: without mu two requests at once
	// could interleave and leave, or answer, a mixture of both.
	mu sync.Mutex
}

// serialize makes next serve one control request at a time (see mu).
func (h *controlHandler) serialize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// newControlHandler returns the control endpoint's handler for svc.
func newControlHandler(svc *chimesdkmessagingtest.Service, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	h := &controlHandler{svc: svc, region: svc.Region(), log: log}
	mux.HandleFunc(controlFaultsPath, h.faults)
	mux.HandleFunc(controlEffectsPath, h.effects)
	mux.HandleFunc(controlRateLimitsPath, h.rateLimits)
	mux.HandleFunc(controlResetPath, h.reset)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeControlError(w, http.StatusNotFound, fmt.Sprintf("no control resource at %s; use %s, %s, %s or %s",
			r.URL.Path, controlFaultsPath, controlEffectsPath, controlRateLimitsPath, controlResetPath))
	})
	return localCallersOnly(h.serialize(mux))
}

// localCallersOnly refuses what a web page could send to the endpoint from
// the user's browser: a request with an Origin header (a browser adds it
// to every cross-site POST, PATCH and DELETE, and a page cannot remove
// it), and one whose Host is not a loopback name (DNS rebinding points a
// page's own name at 127.0.0.1). curl, SDKs and scripts send neither.
func localCallersOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != "" {
			writeControlError(w, http.StatusForbidden, "requests from web pages (with an Origin header) are refused; call the control endpoint from a script, curl or a test")
			return
		}
		if !loopbackHost(r.Host) {
			writeControlError(w, http.StatusForbidden, fmt.Sprintf("Host %q is not a loopback address; call the control endpoint as 127.0.0.1, [::1] or localhost", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether host (with or without a port) is
// localhost or a loopback IP address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// faults serves /chaos/faults: GET lists the rules, POST replaces them,
// PATCH appends to them, DELETE removes the rules it is sent (all of them
// without a body). Every method answers with the rules now in force.
func (h *controlHandler) faults(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete) {
		return
	}
	var in []faultRuleJSON
	sent, err := readControlBody(r, &in)
	if err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	rules := make([]chimesdkmessagingtest.FaultRule, len(in))
	for i, j := range in {
		if rules[i], err = j.toFaultRule(h.region); err != nil {
			writeControlError(w, http.StatusBadRequest, fmt.Sprintf("rule %d: %v", i, err))
			return
		}
	}
	switch r.Method {
	case http.MethodPost:
		err = h.svc.SetFaultRules(rules)
	case http.MethodPatch:
		err = h.svc.AddFaultRules(rules...)
	case http.MethodDelete:
		if !sent {
			err = h.svc.SetFaultRules(nil)
		} else {
			h.svc.RemoveFaultRules(rules...)
		}
	}
	if err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	out := make([]faultRuleJSON, 0)
	for _, fr := range h.svc.FaultRules() {
		out = append(out, faultRuleToJSON(fr))
	}
	if r.Method != http.MethodGet {
		h.log.Info("control: fault rules changed", "method", r.Method, "rules", len(out))
	}
	writeControlJSON(w, out)
}

// effects serves /chaos/effects: GET reads the latency of every request,
// POST sets it, DELETE removes it.
func (h *controlHandler) effects(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodDelete) {
		return
	}
	switch r.Method {
	case http.MethodPost:
		var in effectsJSON
		sent, err := readControlBody(r, &in)
		if err == nil && !sent {
			err = errors.New(`send the effects as JSON, e.g. {"latency": 250} for 250 ms on every request`)
		}
		var d time.Duration
		if err == nil {
			d, err = millis("latency", in.LatencyMillis)
		}
		if err != nil {
			writeControlError(w, http.StatusBadRequest, err.Error())
			return
		}
		h.svc.SetLatency(d)
		h.log.Info("control: latency set", "latency", d.String())
	case http.MethodDelete:
		h.svc.SetLatency(0)
		h.log.Info("control: latency removed")
	}
	writeControlJSON(w, effectsJSON{LatencyMillis: float64(h.svc.Latency()) / float64(time.Millisecond)})
}

// rateLimits serves /chaos/rate-limits: GET lists the limits, POST
// replaces them, PATCH sets the operations it is sent and leaves the
// others, DELETE removes the operations it is sent (all without a body).
// Every method answers with the limits now in force.
func (h *controlHandler) rateLimits(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete) {
		return
	}
	var in []rateLimitJSON
	sent, err := readControlBody(r, &in)
	if err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	var limits []chimesdkmessagingtest.RateLimit
	for i, j := range in {
		var err error
		if r.Method == http.MethodDelete {
			err = checkOperation(j.Operation) // only the operation matters
		} else {
			var l chimesdkmessagingtest.RateLimit
			l, err = j.toRateLimit()
			limits = append(limits, l)
		}
		if err != nil {
			writeControlError(w, http.StatusBadRequest, fmt.Sprintf("rate limit %d: %v", i, err))
			return
		}
	}
	switch r.Method {
	case http.MethodPost:
		clearRateLimits(h.svc)
		setRateLimits(h.svc, limits)
	case http.MethodPatch:
		setRateLimits(h.svc, limits)
	case http.MethodDelete:
		if !sent {
			clearRateLimits(h.svc)
		}
		for _, j := range in {
			_ = h.svc.SetOperationRateLimit(j.Operation, 0, 0) // checked above
		}
	}
	out := make([]rateLimitJSON, 0)
	for _, l := range h.svc.RateLimits() {
		out = append(out, rateLimitJSON{Operation: l.Operation, RatePerSecond: l.PerSecond, Burst: l.Burst})
	}
	if r.Method != http.MethodGet {
		h.log.Info("control: rate limits changed", "method", r.Method, "limits", len(out))
	}
	writeControlJSON(w, out)
}

// reset serves DELETE /chaos: every fault, rule, latency and rate limit
// goes, including the ones set by flags at start.
func (h *controlHandler) reset(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodDelete) {
		return
	}
	h.svc.ClearFaults()
	h.log.Info("control: every fault, latency and rate limit cleared")
	w.WriteHeader(http.StatusNoContent)
}

// setRateLimits sets limits, which toRateLimit has checked.
func setRateLimits(svc *chimesdkmessagingtest.Service, limits []chimesdkmessagingtest.RateLimit) {
	for _, l := range limits {
		_ = svc.SetOperationRateLimit(l.Operation, l.PerSecond, l.Burst)
	}
}

// clearRateLimits removes every rate limit.
func clearRateLimits(svc *chimesdkmessagingtest.Service) {
	for _, op := range []string{"", chimesdkmessagingtest.OperationPut, chimesdkmessagingtest.OperationGet} {
		_ = svc.SetOperationRateLimit(op, 0, 0)
	}
}

// allowMethods answers 405 unless r's method is one of methods.
func allowMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	allow := ""
	for i, m := range methods {
		if i > 0 {
			allow += ", "
		}
		allow += m
	}
	w.Header().Set("Allow", allow)
	writeControlError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s does not take %s; use %s", r.URL.Path, r.Method, allow))
	return false
}

// readControlBody reads r's body, at most maxControlBody bytes, into v;
// it reports whether a body was sent.
func readControlBody(r *http.Request, v any) (bool, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxControlBody+1))
	if err != nil {
		return false, fmt.Errorf("reading the body failed: %v", err)
	}
	if len(data) > maxControlBody {
		return false, fmt.Errorf("the body is larger than %d bytes", maxControlBody)
	}
	return decodeControlJSON(data, v)
}

// controlErrorJSON is the body of a control error.
type controlErrorJSON struct {
	Error string `json:"error"`
}

func writeControlError(w http.ResponseWriter, status int, msg string) {
	body, _ := json.Marshal(controlErrorJSON{msg})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeControlJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeControlError(w, http.StatusInternalServerError, "encoding the answer failed: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	_, _ = w.Write(append(body, '\n'))
}
