package awsv2_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
)

// fakeHTTPClient is a distinct HTTPClient whose identity the tests compare.
type fakeHTTPClient struct{ name string }

func (*fakeHTTPClient) Do(*http.Request) (*http.Response, error) { return nil, http.ErrNotSupported }

// nopLogger is a distinct logger whose identity the tests compare.
type nopLogger struct{ name string }

func (*nopLogger) Logf(logging.Classification, string, ...any) {}

func adapterOf(t *testing.T, o chime.Options) *awsv2.CredentialsAdapter {
	t.Helper()
	a, ok := o.Credentials.(*awsv2.CredentialsAdapter)
	require.True(t, ok, "Credentials is %T, want *awsv2.CredentialsAdapter", o.Credentials)
	return a
}

func TestNewFromConfigMapsEachField(t *testing.T) {
	httpClient := &fakeHTTPClient{name: "from cfg"}
	logger := &nopLogger{name: "from cfg"}
	cache := aws.NewCredentialsCache(awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""))
	tests := []struct {
		name  string
		cfg   aws.Config
		check func(t *testing.T, o chime.Options)
	}{
		{"Region", aws.Config{Region: "eu-central-1"}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, "eu-central-1", o.Region)
		}},
		{"BaseEndpoint", aws.Config{BaseEndpoint: aws.String("https://proxy.example/prefix")}, func(t *testing.T, o chime.Options) {
			require.NotNil(t, o.BaseEndpoint)
			assert.Equal(t, "https://proxy.example/prefix", *o.BaseEndpoint)
		}},
		{"no BaseEndpoint", aws.Config{}, func(t *testing.T, o chime.Options) {
			assert.Nil(t, o.BaseEndpoint)
		}},
		{"FIPS from LoadOptions source", aws.Config{ConfigSources: []any{config.LoadOptions{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}}}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.FIPSEndpointStateEnabled, o.EndpointOptions.UseFIPSEndpoint)
			assert.Equal(t, chime.DualStackEndpointStateUnset, o.EndpointOptions.UseDualStackEndpoint)
		}},
		{"FIPS disabled from env source", aws.Config{ConfigSources: []any{config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateDisabled}}}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.FIPSEndpointStateDisabled, o.EndpointOptions.UseFIPSEndpoint)
		}},
		{"dual-stack from shared config source", aws.Config{ConfigSources: []any{config.SharedConfig{UseDualStackEndpoint: aws.DualStackEndpointStateEnabled}}}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.DualStackEndpointStateEnabled, o.EndpointOptions.UseDualStackEndpoint)
			assert.Equal(t, chime.FIPSEndpointStateUnset, o.EndpointOptions.UseFIPSEndpoint)
		}},
		{"first source that sets a switch wins", aws.Config{ConfigSources: []any{
			config.LoadOptions{},
			config.EnvConfig{UseDualStackEndpoint: aws.DualStackEndpointStateDisabled},
			config.SharedConfig{UseDualStackEndpoint: aws.DualStackEndpointStateEnabled, UseFIPSEndpoint: aws.FIPSEndpointStateEnabled},
		}}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.DualStackEndpointStateDisabled, o.EndpointOptions.UseDualStackEndpoint)
			assert.Equal(t, chime.FIPSEndpointStateEnabled, o.EndpointOptions.UseFIPSEndpoint)
		}},
		{"RetryMaxAttempts", aws.Config{RetryMaxAttempts: 7}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, 7, o.RetryMaxAttempts)
			assert.Equal(t, 7, o.Retryer.MaxAttempts())
		}},
		{"RetryMode adaptive", aws.Config{RetryMode: aws.RetryModeAdaptive}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.RetryModeAdaptive, o.RetryMode)
		}},
		{"RetryMode standard", aws.Config{RetryMode: aws.RetryModeStandard}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.RetryModeStandard, o.RetryMode)
		}},
		{"Retryer", aws.Config{Retryer: func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) { so.MaxAttempts = 9 })
		}}, func(t *testing.T, o chime.Options) {
			assert.IsType(t, &retry.Standard{}, o.Retryer)
			assert.Equal(t, 9, o.Retryer.MaxAttempts())
		}},
		{"Credentials cache kept as is", aws.Config{Credentials: cache}, func(t *testing.T, o chime.Options) {
			assert.Same(t, cache, adapterOf(t, o).Provider)
		}},
		{"other Credentials wrapped in a cache", aws.Config{Credentials: awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, "")}, func(t *testing.T, o chime.Options) {
			c, ok := adapterOf(t, o).Provider.(*aws.CredentialsCache)
			require.True(t, ok, "Provider is %T", adapterOf(t, o).Provider)
			assert.True(t, c.IsCredentialsProvider(awscreds.StaticCredentialsProvider{}))
		}},
		{"anonymous Credentials not wrapped", aws.Config{Credentials: aws.AnonymousCredentials{}}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, aws.AnonymousCredentials{}, adapterOf(t, o).Provider)
		}},
		{"no Credentials", aws.Config{}, func(t *testing.T, o chime.Options) {
			assert.Nil(t, o.Credentials)
		}},
		{"HTTPClient", aws.Config{HTTPClient: httpClient}, func(t *testing.T, o chime.Options) {
			assert.Same(t, httpClient, o.HTTPClient)
		}},
		{"no HTTPClient keeps the default", aws.Config{}, func(t *testing.T, o chime.Options) {
			assert.IsType(t, &http.Client{}, o.HTTPClient)
		}},
		{"Logger", aws.Config{Logger: logger}, func(t *testing.T, o chime.Options) {
			assert.Same(t, logger, o.Logger)
		}},
		{"ClientLogMode", aws.Config{ClientLogMode: aws.LogRetries | aws.LogResponseWithBody | aws.LogDeprecatedUsage}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, chime.LogRetries|chime.LogResponseWithBody|chime.LogDeprecatedUsage, o.ClientLogMode)
		}},
		{"DisableClockSkewCorrection", aws.Config{DisableClockSkewCorrection: true}, func(t *testing.T, o chime.Options) {
			assert.True(t, o.DisableClockSkewCorrection)
		}},
		{"AppID", aws.Config{AppID: "billing-svc"}, func(t *testing.T, o chime.Options) {
			assert.Equal(t, "billing-svc", o.AppID)
		}},
		{"APIOptions copied after the compatibility ones", aws.Config{APIOptions: []func(*middleware.Stack) error{
			markerAPIOption,
		}}, func(t *testing.T, o chime.Options) {
			require.NotEmpty(t, o.APIOptions)
			last := o.APIOptions[len(o.APIOptions)-1]
			assert.Equal(t, reflect.ValueOf(markerAPIOption).Pointer(), reflect.ValueOf(last).Pointer())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, awsv2.NewFromConfig(tt.cfg).Options())
		})
	}
}

