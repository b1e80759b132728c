package chimesdkmessagingtest

import (
	"net/http"
	"net/url"
	"strings"
)

// operation names what a request asks for.
type operation int

const (
	opPut operation = iota + 1
	opGet
)

func (o operation) String() string {
	if o == opPut {
		return "PutChannelMembershipPreferences"
	}
	return "GetChannelMembershipPreferences"
}

// routeMatch is a request matched to an operation, with its decoded labels.
type routeMatch struct {
	op         operation
	channelArn string
	memberArn  string
}

// parseRoute matches /channels/{channelArn}/memberships/{memberArn}/preferences
// on the escaped path, so that %2F inside a label stays inside it.
func parseRoute(r *http.Request) (routeMatch, *apiError) {
	raw := r.URL.EscapedPath()
	parts := strings.Split(raw, "/")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "channels" || parts[3] != "memberships" ||
		parts[5] != "preferences" || parts[2] == "" || parts[4] == "" {
		return routeMatch{}, newAPIError(UnknownOperationException,
			"no operation matches "+r.Method+" "+raw+"; this service serves PUT and GET /channels/{channelArn}/memberships/{memberArn}/preferences")
	}
	var op operation
	switch r.Method {
	case http.MethodPut:
		op = opPut
	case http.MethodGet:
		op = opGet
	default:
		return routeMatch{}, newAPIError(UnknownOperationException,
			"no operation matches method "+r.Method+" on "+raw+"; use PUT (PutChannelMembershipPreferences) or GET (GetChannelMembershipPreferences)")
	}
	ch, err1 := url.PathUnescape(parts[2])
	mem, err2 := url.PathUnescape(parts[4])
	if err1 != nil || err2 != nil {
		return routeMatch{}, newAPIError(BadRequestException, "the path labels are not valid percent-encoding; encode ChannelArn and MemberArn with RFC 3986 unreserved characters left alone")
	}
	return routeMatch{op: op, channelArn: ch, memberArn: mem}, nil
}
