// Package exceptions is the one table of Chime SDK Messaging's modelled
// exceptions: each one's name, the HTTP status the service answers it with
// (the model's httpError trait), and the constructor of its Go type. The
// client's error decoding and the fake service both read it.
package exceptions

import (
	"net/http"
	"strings"

	"github.com/chimekit/chimesdkmessaging/types"
)

// Exception is one modelled exception.
type Exception struct {
	// Name is the exception's shape name, e.g. "ForbiddenException".
	Name string
	// Status is the HTTP status the service answers it with.
	Status int
	// Code is the ErrorCode value the service puts in the body's Code
	// member with it.
	Code types.ErrorCode
	// New returns the exception as its types.* value.
	New func(code types.ErrorCode, message *string) error
}

// All lists the modelled exceptions of the API model's shapes.
var All = [...]Exception{
	{"BadRequestException", http.StatusBadRequest, types.ErrorCodeBadRequest, func(c types.ErrorCode, m *string) error {
		return &types.BadRequestException{Code: c, Message: m}
	}},
	{"ConflictException", http.StatusConflict, types.ErrorCodeConflict, func(c types.ErrorCode, m *string) error {
		return &types.ConflictException{Code: c, Message: m}
	}},
	{"UnauthorizedClientException", http.StatusUnauthorized, types.ErrorCodeUnauthorized, func(c types.ErrorCode, m *string) error {
		return &types.UnauthorizedClientException{Code: c, Message: m}
	}},
	{"ForbiddenException", http.StatusForbidden, types.ErrorCodeForbidden, func(c types.ErrorCode, m *string) error {
		return &types.ForbiddenException{Code: c, Message: m}
	}},
	{"ThrottledClientException", http.StatusTooManyRequests, types.ErrorCodeThrottled, func(c types.ErrorCode, m *string) error {
		return &types.ThrottledClientException{Code: c, Message: m}
	}},
	{"ServiceUnavailableException", http.StatusServiceUnavailable, types.ErrorCodeServiceUnavailable, func(c types.ErrorCode, m *string) error {
		return &types.ServiceUnavailableException{Code: c, Message: m}
	}},
	{"ServiceFailureException", http.StatusInternalServerError, types.ErrorCodeServiceFailure, func(c types.ErrorCode, m *string) error {
		return &types.ServiceFailureException{Code: c, Message: m}
	}},
}

// ByName returns the exception whose name equals name without regard to
// case.
func ByName(name string) (Exception, bool) {
	for _, e := range All {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Exception{}, false
}

// ByStatus returns the exception the service answers with status.
func ByStatus(status int) (Exception, bool) {
	for _, e := range All {
		if e.Status == status {
			return e, true
		}
	}
	return Exception{}, false
}
