package benchmarks

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	//lint:ignore SA1019 the legacy Chime service is the closest operation the module proxy serves (issue 5)
	awschime "github.com/aws/aws-sdk-go-v2/service/chime"

	chime "github.com/chimekit/chimesdkmessaging"
)

// ThrottleClient is one client configuration of the throttling scenario.
type ThrottleClient struct {
	Name string
	// Ours marks the clients of this module (their figures are checked).
	Ours bool
	// Adaptive marks adaptive retry mode.
	Adaptive bool
	newCall  func(endpoint string, hc *http.Client) call
}

// Names of the throttling scenario's clients.
const (
	OursStandard         = "ours standard"
	OursAdaptive         = "ours adaptive"
	PeerStandard         = "awsv2 standard"
	PeerAdaptive         = "awsv2 adaptive"
	PeerAdaptiveRetry429 = "awsv2 adaptive + ThrottledClientException"
)

// ThrottleClients returns the compared clients, each with its defaults but
// the retry mode: ours standard and adaptive; aws-sdk-go-v2 standard,
// adaptive, and adaptive with ThrottledClientException added to the
// retryable codes (which its defaults do not retry).
func ThrottleClients() []ThrottleClient {
	ours := func(mode chime.RetryMode) func(string, *http.Client) call {
		return func(endpoint string, hc *http.Client) call {
			return newOursCall(endpoint, hc, func(o *chime.Options) { o.RetryMode = mode })
		}
	}
	peer := func(retryer func() aws.Retryer) func(string, *http.Client) call {
		return func(endpoint string, hc *http.Client) call {
			r := retryer() // one per client, shared by its goroutines
			return newPeerCall(endpoint, hc, func(o *awschime.Options) { o.Retryer = r })
		}
	}
	return []ThrottleClient{
		{Name: OursStandard, Ours: true, newCall: ours(chime.RetryModeStandard)},
		{Name: OursAdaptive, Ours: true, Adaptive: true, newCall: ours(chime.RetryModeAdaptive)},
		{Name: PeerStandard, newCall: peer(func() aws.Retryer { return awsretry.NewStandard() })},
		{Name: PeerAdaptive, Adaptive: true, newCall: peer(func() aws.Retryer { return awsretry.NewAdaptiveMode() })},
		{Name: PeerAdaptiveRetry429, Adaptive: true, newCall: peer(func() aws.Retryer {
			return awsretry.AddWithErrorCodes(awsretry.NewAdaptiveMode(), "ThrottledClientException")
		})},
	}
}

// newThrottleHTTPClient has a connection pool large enough for goroutines
// concurrent calls.
func newThrottleHTTPClient(goroutines int) *http.Client {
	n := max(goroutines, 100)
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		IdleConnTimeout:     90 * time.Second,
	}}
}
