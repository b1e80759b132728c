package chimesdkmessagingtest

import (
	"time"

	"github.com/chimekit/chimesdkmessaging"
)

// Backoff of the clients made by [Server.Client]: retries happen after a
// few milliseconds instead of seconds, so tests of retried faults stay fast.
const (
	clientBaseDelay         = 2 * time.Millisecond
	clientThrottleBaseDelay = 5 * time.Millisecond
	clientMaxBackoff        = 20 * time.Millisecond
)

// Client returns a client wired to the server: BaseEndpoint is URL, Region
// and Credentials are the ones the server accepts, HTTPClient is closed
// with the server, and the standard retryer backs off by milliseconds.
// optFns change these options as in chimesdkmessaging.New.
func (s *Server) Client(optFns ...func(*chimesdkmessaging.Options)) *chimesdkmessaging.Client {
	url := s.URL
	opts := chimesdkmessaging.Options{
		Region:       s.Region(),
		BaseEndpoint: &url,
		Credentials:  s.CredentialsProvider(),
		HTTPClient:   s.HTTPClient(),
		Retryer: chimesdkmessaging.NewStandardRetryer(func(o *chimesdkmessaging.StandardRetryerOptions) {
			o.BaseDelay = clientBaseDelay
			o.ThrottleBaseDelay = clientThrottleBaseDelay
			o.MaxBackoff = clientMaxBackoff
		}),
	}
	return chimesdkmessaging.New(opts, optFns...)
}
