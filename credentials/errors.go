package credentials

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotConfigured is matched (with errors.Is) by the error a provider
// returns when its source is not set up at all, e.g. no AWS_ACCESS_KEY_ID in
// the environment. A chain skips such providers and tries the next one.
var ErrNotConfigured = errors.New("credential source not configured")

// NotConfiguredError says that a provider's source is not set up and why.
type NotConfiguredError struct {
	// Source is the provider's source name, e.g. [EnvSource].
	Source string
	// Reason says what is missing, e.g. "AWS_ACCESS_KEY_ID is not set".
	Reason string
}

func (e *NotConfiguredError) Error() string {
	return e.Source + ": not configured: " + e.Reason
}

// Is makes errors.Is(err, ErrNotConfigured) true.
func (e *NotConfiguredError) Is(target error) bool { return target == ErrNotConfigured }

// ProviderError is a failure of a configured provider.
type ProviderError struct {
	// Source is the provider's source name, e.g. [ContainerSource].
	Source string
	// Err says what went wrong. It never holds a secret.
	Err error
}

func (e *ProviderError) Error() string { return e.Source + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *ProviderError) Unwrap() error { return e.Err }

func notConfigured(source, reason string) error {
	return &NotConfiguredError{Source: source, Reason: reason}
}

func failed(source string, err error) error {
	return &ProviderError{Source: source, Err: err}
}

// scrub shortens text from an external program or server to one line of at
// most max bytes and replaces every long token that looks like key material
// (20 or more characters of letters, digits, '/', '+', '=', '_', '-', with
// at least one digit or symbol) with "[redacted]", so that an echoed secret
// does not reach an error message while words such as
// "AssumeRoleUnauthorizedAccess" stay readable.
func scrub(s string, max int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i] + " ..."
	}
	var b []byte
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isKeyChar(s[i]) {
			continue
		}
		word := s[start:i]
		if len(word) >= 20 && strings.ContainsAny(word, "0123456789/+=_-") {
			word = "[redacted]"
		}
		b = append(b, word...)
		if i < len(s) {
			b = append(b, s[i])
		}
		start = i + 1
	}
	out := string(b)
	if len(out) > max {
		out = out[:max] + "..."
	}
	return out
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '/' || c == '+' || c == '=' || c == '_' || c == '-'
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