func TestNewFromConfigCopiesBaseEndpoint(t *testing.T) {
	cfg := aws.Config{BaseEndpoint: aws.String("https://a.example")}
	client := awsv2.NewFromConfig(cfg)
	*cfg.BaseEndpoint = "https://changed.example"
	assert.Equal(t, "https://a.example", *client.Options().BaseEndpoint)
}

func TestClientLogModeEachBit(t *testing.T) {
	tests := []struct {
		in   aws.ClientLogMode
		want chime.ClientLogMode
	}{
		{0, 0},
		{aws.LogSigning, chime.LogSigning},
		{aws.LogRetries, chime.LogRetries},
		{aws.LogRequest, chime.LogRequest},
		{aws.LogRequestWithBody, chime.LogRequestWithBody},
		{aws.LogResponse, chime.LogResponse},
		{aws.LogResponseWithBody, chime.LogResponseWithBody},
		{aws.LogDeprecatedUsage, chime.LogDeprecatedUsage},
		{aws.LogRequestEventMessage, chime.LogRequestEventMessage},
		{aws.LogResponseEventMessage, chime.LogResponseEventMessage},
		{
			aws.LogSigning | aws.LogRetries | aws.LogRequest | aws.LogRequestWithBody | aws.LogResponse | aws.LogResponseWithBody,
			chime.LogSigning | chime.LogRetries | chime.LogRequest | chime.LogRequestWithBody | chime.LogResponse | chime.LogResponseWithBody,
		},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, awsv2.ClientLogMode(tt.in), "aws mode %b", uint64(tt.in))
	}
}

