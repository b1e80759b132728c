package credentials

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// STS defaults, as aws-sdk-go-v2's STS client has them.
const (
	// STSMaxAttempts is how many times an STS call is tried: aws-sdk-go-v2's
	// standard retryer makes 3 attempts.
	STSMaxAttempts = 3
	// stsAttemptTimeout bounds one STS attempt, connect included.
	stsAttemptTimeout = 30 * time.Second
	// stsMaxBackoff caps the delay between attempts (the standard
	// retryer's 20 s).
	stsMaxBackoff = 20 * time.Second
	// stsAPIVersion is the Version every STS query request carries.
	stsAPIVersion = "2011-06-15"
)

// STSOptions configure the STS calls of [AssumeRoleProvider] and
// [WebIdentityRoleProvider].
//
// The endpoint is Endpoint when set, else the regional endpoint of Region:
// https://sts.{Region}.amazonaws.com (us-east-1 included: aws-sdk-go-v2
// calls the regional endpoint there too), with the partition's DNS suffix,
// FIPS and dual-stack forms (see the internal endpoints package).
type STSOptions struct {
	// Region selects the regional endpoint and signs AssumeRole.
	Region string
	// UseFIPSEndpoint and UseDualStackEndpoint select those endpoint forms.
	UseFIPSEndpoint, UseDualStackEndpoint bool
	// Endpoint replaces the regional endpoint (AWS_ENDPOINT_URL_STS, a
	// services section's sts endpoint_url), e.g. http://127.0.0.1:8080.
	Endpoint string
	// HTTPClient sends the requests; an *http.Client is used through a copy
	// that never follows a redirect. Default: a client with the
	// environment's proxy settings that never follows a redirect.
	HTTPClient HTTPClient
	// MaxAttempts bounds the attempts per call. Default: [STSMaxAttempts].
	MaxAttempts int
	// RetryDelay returns the pause before retry number attempt (1, 2, ...).
	// Default: a random duration up to 2^attempt seconds, at most 20 s, as
	// aws-sdk-go-v2's standard retryer waits.
	RetryDelay func(attempt int) time.Duration
	// Now is the clock used to sign. Default: time.Now.
	Now func() time.Time
}

// STSError is an error answer of STS: the query protocol's ErrorResponse.
//
// Code is STS's error code (e.g. AccessDenied, ExpiredTokenException,
// InvalidIdentityToken, IDPCommunicationError, RegionDisabledException);
// Message is STS's message, shortened and with anything that looks like key
// material removed.
type STSError struct {
	// Operation is AssumeRole or AssumeRoleWithWebIdentity.
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code and Message come from the ErrorResponse body.
	Code, Message string
	// RequestID is STS's request ID, for AWS support.
	RequestID string
}

// Error names the operation, code, status, message and request ID.
func (e *STSError) Error() string {
	s := "STS " + e.Operation + " answered HTTP " + strconv.Itoa(e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " (request ID " + e.RequestID + ")"
	}
	return s
}

// ErrorCode returns Code, as smithy.APIError does.
func (e *STSError) ErrorCode() string { return e.Code }

// stsRetryableCodes are the error codes aws-sdk-go-v2's STS client retries:
// the standard retryer's throttling and transient codes, and
// IDPCommunicationError, which service/sts adds for every operation.
// AssumeRoleWithWebIdentity also retries InvalidIdentityToken (see
// [WebIdentityRoleProvider]).
func stsRetryableCode(code string) bool {
	switch code {
	case "IDPCommunicationError",
		"Throttling", "ThrottlingException", "ThrottledException",
		"RequestThrottledException", "TooManyRequestsException",
		"ProvisionedThroughputExceededException", "TransactionInProgressException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
		"RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
		"RequestTimeout", "RequestTimeoutException":
		return true
	}
	return false
}

// stsCall is one STS query-protocol operation.
type stsCall struct {
	operation string
	params    url.Values
	// signer is nil for AssumeRoleWithWebIdentity, which is unsigned.
	signer Provider
	// extraRetryable is one more retryable code (InvalidIdentityToken).
	extraRetryable string
	// secrets are request values (a web identity token, an MFA code) cut
	// from STS's message should it echo them.
	secrets []string
}

