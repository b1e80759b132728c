package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// faultRuleJSON is one fault rule as the control endpoint and -faults read
// and write it. Its shape follows LocalStack's Chaos API service faults
// (https://docs.localstack.cloud/user-guide/chaos-engineering/chaos-api/):
// service, region, operation, probability and error {statusCode, code},
// with this emulator's additions count, latency, drop and error.message.
type faultRuleJSON struct {
	// Service, when set, must name this service: chime-sdk-messaging or
	// its signing name chime.
	Service string `json:"service,omitempty"`
	// Region, when set, must be the emulator's region.
	Region string `json:"region,omitempty"`
	// Operation is PutChannelMembershipPreferences,
	// GetChannelMembershipPreferences, or empty for every request.
	Operation string `json:"operation,omitempty"`
	// Probability is the chance the rule fires (default 1).
	Probability *float64 `json:"probability,omitempty"`
	// Count, when positive, makes the rule fire on the next Count requests
	// only.
	Count int `json:"count,omitempty"`
	// Error is the answer; without Error, Latency or Drop it is 503
	// ServiceUnavailableException, as in LocalStack.
	Error *faultErrorJSON `json:"error,omitempty"`
	// LatencyMillis delays the answer, in milliseconds.
	LatencyMillis float64 `json:"latency,omitempty"`
	// Drop closes the connection: before-read, after-read or after-apply.
	Drop string `json:"drop,omitempty"`
}