func TestNewFromConfigExplicitOptionsWin(t *testing.T) {
	cfgHTTP, optHTTP := &fakeHTTPClient{name: "cfg"}, &fakeHTTPClient{name: "opt"}
	cfgLogger, optLogger := &nopLogger{name: "cfg"}, &nopLogger{name: "opt"}
	optCreds := awsv2.NewCredentialsAdapter(awscreds.NewStaticCredentialsProvider("AKIDOPT", "opt-secret", ""))
	cfg := aws.Config{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String("https://cfg.example"),
		ConfigSources:    []any{config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled, UseDualStackEndpoint: aws.DualStackEndpointStateEnabled}},
		RetryMaxAttempts: 5,
		RetryMode:        aws.RetryModeAdaptive,
		Credentials:      awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""),
		HTTPClient:       cfgHTTP,
		Logger:           cfgLogger,
		ClientLogMode:    aws.LogRequest,
		AppID:            "cfg-app",
	}
	client := awsv2.NewFromConfig(cfg, func(o *chime.Options) {
		o.Region = "eu-west-1"
		o.BaseEndpoint = nil
		o.EndpointOptions.UseFIPSEndpoint = chime.FIPSEndpointStateDisabled
		o.EndpointOptions.UseDualStackEndpoint = chime.DualStackEndpointStateDisabled
		o.RetryMaxAttempts = 2
		o.RetryMode = chime.RetryModeStandard
		o.Credentials = optCreds
		o.HTTPClient = optHTTP
		o.Logger = optLogger
		o.ClientLogMode = chime.LogRetries
		o.AppID = "opt-app"
	}, func(o *chime.Options) {
		o.AppID += "-2" // later optFns see and override earlier ones
	})
	o := client.Options()
	assert.Equal(t, "eu-west-1", o.Region)
	assert.Nil(t, o.BaseEndpoint)
	assert.Equal(t, chime.FIPSEndpointStateDisabled, o.EndpointOptions.UseFIPSEndpoint)
	assert.Equal(t, chime.DualStackEndpointStateDisabled, o.EndpointOptions.UseDualStackEndpoint)
	assert.Equal(t, 2, o.RetryMaxAttempts)
	assert.Equal(t, 2, o.Retryer.MaxAttempts())
	assert.Equal(t, chime.RetryModeStandard, o.RetryMode)
	assert.Same(t, optCreds, o.Credentials)
	assert.Same(t, optHTTP, o.HTTPClient)
	assert.Same(t, optLogger, o.Logger)
	assert.Equal(t, chime.LogRetries, o.ClientLogMode)
	assert.Equal(t, "opt-app-2", o.AppID)
}

func TestNewFromConfigCredentialsRetrievedOncePerExpiry(t *testing.T) {
	calls := 0
	cfg := aws.Config{Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		calls++
		return aws.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, CanExpire: true, Expires: time.Now().Add(time.Hour)}, nil
	})}
	creds := awsv2.NewFromConfig(cfg).Options().Credentials
	for range 3 {
		_, err := creds.Retrieve(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, 1, calls, "NewFromConfig must put a non-cache provider behind aws.CredentialsCache")
}

// markerAPIOption is an APIOption recognisable by its function pointer.
func markerAPIOption(*middleware.Stack) error { return nil }