// do sends the call with retries and returns the credentials it gave.
func (o STSOptions) do(ctx context.Context, call stsCall) (Credentials, error) {
	endpoint, err := o.endpoint()
	if err != nil {
		return Credentials{}, err
	}
	form := url.Values{"Action": {call.operation}, "Version": {stsAPIVersion}}
	for k, v := range call.params {
		form[k] = v
	}
	body := []byte(form.Encode())
	var signWith Credentials
	if call.signer != nil {
		if signWith, err = call.signer.Retrieve(ctx); err != nil {
			return Credentials{}, err
		}
	}
	client := o.HTTPClient
	if client == nil {
		client = newSTSHTTPClient()
	} else {
		client = metadataClient(client)
	}
	attempts := o.MaxAttempts
	if attempts <= 0 {
		attempts = STSMaxAttempts
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	delay := o.RetryDelay
	if delay == nil {
		delay = standardRetryDelay
	}
	// STS signs as every service but S3 does (SigV4, service name "sts",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
	signer := sigv4.New()
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	for attempt := 1; ; attempt++ {
		res, err := doRequest(ctx, client, stsAttemptTimeout, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if call.signer != nil {
				keys := sigv4.Keys{AccessKeyID: signWith.AccessKeyID, SecretAccessKey: signWith.SecretAccessKey, SessionToken: signWith.SessionToken}
				if err := signer.SignHTTP(req, keys, payloadHash, "sts", o.Region, now()); err != nil {
					return nil, err
				}
			}
			return req, nil
		})
		if err == nil && res.status/100 == 2 {
			return parseSTSResponse(res.body, call.operation)
		}
		retry := false
		switch {
		case err != nil:
			var re *redirectRefused
			if errors.As(err, &re) {
				return Credentials{}, errorf("STS %s at %s %w", call.operation, redactRawURL(endpoint), err)
			}
			// A request that never got an answer (refused, reset, timed
			// out) is retried, as the standard retryer retries
			// connection errors; the caller's own cancellation is not.
			err = errorf("STS %s at %s: %w", call.operation, redactRawURL(endpoint), stripURLFromErr(err))
			retry = ctx.Err() == nil
		default:
			se := parseSTSError(res, call.operation)
			for _, sec := range call.secrets {
				if sec != "" {
					se.Message = strings.ReplaceAll(se.Message, sec, "[redacted]")
				}
			}
			se.Message = scrub(se.Message, 200)
			err = se
			retry = res.status == 500 || res.status == 502 || res.status == 503 || res.status == 504 ||
				stsRetryableCode(se.Code) || (se.Code != "" && se.Code == call.extraRetryable)
		}
		if !retry || attempt >= attempts {
			return Credentials{}, err
		}
		if werr := sleepCtx(ctx, delay(attempt)); werr != nil {
			return Credentials{}, err
		}
	}
}

// endpoint returns the URL requests go to.
func (o STSOptions) endpoint() (string, error) {
	if o.Endpoint != "" {
		return o.Endpoint, nil
	}
	ep, err := endpoints.ResolveCredentialService(endpoints.STS, o.Region, o.UseFIPSEndpoint, o.UseDualStackEndpoint)
	if err != nil {
		return "", errorf("resolve the STS endpoint: %v; set AWS_REGION or the profile's region (STS is called in the configured region)", err)
	}
	return ep, nil
}

// parseSTSResponse decodes a 2xx body into credentials: the
// <operation>Result's Credentials and AssumedRoleUser
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
func parseSTSResponse(body []byte, operation string) (Credentials, error) {
	if len(body) >= maxCredentialsBody {
		return Credentials{}, errorf("STS %s answered 64 KiB or more, the most read; STS answers are a few KB, so this is not STS (check the STS endpoint)", operation)
	}
	doc := string(body)
	result := operation + "Result"
	if _, ok := xmlOpen(doc, operation+"Response"); !ok {
		return Credentials{}, errorf("STS %s answered a body that is not its XML %sResponse (%d bytes)", operation, operation, len(body))
	}
	get := func(path ...string) string {
		v, _ := xmlText(doc, append([]string{result}, path...)...)
		return v
	}
	id, secret := get("Credentials", "AccessKeyId"), get("Credentials", "SecretAccessKey")
	if id == "" || secret == "" {
		return Credentials{}, errorf("STS %s answered without Credentials (AccessKeyId and SecretAccessKey) in its %s", operation, result)
	}
	exp, err := time.Parse(time.RFC3339, strings.TrimSpace(get("Credentials", "Expiration")))
	if err != nil {
		return Credentials{}, errorf("STS %s answered Credentials with an Expiration that is not an ISO 8601 time", operation)
	}
	source := AssumeRoleSource
	if operation == "AssumeRoleWithWebIdentity" {
		source = WebIdentitySource
	}
	return Credentials{
		AccessKeyID:     id,
		SecretAccessKey: secret,
		SessionToken:    get("Credentials", "SessionToken"),
		Source:          source,
		CanExpire:       true,
		Expires:         exp,
		AccountID:       accountFromARN(get("AssumedRoleUser", "Arn")),
	}, nil
}

// parseSTSError decodes an error answer, the query protocol's
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>;
// a body of another shape leaves Code empty and is not quoted.
func parseSTSError(res httpResult, operation string) *STSError {
	e := &STSError{Operation: operation, StatusCode: res.status}
	doc := string(res.body)
	code, _ := xmlText(doc, "ErrorResponse", "Error", "Code")
	e.Code = scrub(code, 64)
	e.Message, _ = xmlText(doc, "ErrorResponse", "Error", "Message")
	id, _ := xmlText(doc, "ErrorResponse", "RequestId")
	e.RequestID = requestID(id)
	return e
}

// requestID keeps a request ID if it looks like one (letters, digits and
// hyphens, at most 64), so that an odd body cannot smuggle text through it.
func requestID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return ""
		}
	}
	return s
}

// accountFromARN returns the account field of an ARN
// (arn:partition:service:region:account:resource), or "".
func accountFromARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// standardRetryDelay is the standard retryer's backoff: a random duration
// in [0, 2^attempt s), capped at 20 s.
func standardRetryDelay(attempt int) time.Duration {
	max := time.Duration(1<<min(attempt, 5)) * time.Second
	return min(time.Duration(rand.Float64()*float64(max)), stsMaxBackoff)
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// newSTSHTTPClient returns the default client for STS and IAM Identity
// Center: the environment's proxy, bounded connect and header waits, and no
// redirects.
func newSTSHTTPClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: stsAttemptTimeout,
			DisableKeepAlives:     true,
		},
		CheckRedirect: refuseRedirect,
	}
}