// faultErrorJSON is the answer of a fault rule.
type faultErrorJSON struct {
	// StatusCode defaults to the exception's status.
	StatusCode int `json:"statusCode,omitempty"`
	// Code is the exception's name, sent as X-Amzn-ErrorType, e.g.
	// ThrottledClientException.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// rateLimitJSON is one rate limit as the control endpoint and -rate-limit
// read and write it.
type rateLimitJSON struct {
	// Operation is PutChannelMembershipPreferences,
	// GetChannelMembershipPreferences, or empty for every request.
	Operation     string  `json:"operation,omitempty"`
	RatePerSecond float64 `json:"ratePerSecond"`
	// Burst defaults to one second's worth of requests (at least 1).
	Burst int `json:"burst,omitempty"`
}

// effectsJSON are the effects on every request, as LocalStack's
// /_localstack/chaos/effects has them.
type effectsJSON struct {
	// LatencyMillis delays every answer, in milliseconds.
	LatencyMillis float64 `json:"latency"`
}

// maxFaultLatency bounds an injected delay: longer is a mistake (minutes
// typed as milliseconds) and would outlive any client's timeout.
const maxFaultLatency = time.Hour

// dropPointName is a drop point and its name in a rule.
type dropPointName struct {
	name  string
	point chimesdkmessagingtest.DropPoint
}

// dropPoints names the fake's drop points.
var dropPoints = []dropPointName{
	{"before-read", chimesdkmessagingtest.DropBeforeRead},
	{"after-read", chimesdkmessagingtest.DropAfterRead},
	{"after-apply", chimesdkmessagingtest.DropAfterApply},
}

// serviceNames are the names a rule's service may give.
var serviceNames = []string{"chime-sdk-messaging", "chime", "chimesdkmessaging"}

// toFaultRule checks j against the emulator's region and converts it.
func (j faultRuleJSON) toFaultRule(region string) (chimesdkmessagingtest.FaultRule, error) {
	var r chimesdkmessagingtest.FaultRule
	if j.Service != "" && !slices.Contains(serviceNames, strings.ToLower(j.Service)) {
		return r, fmt.Errorf("service %q is not this emulator's; use chime-sdk-messaging or leave it out", j.Service)
	}
	if j.Region != "" && j.Region != region {
		return r, fmt.Errorf("region %q is not the emulator's region %s; leave it out or use %s", j.Region, region, region)
	}
	r.Operation = j.Operation
	r.Probability = 1
	if j.Probability != nil {
		r.Probability = *j.Probability
	}
	if !(r.Probability > 0 && r.Probability <= 1) {
		return r, fmt.Errorf("probability %v must be above 0 and at most 1", r.Probability)
	}
	if j.Count < 0 {
		return r, fmt.Errorf("count %d must not be negative; leave it out to keep the rule until it is deleted", j.Count)
	}
	r.Count = j.Count
	lat, err := millis("latency", j.LatencyMillis)
	if err != nil {
		return r, err
	}
	r.Fault.Latency = lat
	if j.Drop != "" {
		i := slices.IndexFunc(dropPoints, func(d dropPointName) bool { return d.name == j.Drop })
		if i < 0 {
			return r, fmt.Errorf("drop %q must be before-read, after-read or after-apply", j.Drop)
		}
		r.Fault.Drop = dropPoints[i].point
	}
	e := j.Error
	if e == nil && r.Fault.Latency == 0 && r.Fault.Drop == chimesdkmessagingtest.NoDrop {
		e = &faultErrorJSON{Code: chimesdkmessagingtest.ServiceUnavailableException}
	}
	if e != nil {
		if err := e.fill(&r.Fault); err != nil {
			return r, err
		}
	}
	return r, nil
}

// fill sets f's answer from e.
func (e *faultErrorJSON) fill(f *chimesdkmessagingtest.Fault) error {
	if e.StatusCode != 0 && (e.StatusCode < 400 || e.StatusCode > 599) {
		return fmt.Errorf("error.statusCode %d must be an error status, 400 to 599", e.StatusCode)
	}
	switch _, known := chimesdkmessagingtest.ExceptionStatus(e.Code); {
	case e.Code == "" && e.StatusCode == 0:
		return errors.New("error needs a code (an exception name such as ThrottledClientException) or a statusCode")
	case e.Code != "" && !known && e.StatusCode == 0:
		return fmt.Errorf("error.code %q is not an exception of this service (%s); give a statusCode to answer with it anyway", e.Code, strings.Join(modelledExceptions, ", "))
	}
	f.Exception, f.Status, f.Message = e.Code, e.StatusCode, e.Message
	if f.Exception == "" {
		// A bare status has no exception to name: it answers with the
		// status and a JSON body holding only the message.
		b, _ := json.Marshal(struct{ Message string }{e.Message})
		f.Body, f.Message = string(b), ""
		f.Header = http.Header{"Content-Type": {"application/json"}}
	}
	return nil
}

// modelledExceptions are the exceptions of PutChannelMembershipPreferences
// and GetChannelMembershipPreferences, for error messages.
var modelledExceptions = []string{
	chimesdkmessagingtest.BadRequestException, chimesdkmessagingtest.ConflictException,
	chimesdkmessagingtest.UnauthorizedClientException, chimesdkmessagingtest.ForbiddenException,
	chimesdkmessagingtest.ThrottledClientException, chimesdkmessagingtest.ServiceUnavailableException,
	chimesdkmessagingtest.ServiceFailureException,
}

// faultRuleToJSON converts a rule back for GET.
func faultRuleToJSON(r chimesdkmessagingtest.FaultRule) faultRuleJSON {
	p := r.Probability
	j := faultRuleJSON{Operation: r.Operation, Probability: &p, Count: r.Count,
		LatencyMillis: float64(r.Fault.Latency) / float64(time.Millisecond)}
	for _, d := range dropPoints {
		if d.point == r.Fault.Drop {
			j.Drop = d.name
		}
	}
	if r.Fault.Exception != "" || r.Fault.Status != 0 {
		j.Error = &faultErrorJSON{StatusCode: r.Fault.Status, Code: r.Fault.Exception, Message: r.Fault.Message}
		if r.Fault.Exception == "" && r.Fault.Body != "" {
			var m struct{ Message string }
			_ = json.Unmarshal([]byte(r.Fault.Body), &m)
			j.Error.Message = m.Message
		}
	}
	return j
}

// toRateLimit checks j and converts it.
func (j rateLimitJSON) toRateLimit() (chimesdkmessagingtest.RateLimit, error) {
	if err := checkOperation(j.Operation); err != nil {
		return chimesdkmessagingtest.RateLimit{}, err
	}
	if !(j.RatePerSecond > 0) || math.IsInf(j.RatePerSecond, 0) {
		return chimesdkmessagingtest.RateLimit{}, fmt.Errorf("ratePerSecond %v must be a positive number of requests a second, e.g. 10 or 0.5", j.RatePerSecond)
	}
	if j.Burst < 0 {
		return chimesdkmessagingtest.RateLimit{}, fmt.Errorf("burst %d must be positive; leave it out for one second's worth", j.Burst)
	}
	burst := j.Burst
	if burst == 0 {
		burst = max(1, int(math.Ceil(j.RatePerSecond)))
	}
	return chimesdkmessagingtest.RateLimit{Operation: j.Operation, PerSecond: j.RatePerSecond, Burst: burst}, nil
}

// checkOperation refuses a name that is not an operation of the service.
func checkOperation(op string) error {
	switch op {
	case "", chimesdkmessagingtest.OperationPut, chimesdkmessagingtest.OperationGet:
		return nil
	}
	return fmt.Errorf("operation %q is not an operation of this service; use %s, %s, or leave it out for every request",
		op, chimesdkmessagingtest.OperationPut, chimesdkmessagingtest.OperationGet)
}

// millis converts a count of milliseconds to a duration within
// maxFaultLatency.
func millis(field string, ms float64) (time.Duration, error) {
	if !(ms >= 0) || ms > float64(maxFaultLatency/time.Millisecond) {
		return 0, fmt.Errorf("%s %v must be 0 to %d milliseconds", field, ms, maxFaultLatency/time.Millisecond)
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// decodeControlJSON decodes one JSON value from data into v, refusing unknown
// fields (a misspelt "probabilty" would otherwise be ignored) and trailing
// data. An empty body leaves v alone and reports false.
func decodeControlJSON(data []byte, v any) (bool, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return true, describeControlJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return true, errors.New("the body holds more than one JSON value; send one")
	}
	return true, nil
}

// describeControlJSONError words a decoding error for the caller.
func describeControlJSONError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Errorf("field %s must be a JSON %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return fmt.Errorf("the body must be a JSON %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		return fmt.Errorf("the body is not valid JSON (at byte %d): %v", se.Offset, se)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("unknown field %s; see the README's \"Limits and faults\" for the fields", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("the body is not valid JSON: %v", err)
}

// jsonKind names a Go kind as JSON does.
func jsonKind(kind string) string {
	switch kind {
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "float64", "int":
		return "number"
	case "ptr":
		return "value"
	}
	return kind
}
