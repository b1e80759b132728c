package chimesdkmessagingtest

import (
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
	s.mu.Lock()
	ch, member, apiErr := s.st.authorize(req)
	if apiErr != nil {
		s.mu.Unlock()
		return writeAPIError(w, apiErr)
	}
	if req.op == opPut {
		ch.members[req.memberArn] = req.preferences.clone()
	}
	out := preferencesOutput{
		ChannelArn:  ch.arn,
		Member:      memberOutput{Arn: member.arn, Name: member.name},
		Preferences: ch.members[req.memberArn].clone(),
	}
	if req.op == opPut {
		if err := s.changedLocked(); err != nil {
			return writeAPIError(w, newAPIError(ServiceFailureException, "the change could not be persisted; retry the call: "+err.Error()))
		}
	} else {
		s.mu.Unlock()
	}
	return writeJSON(w, out)
}

// changedLocked runs the change hook, in order with other changes, and
// releases s.mu. It must be called with s.mu held.
func (s *Service) changedLocked() error {
	if s.cfg.onChange == nil {
		s.mu.Unlock()
		return nil
	}
	snap := s.st.snapshot()
	s.hookMu.Lock()
	s.mu.Unlock()
	defer s.hookMu.Unlock()
	return s.cfg.onChange(snap)
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
		role := "a caller"
		switch {
		case st.appInstances[ch.appInstance].admins[bearer.arn]:
			role = "an AppInstanceAdmin"
		case ch.moderators[bearer.arn]:
			role = "a moderator of the channel"
		}
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf(
			"ChimeBearer %s is %s, but only the member itself can %s its channel membership preferences; set ChimeBearer to MemberArn %s",
			req.bearer, role, verb, req.memberArn))
	}
	if _, ok := ch.members[req.memberArn]; !ok {
		return nil, nil, newAPIError(ForbiddenException, fmt.Sprintf("%s is not a member of channel %s; only members have channel membership preferences", req.memberArn, ch.arn))
	}
	return ch, bearer, nil
}
