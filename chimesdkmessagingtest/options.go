package chimesdkmessagingtest

import (
	"time"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// Defaults of a [Service] built without options.
const (
	DefaultRegion          = "us-east-1"
	DefaultAccountID       = "111122223333"
	DefaultAccessKeyID     = "AKIAFAKECHIMESDKTEST"
	DefaultSecretAccessKey = "fake/chime/sdk/messaging/secret/key/0000"
	// DefaultMaxBodyBytes bounds a request body; a larger body is answered
	// with BadRequestException.
	DefaultMaxBodyBytes = 64 << 10
	// MaxClockSkew is how far a request's X-Amz-Date may be from the
	// service's clock, as in AWS.
	MaxClockSkew = 5 * time.Minute
)

// Option configures a [Service] (and so a [Server]).
type Option func(*config)

type config struct {
	region    string
	accountID string
	// creds are the options' credentials; NewService moves them into
	// Service.secrets and clears them here.
	creds    credentials.Credentials
	now      func() time.Time
	onChange func(State) error
	onCommit func([]Change) error
	maxBody  int64
	seed     uint64
}

func defaultConfig() config {
	return config{
		region:    DefaultRegion,
		accountID: DefaultAccountID,
		creds: credentials.Credentials{
			AccessKeyID:     DefaultAccessKeyID,
			SecretAccessKey: DefaultSecretAccessKey,
			Source:          "chimesdkmessagingtest",
		},
		now:     time.Now,
		maxBody: DefaultMaxBodyBytes,
		seed:    1,
	}
}

// WithRegion sets the region the service runs in: it is the region ARNs
// are built with and the one signatures must be scoped to.
func WithRegion(region string) Option { return func(c *config) { c.region = region } }

// WithAccountID sets the 12-digit account ID used in the ARNs the service
// builds.
func WithAccountID(accountID string) Option { return func(c *config) { c.accountID = accountID } }

// WithCredentials sets the only credentials the service accepts. When
// sessionToken is not empty, requests must carry it in
// X-Amz-Security-Token.
func WithCredentials(accessKeyID, secretAccessKey, sessionToken string) Option {
	return func(c *config) {
		c.creds.AccessKeyID = accessKeyID
		c.creds.SecretAccessKey = secretAccessKey
		c.creds.SessionToken = sessionToken
	}
}

// WithClock replaces time.Now as the service's clock; it decides whether a
// request's signing time is within [MaxClockSkew] and drives the rate
// limit.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithOnChange registers fn to be called for every change of the state (an
// accepted PutChannelMembershipPreferences or a seeding method), with the
// state as the change makes it, before the change is made and
// acknowledged. Calls are serialised and in order, so fn can persist each
// State by writing a temporary file and renaming it.
//
// The change is made only when fn returns nil. When fn returns an error
// (the disk is full, the file cannot be written) the state stays exactly
// as it was, in memory, and so on disk if fn left its file alone: Get and
// Snapshot keep answering the old value; the request is answered with 500
// ServiceFailureException and a seeding method returns fn's error. While
// fn runs, readers see the state before the change. fn may read the
// service (Snapshot, Preferences) but must not change it.
func WithOnChange(fn func(State) error) Option { return func(c *config) { c.onChange = fn } }

// WithOnCommit registers fn to be called with every change of the state
// (an accepted PutChannelMembershipPreferences or a seeding method) before
// the change is made and acknowledged: a persister writes the records the
// changes name, not the whole state, so its cost does not grow with what
// is stored. Puts that arrive while fn runs wait and go to the next call
// together, in the order they were accepted, so a persister can make each
// call one transaction with one sync (group commit); a seeding change
// goes alone. Calls are serialised and in order.
//
// The changes of a call are made only when fn returns nil. When fn returns
// an error, none of them is made; the requests are answered with 500
// ServiceFailureException and a seeding method returns fn's error. While
// fn runs, readers see the state before the changes. fn may read the
// service (Snapshot, Preferences) but must not change it.
//
// With [WithOnChange] too, each change is handed to fn alone, then to the
// WithOnChange hook.
func WithOnCommit(fn func(changes []Change) error) Option {
	return func(c *config) { c.onCommit = fn }
}

// WithMaxBodyBytes bounds the request body (default [DefaultMaxBodyBytes]).
func WithMaxBodyBytes(n int64) Option { return func(c *config) { c.maxBody = n } }

// WithRandSeed seeds the random source that [Service.FailFraction] draws
// from, so a run that fails a fraction of requests is repeatable.
func WithRandSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }
