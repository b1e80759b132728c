package types

// AllowNotifications says which push notifications a member receives. The
// set of values is open: a value the service adds later is kept as is.
type AllowNotifications string

// Enum values for AllowNotifications.
const (
	// AllowNotificationsAll delivers every push notification.
	AllowNotificationsAll AllowNotifications = "ALL"
	// AllowNotificationsNone delivers none.
	AllowNotificationsNone AllowNotifications = "NONE"
	// AllowNotificationsFiltered delivers only the notifications that match
	// the FilterRule.
	AllowNotificationsFiltered AllowNotifications = "FILTERED"
)

// Values returns the known values of AllowNotifications. The list may grow in
// later versions; do not rely on its order.
func (AllowNotifications) Values() []AllowNotifications {
	return []AllowNotifications{"ALL", "NONE", "FILTERED"}
}

// ErrorCode is the Code member of the service's error bodies.
type ErrorCode string

// Enum values for ErrorCode.
const (
	ErrorCodeBadRequest                           ErrorCode = "BadRequest"
	ErrorCodeConflict                             ErrorCode = "Conflict"
	ErrorCodeForbidden                            ErrorCode = "Forbidden"
	ErrorCodeNotFound                             ErrorCode = "NotFound"
	ErrorCodePreconditionFailed                   ErrorCode = "PreconditionFailed"
	ErrorCodeResourceLimitExceeded                ErrorCode = "ResourceLimitExceeded"
	ErrorCodeServiceFailure                       ErrorCode = "ServiceFailure"
	ErrorCodeAccessDenied                         ErrorCode = "AccessDenied"
	ErrorCodeServiceUnavailable                   ErrorCode = "ServiceUnavailable"
	ErrorCodeThrottled                            ErrorCode = "Throttled"
	ErrorCodeThrottling                           ErrorCode = "Throttling"
	ErrorCodeUnauthorized                         ErrorCode = "Unauthorized"
	ErrorCodeUnprocessable                        ErrorCode = "Unprocessable"
	ErrorCodeVoiceConnectorGroupAssociationsExist ErrorCode = "VoiceConnectorGroupAssociationsExist"
	ErrorCodePhoneNumberAssociationsExist         ErrorCode = "PhoneNumberAssociationsExist"
)

// Values returns the known values of ErrorCode. The list may grow in later
// versions; do not rely on its order.
func (ErrorCode) Values() []ErrorCode {
	return []ErrorCode{
		"BadRequest", "Conflict", "Forbidden", "NotFound", "PreconditionFailed",
		"ResourceLimitExceeded", "ServiceFailure", "AccessDenied", "ServiceUnavailable",
		"Throttled", "Throttling", "Unauthorized", "Unprocessable",
		"VoiceConnectorGroupAssociationsExist", "PhoneNumberAssociationsExist",
	}
}
