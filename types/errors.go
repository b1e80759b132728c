package types

import (
	smithy "github.com/aws/smithy-go"
)

// The seven exceptions below are the modelled errors of
// PutChannelMembershipPreferences (GetChannelMembershipPreferences has all
// but ConflictException). Each satisfies smithy.APIError; find one with
// errors.As:
//
//	var tce *types.ThrottledClientException
//	if errors.As(err, &tce) { ... }
//
// Code is the body's ErrorCode value (e.g. "Throttled"); ErrorCode() returns
// the exception's name, which is what retry and error-handling code matches.
// As in aws-sdk-go-v2's generated types, Error() reads "<name>: <message>";
// unlike them, every method is safe on a nil receiver.

func errorText(code, msg string) string { return code + ": " + msg }

// messageOf returns *msg, or "" for nil.
func messageOf(msg *string) string {
	if msg == nil {
		return ""
	}
	return *msg
}

// codeOf returns *override when set, else name.
func codeOf(name string, override *string) string {
	if override != nil {
		return *override
	}
	return name
}

// BadRequestException: the input violates a constraint of the service (HTTP 400). Retrying the same request fails again; fix the input.
type BadRequestException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "BadRequestException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "BadRequestException: <message>".
func (e *BadRequestException) Error() string { return errorText(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message, or "".
func (e *BadRequestException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "BadRequestException", or ErrorCodeOverride when set.
func (e *BadRequestException) ErrorCode() string {
	if e == nil {
		return "BadRequestException"
	}
	return codeOf("BadRequestException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *BadRequestException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ConflictException: the request conflicts with the current state of the resource (HTTP 409).
type ConflictException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "ConflictException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "ConflictException: <message>".
func (e *ConflictException) Error() string { return errorText(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message, or "".
func (e *ConflictException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "ConflictException", or ErrorCodeOverride when set.
func (e *ConflictException) ErrorCode() string {
	if e == nil {
		return "ConflictException"
	}
	return codeOf("ConflictException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *ConflictException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UnauthorizedClientException: the caller is not currently authorized to make the request (HTTP 401).
type UnauthorizedClientException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "UnauthorizedClientException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "UnauthorizedClientException: <message>".
func (e *UnauthorizedClientException) Error() string {
	return errorText(e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the service's message, or "".
func (e *UnauthorizedClientException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "UnauthorizedClientException", or ErrorCodeOverride when set.
func (e *UnauthorizedClientException) ErrorCode() string {
	if e == nil {
		return "UnauthorizedClientException"
	}
	return codeOf("UnauthorizedClientException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *UnauthorizedClientException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ForbiddenException: the caller is permanently forbidden from making the request (HTTP 403), e.g. setting another member's preferences, or a banned member.
type ForbiddenException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "ForbiddenException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "ForbiddenException: <message>".
func (e *ForbiddenException) Error() string { return errorText(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message, or "".
func (e *ForbiddenException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "ForbiddenException", or ErrorCodeOverride when set.
func (e *ForbiddenException) ErrorCode() string {
	if e == nil {
		return "ForbiddenException"
	}
	return codeOf("ForbiddenException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *ForbiddenException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ThrottledClientException: the caller exceeded its request rate (HTTP 429). The client retries it with a throttling backoff.
type ThrottledClientException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "ThrottledClientException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "ThrottledClientException: <message>".
func (e *ThrottledClientException) Error() string { return errorText(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message, or "".
func (e *ThrottledClientException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "ThrottledClientException", or ErrorCodeOverride when set.
func (e *ThrottledClientException) ErrorCode() string {
	if e == nil {
		return "ThrottledClientException"
	}
	return codeOf("ThrottledClientException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *ThrottledClientException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ServiceUnavailableException: the service is temporarily unavailable (HTTP 503). The client retries it.
type ServiceUnavailableException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "ServiceUnavailableException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "ServiceUnavailableException: <message>".
func (e *ServiceUnavailableException) Error() string {
	return errorText(e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the service's message, or "".
func (e *ServiceUnavailableException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "ServiceUnavailableException", or ErrorCodeOverride when set.
func (e *ServiceUnavailableException) ErrorCode() string {
	if e == nil {
		return "ServiceUnavailableException"
	}
	return codeOf("ServiceUnavailableException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultServer.
func (e *ServiceUnavailableException) ErrorFault() smithy.ErrorFault { return smithy.FaultServer }

// ServiceFailureException: the service failed unexpectedly (HTTP 500). The client retries it.
type ServiceFailureException struct {
	Message *string
	Code    ErrorCode

	// ErrorCodeOverride, when set, is what ErrorCode returns instead of
	// "ServiceFailureException": the code exactly as the response named it.
	ErrorCodeOverride *string
}

// Error returns "ServiceFailureException: <message>".
func (e *ServiceFailureException) Error() string { return errorText(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message, or "".
func (e *ServiceFailureException) ErrorMessage() string {
	if e == nil {
		return ""
	}
	return messageOf(e.Message)
}

// ErrorCode returns "ServiceFailureException", or ErrorCodeOverride when set.
func (e *ServiceFailureException) ErrorCode() string {
	if e == nil {
		return "ServiceFailureException"
	}
	return codeOf("ServiceFailureException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultServer.
func (e *ServiceFailureException) ErrorFault() smithy.ErrorFault { return smithy.FaultServer }
