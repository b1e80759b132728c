// Package migration is a typical application of aws-sdk-go-v2's
// service/chimesdkmessaging: it keeps the push-notification preferences of
// channel members in step with a directory. This file is the original,
// written for aws-sdk-go-v2; app.go is the same application moved to
// chimekit, changed only as the README's migration table says.
package migration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/types"
)

// UserAgentKey and Version name this application in the User-Agent of
// its calls.
const (
	UserAgentKey = "prefsync"
	Version      = "1.4.2"
)

// LoadClient builds the client from the shared configuration (environment,
// profiles, SSO, instance roles...). loadOpts tune the loading.
func LoadClient(ctx context.Context, loadOpts ...func(*config.LoadOptions) error) (*chimesdkmessaging.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	cfg.APIOptions = append(cfg.APIOptions, awsmiddleware.AddUserAgentKeyValue(UserAgentKey, Version))
	return awsv2.NewFromConfig(cfg, func(o *chimesdkmessaging.Options) {
		o.ClientLogMode = awsv2.ClientLogMode(aws.LogRetries)
	}), nil
}

// StaticConfig is what NewClient needs where no shared configuration exists.
type StaticConfig struct {
	Region          string
	Endpoint        string
	AccessKeyID     string
	SecretAccessKey string
	HTTPClient      *http.Client
	Logger          logging.Logger
	MaxBackoff      time.Duration
	UseFIPS         bool
}

// NewClient builds the client from explicit options.
func NewClient(c StaticConfig) *chimesdkmessaging.Client {
	if c.MaxBackoff == 0 {
		c.MaxBackoff = 20 * time.Second
	}
	fips := aws.FIPSEndpointStateDisabled
	if c.UseFIPS {
		fips = aws.FIPSEndpointStateEnabled
	}
	return awsv2.New(chimesdkmessaging.Options{
		Region:        c.Region,
		BaseEndpoint:  aws.String(c.Endpoint),
		Credentials:   awsv2.CredentialsProvider(aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, ""))),
		HTTPClient:    c.HTTPClient,
		RetryMode:     awsv2.RetryMode(aws.RetryModeStandard),
		Logger:        c.Logger,
		ClientLogMode: awsv2.ClientLogMode(aws.LogRetries | aws.LogRequest),
		EndpointOptions: chimesdkmessaging.EndpointResolverOptions{
			UseFIPSEndpoint:      awsv2.FIPSEndpointState(fips),
			UseDualStackEndpoint: awsv2.DualStackEndpointState(aws.DualStackEndpointStateDisabled),
		},
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.MaxBackoff = c.MaxBackoff
		}),
		APIOptions: []func(*middleware.Stack) error{
			awsmiddleware.AddUserAgentKeyValue(UserAgentKey, Version),
		},
	}, chimesdkmessaging.WithAPIOptions(awsmiddleware.AddUserAgentKey("static-config")))
}

// APIVersion is the version of the Chime SDK Messaging API the application
// was built against, for its start-up log line.
func APIVersion() string { return chimesdkmessaging.ServiceAPIVersion }

// Result is what a call reports besides its output.
type Result struct {
	RequestID string
	Attempts  int
}

func resultOf(md middleware.Metadata) Result {
	var r Result
	r.RequestID, _ = awsmiddleware.GetRequestIDMetadata(md)
	if attempts, ok := retry.GetAttemptResults(md); ok {
		r.Attempts = len(attempts.Results)
	}
	return r
}

// SetPreferences sets the member's push notifications, trying at most
// maxAttempts times (0: the client's default).
func SetPreferences(ctx context.Context, client *chimesdkmessaging.Client, channelArn, memberArn string,
	allow types.AllowNotifications, maxAttempts int,
) (Result, error) {
	out, err := client.PutChannelMembershipPreferences(ctx, &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn:  aws.String(channelArn),
		MemberArn:   aws.String(memberArn),
		ChimeBearer: aws.String(memberArn),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: allow},
		},
	}, func(o *chimesdkmessaging.Options) {
		if maxAttempts > 0 {
			o.Retryer = retry.AddWithMaxAttempts(o.Retryer, maxAttempts)
		}
	})
	if err != nil {
		return Result{}, err
	}
	return resultOf(out.ResultMetadata), nil
}

// GetPreferences reads the member's push notification setting; "" when
// the member has set none.
func GetPreferences(ctx context.Context, client *chimesdkmessaging.Client, channelArn, memberArn string) (types.AllowNotifications, Result, error) {
	out, err := client.GetChannelMembershipPreferences(ctx, &chimesdkmessaging.GetChannelMembershipPreferencesInput{
		ChannelArn:  aws.String(channelArn),
		MemberArn:   aws.String(memberArn),
		ChimeBearer: aws.String(memberArn),
	}, func(o *chimesdkmessaging.Options) {
		o.RetryMaxAttempts = 2
	})
	if err != nil {
		return "", Result{}, err
	}
	var allow types.AllowNotifications
	if out.Preferences != nil && out.Preferences.PushNotifications != nil {
		allow = out.Preferences.PushNotifications.AllowNotifications
	}
	return allow, resultOf(out.ResultMetadata), nil
}

// Failure is how the application reports a failed call.
type Failure struct {
	Kind      string // which exception, or "other"
	Retry     bool   // worth trying again later
	Status    int
	RequestID string
	Service   string
	Attempts  int // when the client gave up after its maximum attempts
}

// Describe classifies the error of a call.
func Describe(err error) Failure {
	f := Failure{Kind: "other"}
	var invalid smithy.InvalidParamsError
	if errors.As(err, &invalid) {
		f.Kind = "InvalidParams"
		return f
	}
	var op *smithy.OperationError
	if errors.As(err, &op) && op.Service() == chimesdkmessaging.ServiceID {
		f.Service = op.Service()
	}
	var maxAttempts *retry.MaxAttemptsError
	if errors.As(err, &maxAttempts) {
		f.Attempts = maxAttempts.Attempt
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		f.Status = re.HTTPStatusCode()
		f.RequestID = re.ServiceRequestID()
	}
	var (
		badRequest   *types.BadRequestException
		conflict     *types.ConflictException
		forbidden    *types.ForbiddenException
		failure      *types.ServiceFailureException
		unavailable  *types.ServiceUnavailableException
		throttled    *types.ThrottledClientException
		unauthorized *types.UnauthorizedClientException
	)
	switch {
	case errors.As(err, &badRequest):
		f.Kind = "BadRequest"
	case errors.As(err, &conflict):
		f.Kind, f.Retry = "Conflict", true
	case errors.As(err, &forbidden):
		f.Kind = "Forbidden"
	case errors.As(err, &failure):
		f.Kind, f.Retry = "ServiceFailure", true
	case errors.As(err, &unavailable):
		f.Kind, f.Retry = "ServiceUnavailable", true
	case errors.As(err, &throttled):
		f.Kind, f.Retry = "Throttled", true
	case errors.As(err, &unauthorized):
		f.Kind = "Unauthorized"
	}
	return f
}
