package chimesdkmessagingtest

import (
	"errors"
	"fmt"
	"net/http"
)

// preferencesOutput is the response body of both operations.
type preferencesOutput struct {
	ChannelArn  string       `json:"ChannelArn"`
	Member      memberOutput `json:"Member"`
	Preferences *Preferences `json:"Preferences,omitempty"`
}

type memberOutput struct {
	Arn  string `json:"Arn"`
	Name string `json:"Name,omitempty"`
}

// serveOperation validates the request, applies the service's rules and,
// for Put, stores the preferences; it writes the response and returns its
// status.
func (s *Service) serveOperation(w http.ResponseWriter, r *http.Request, rt routeMatch, body []byte) int {
	req, apiErr := parseRequest(r, rt, body)
	if apiErr != nil {
		return writeAPIError(w, apiErr)
	}
	var out preferencesOutput
	plan := func(st *store) (Change, error) {
		ch, member, apiErr := st.authorize(req)
		if apiErr != nil {
			return Change{}, apiErr
		}
		prefs := ch.members[req.memberArn]
		if req.op == opPut {
			prefs = req.preferences
		}
		out = preferencesOutput{
			ChannelArn:  ch.arn,
			Member:      memberOutput{Arn: member.arn, Name: member.name},
			Preferences: prefs.clone(),
		}
		if req.op == opGet {
			return Change{}, nil
		}
		return Change{Op: OpPutChannelMembershipPreferences, ChannelArn: ch.arn, Arn: req.memberArn, Preferences: req.preferences}, nil
	}
	var err error
	if req.op == opPut {
		err = s.commit(plan, true)
	} else {
		s.mu.Lock()
		_, err = plan(s.st)
		s.mu.Unlock()
	}
	var pe *persistError
	switch {
	case errors.As(err, &pe):
		return writeAPIError(w, newAPIError(ServiceFailureException, "the change could not be persisted and was not made; retry the call: "+pe.Error()))
	case err != nil:
		return writeAPIError(w, err.(*apiError))
	}
	return writeJSON(w, out)
}

// authorize applies the service's rules to a syntactically valid request
// and returns the channel and the member. See the package documentation
// for the table of rules.
func (st *store) authorize(req *request) (*channel, *identity, *apiError) {
	verb := "set"
	if req.op == opGet {
		verb = "read"
	}
	ch, ok := st.channels[req.channelArn]
	if !ok {
		return nil, nil, newAPIError(BadRequestException, fmt.Sprintf("channel %s does not exist; check ChannelArn", req.channelArn))
	}
	bearer, ok := st.identities[req.bearer]
	if !ok {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf("ChimeBearer %s is not an existing AppInstanceUser or AppInstanceBot", req.bearer))
	}
	if app, _ := appInstanceOfIdentity(bearer.arn); app != ch.appInstance {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf("ChimeBearer %s belongs to another app instance than channel %s", req.bearer, ch.arn))
	}
	if ch.bans[bearer.arn] {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf("ChimeBearer %s is banned from channel %s", req.bearer, ch.arn))
	}
	if req.bearer != req.memberArn {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf(
			"ChimeBearer %s is %s, but only the member itself can %s its channel membership preferences; set ChimeBearer to MemberArn %s",
			req.bearer, st.roleIn(ch, bearer), verb, req.memberArn))
	}
	if _, ok := ch.members[req.memberArn]; !ok {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf("%s is not a member of channel %s; only members have channel membership preferences", req.memberArn, ch.arn))
	}
	return ch, bearer, nil
}

// roleIn names what bearer is to ch, its strongest role first, for the
// Forbidden message of a bearer that is not the member.
func (st *store) roleIn(ch *channel, bearer *identity) string {
	kind := "an AppInstanceUser"
	if bearer.bot {
		kind = "an AppInstanceBot"
	}
	_, member := ch.members[bearer.arn]
	switch {
	case st.appInstances[ch.appInstance].admins[bearer.arn]:
		return "an AppInstanceAdmin"
	case ch.moderators[bearer.arn]:
		return "a moderator of the channel"
	case member:
		return kind + " and another member of the channel"
	}
	return kind + " that is not a member of the channel"
}
