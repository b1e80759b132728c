package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Outcome is how a case ended.
type Outcome string

// Outcomes.
const (
	Pass Outcome = "PASS"
	Fail Outcome = "FAIL"
	Skip Outcome = "SKIP"
)

// Result is the outcome of one case. Expected and Observed are answers
// written as "200" or "403 ForbiddenException"; they never hold a
// FilterRule or an error message (which may quote one).
type Result struct {
	Case    string
	Outcome Outcome
	// Expected is the answer the service documents (and the fake gives).
	Expected string
	// Observed is the answer that came back, "" when skipped.
	Observed string
	// RequestID is the x-amzn-RequestId of the call that decided the
	// case: quote it when reporting a difference.
	RequestID string
	// Detail says why the case failed or was skipped.
	Detail string
}

// Report is the outcome of a run.
type Report struct {
	Results []Result
	// Restored lists what the run put back, e.g. "Member: FILTERED with a
	// FilterRule of 18 bytes".
	Restored []string
	// RestoreErr says what could not be put back.
	RestoreErr error
}

// Failed returns the results that failed.
func (r Report) Failed() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Outcome == Fail {
			out = append(out, res)
		}
	}
	return out
}

// Count returns how many results ended with o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Options select what a run does.
type Options struct {
	// Only, when set, runs the cases for which it returns true.
	Only func(caseName string) bool
}

// Run runs the cases against t, in the order of [Cases], and then puts
// back the preferences of Member and Bot it read before the first case.
// It returns an error, and runs nothing, when t is incomplete or the
// preferences to put back cannot be read. A member that had no
// preferences cannot be returned to that state (the service has no call
// that removes them): it is left with empty preferences, {}, and Restored
// says so.
func Run(ctx context.Context, t Target, opts Options) (Report, error) {
	if err := t.check(); err != nil {
		return Report{}, err
	}
	r := &runner{t: t}
	saved := map[Role]*types.ChannelMembershipPreferences{}
	ownRoles := []Role{roleMember}
	if t.Bot != "" {
		ownRoles = append(ownRoles, RoleBot)
	}
	for _, role := range ownRoles {
		p, err := r.read(ctx, r.arnOf(role))
		if err != nil {
			return Report{}, fmt.Errorf("reading the preferences of %s (%s) to put them back afterwards failed, so nothing was run: %w", role, r.arnOf(role), err)
		}
		saved[role] = p
	}
	var rep Report
	for _, c := range Cases() {
		if opts.Only != nil && !opts.Only(c.Name) {
			continue
		}
		rep.Results = append(rep.Results, r.runCase(ctx, c))
	}
	var errs []error
	for _, role := range ownRoles {
		p := saved[role]
		put := p
		if put == nil {
			put = &types.ChannelMembershipPreferences{}
		}
		if _, err := r.put(ctx, r.arnOf(role), r.arnOf(role), put); err != nil {
			errs = append(errs, fmt.Errorf("putting back the preferences of %s (%s) failed: %w", role, r.arnOf(role), err))
			continue
		}
		rep.Restored = append(rep.Restored, string(role)+": "+describePreferences(p))
	}
	rep.RestoreErr = errors.Join(errs...)
	return rep, nil
}

// roleMember is Target.Member, for the runner's lookups.
const roleMember Role = "Member"

// runner runs cases against one target.
type runner struct {
	t Target
}

func (r *runner) arnOf(role Role) string {
	if role == roleMember {
		return r.t.Member
	}
	return r.t.arn(role)
}

// runCase runs c, or skips it when the target lacks an identity it needs.
func (r *runner) runCase(ctx context.Context, c Case) Result {
	res := Result{Case: c.Name, Expected: c.expect.String()}
	for _, need := range c.Needs {
		if r.t.arn(need) == "" {
			res.Outcome, res.Detail = Skip, "needs Target."+string(need)
			return res
		}
	}
	v := c.run(ctx, r)
	res.Observed, res.RequestID = v.observed.String(), v.observed.requestID
	switch {
	case v.observed != c.expect.withID(v.observed.requestID):
		res.Outcome = Fail
		res.Detail = "expected " + res.Expected + ", observed " + res.Observed
		if v.problem != "" {
			res.Detail += "; " + v.problem
		}
	case v.problem != "":
		res.Outcome, res.Detail = Fail, v.problem
	default:
		res.Outcome = Pass
	}
	return res
}

// answer is what a call came back with: a status and, for an error, the
// exception's name.
type answer struct {
	status    int
	exception string
	requestID string
	transport string // the call failed before an answer arrived
}

// ok is a 200 answer.
var ok = answer{status: http.StatusOK}

// refused is an error answer.
func refused(status int, exception string) answer {
	return answer{status: status, exception: exception}
}

func (a answer) withID(id string) answer { a.requestID = id; return a }

// String writes a as "200", "403 ForbiddenException" or the transport
// error.
func (a answer) String() string {
	switch {
	case a.transport != "":
		return "no answer: " + a.transport
	case a.exception != "":
		return strconv.Itoa(a.status) + " " + a.exception
	}
	return strconv.Itoa(a.status)
}

// answerOf turns a call's result into an answer; md is the output's
// ResultMetadata on success.
func answerOf(md middleware.Metadata, err error) answer {
	if err == nil {
		id, _ := chime.GetRequestID(md)
		return answer{status: http.StatusOK, requestID: id}
	}
	var re *chime.ResponseError
	var api smithy.APIError
	if errors.As(err, &re) && errors.As(err, &api) {
		return answer{status: re.HTTPStatusCode(), exception: api.ErrorCode(), requestID: re.ServiceRequestID()}
	}
	return answer{transport: err.Error()}
}

// verdict is a case's observed answer and, when something besides the
// answer is wrong, what.
type verdict struct {
	observed answer
	problem  string
}
