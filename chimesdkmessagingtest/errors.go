package chimesdkmessagingtest

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/chimekit/chimesdkmessaging/internal/exceptions"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Exception names the fake answers with. The first seven are the modelled
// errors of PutChannelMembershipPreferences; the others are what AWS's
// front end answers before an operation runs.
const (
	BadRequestException                 = "BadRequestException"
	ConflictException                   = "ConflictException"
	UnauthorizedClientException         = "UnauthorizedClientException"
	ForbiddenException                  = "ForbiddenException"
	ThrottledClientException            = "ThrottledClientException"
	ServiceUnavailableException         = "ServiceUnavailableException"
	ServiceFailureException             = "ServiceFailureException"
	UnrecognizedClientException         = "UnrecognizedClientException"
	InvalidSignatureException           = "InvalidSignatureException"
	IncompleteSignatureException        = "IncompleteSignatureException"
	MissingAuthenticationTokenException = "MissingAuthenticationTokenException"
	UnknownOperationException           = "UnknownOperationException"
)

// exceptionInfo is the HTTP status and body Code of one exception.
type exceptionInfo struct {
	status int
	code   types.ErrorCode
}

// lookupException returns the status and ErrorCode (the Code member of the
// body) of the exception called name: the client's exception table for the
// modelled exceptions, and the service's authentication errors.
func lookupException(name string) (exceptionInfo, bool) {
	if e, ok := exceptions.ByName(name); ok && e.Name == name {
		return exceptionInfo{e.Status, e.Code}, true // the modelled seven
	}
	switch name {
	case UnrecognizedClientException, InvalidSignatureException,
		IncompleteSignatureException, MissingAuthenticationTokenException:
		return exceptionInfo{http.StatusForbidden, types.ErrorCodeAccessDenied}, true
	case UnknownOperationException:
		return exceptionInfo{http.StatusNotFound, types.ErrorCodeNotFound}, true
	}
	return exceptionInfo{}, false
}

// apiError is an error the fake answers with: an exception name and a
// message saying why.
type apiError struct {
	exception string
	message   string
}

func (e *apiError) Error() string { return e.exception + ": " + e.message }

func newAPIError(exception, message string) *apiError {
	return &apiError{exception: exception, message: message}
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	Code    types.ErrorCode `json:"Code,omitempty"`
	Message string          `json:"Message"`
}

// writeAPIError writes e as AWS does: the exception's status,
// X-Amzn-ErrorType naming the exception and {"Code":...,"Message":...}.
// x-amzn-RequestId is already set by ServeHTTP.
func writeAPIError(w http.ResponseWriter, e *apiError) int {
	info, ok := lookupException(e.exception)
	if !ok {
		info = exceptionInfo{http.StatusInternalServerError, ""}
	}
	return writeRawError(w, info.status, e.exception, info.code, e.message)
}

// writeRawError writes an error response with the given parts.
func writeRawError(w http.ResponseWriter, status int, exception string, code types.ErrorCode, message string) int {
	body, _ := json.Marshal(errorBody{Code: code, Message: message})
	h := w.Header()
	h[headerErrorType] = []string{exception}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return status
}

// writeJSON writes a 200 response with v as its JSON body.
func writeJSON(w http.ResponseWriter, v any) int {
	body, err := json.Marshal(v)
	if err != nil {
		return writeAPIError(w, newAPIError(ServiceFailureException, "the fake could not encode its response: "+err.Error()))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return http.StatusOK
}
