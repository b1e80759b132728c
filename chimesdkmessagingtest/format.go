package chimesdkmessagingtest

import (
	"fmt"
	"strconv"
)

// String describes the service: its region, account and access key ID.
// The secret access key and the session token are never printed.
func (s *Service) String() string {
	if s == nil {
		return "<nil>"
	}
	c := s.secrets().creds
	return "chimesdkmessagingtest.Service{Region: " + s.cfg.region + ", AccountID: " + s.cfg.accountID +
		", AccessKeyID: " + c.AccessKeyID + ", SecretAccessKey: " + redactedValue(c.SecretAccessKey) +
		", SessionToken: " + redactedValue(c.SessionToken) + "}"
}

// GoString is String, so %#v redacts as well.
func (s *Service) GoString() string { return s.String() }

// Format prints the String form under every verb (%v, %+v, %#v, %s, %q,
// %x, ...), so no formatting path reaches the service's fields and the
// secrets among them. (%p and %T are fmt's own and print the address and
// the type.)
func (s *Service) Format(f fmt.State, verb rune) { formatString(f, verb, s.String()) }

// String describes the server: its URL and its service, secrets redacted.
func (s *Server) String() string {
	if s == nil {
		return "<nil>"
	}
	return "chimesdkmessagingtest.Server{URL: " + s.URL + ", Service: " + s.Service.String() + "}"
}

// GoString is String, so %#v redacts as well.
func (s *Server) GoString() string { return s.String() }

// Format prints the String form under every verb, as [Service.Format].
func (s *Server) Format(f fmt.State, verb rune) { formatString(f, verb, s.String()) }

// formatString writes str for any verb, quoted for %q.
func formatString(f fmt.State, verb rune, str string) {
	if verb == 'q' {
		str = strconv.Quote(str)
	}
	_, _ = f.Write([]byte(str))
}

// redactedValue stands for a secret in printed output: whether it is set,
// never its value.
func redactedValue(v string) string {
	if v == "" {
		return `""`
	}
	return Redacted
}
