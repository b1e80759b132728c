package awsv2_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/credentials"
)

const (
	testAccessKeyID = "AKIDAWSV2TEST"
	testSecret      = "awsv2-secret-do-not-print"
	testToken       = "awsv2-session-token-do-not-print"
)

// Compile-time check: both the value and the pointer satisfy our Provider.
var (
	_ credentials.Provider = awsv2.CredentialsAdapter{}
	_ credentials.Provider = (*awsv2.CredentialsAdapter)(nil)
)

func TestCredentialsAdapterRetrieve(t *testing.T) {
	expires := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	tests := []struct {
		name     string
		provider aws.CredentialsProvider
		want     credentials.Credentials
	}{
		{
			name:     "static",
			provider: awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""),
			want: credentials.Credentials{
				AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret,
				Source: awscreds.StaticCredentialsName,
			},
		},
		{
			name: "expiring with session token and account",
			provider: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{
					AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, SessionToken: testToken,
					Source: "AssumeRoleProvider", CanExpire: true, Expires: expires, AccountID: "111122223333",
				}, nil
			}),
			want: credentials.Credentials{
				AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, SessionToken: testToken,
				Source: "AssumeRoleProvider", CanExpire: true, Expires: expires, AccountID: "111122223333",
			},
		},
		{
			name: "through a credentials cache",
			provider: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{
					AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret,
					Source: "SSOProvider", CanExpire: true, Expires: expires,
				}, nil
			})),
			want: credentials.Credentials{
				AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret,
				Source: "SSOProvider", CanExpire: true, Expires: expires,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := awsv2.NewCredentialsAdapter(tt.provider).Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.want.AccessKeyID, got.AccessKeyID)
			assert.Equal(t, tt.want.SecretAccessKey, got.SecretAccessKey)
			assert.Equal(t, tt.want.SessionToken, got.SessionToken)
			assert.Equal(t, tt.want.Source, got.Source)
			assert.Equal(t, tt.want.CanExpire, got.CanExpire)
			assert.True(t, tt.want.Expires.Equal(got.Expires), "Expires: want %v, got %v", tt.want.Expires, got.Expires)
			assert.Equal(t, tt.want.AccountID, got.AccountID)
		})
	}
}

func TestCredentialsAdapterErrors(t *testing.T) {
	errUpstream := errors.New("sso: token expired, run aws sso login")
	tests := []struct {
		name       string
		provider   aws.CredentialsProvider
		wantIs     error
		wantSubstr []string
	}{
		{
			name: "provider error is wrapped",
			provider: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				// A provider that returns partial values with its error must
				// not have them leak through ours.
				return aws.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret, SessionToken: testToken, Source: "SSOProvider"}, errUpstream
			}),
			wantIs:     errUpstream,
			wantSubstr: []string{"aws.CredentialsProviderFunc", "aws sso login"},
		},
		{
			name: "empty keys are refused",
			provider: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: testAccessKeyID, Source: "Broken"}, nil
			}),
			wantSubstr: []string{"no access key ID or no secret access key", `"Broken"`},
		},
		{
			name:       "anonymous credentials cannot sign",
			provider:   aws.AnonymousCredentials{},
			wantSubstr: []string{"aws.AnonymousCredentials"},
		},
		{
			name:       "nil provider",
			provider:   nil,
			wantIs:     awsv2.ErrNilProvider,
			wantSubstr: []string{"Provider is nil"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := awsv2.CredentialsAdapter{Provider: tt.provider}.Retrieve(context.Background())
			require.Error(t, err)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			for _, s := range tt.wantSubstr {
				assert.Contains(t, err.Error(), s)
			}
			assert.NotContains(t, err.Error(), testSecret)
			assert.NotContains(t, err.Error(), testToken)
			assert.Empty(t, got.SecretAccessKey, "no secret returned with an error")
			assert.Empty(t, got.SessionToken, "no token returned with an error")
			assert.Empty(t, got.AccessKeyID)
		})
	}
}

func TestCredentialsAdapterRetrieveErrorAs(t *testing.T) {
	a := awsv2.NewCredentialsAdapter(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("boom")
	}))
	_, err := a.Retrieve(context.Background())
	var re *awsv2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "aws.CredentialsProviderFunc", re.Provider)
	assert.EqualError(t, re.Err, "boom")
}

func TestCredentialsAdapterPassesContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "seen")
	var got any
	a := awsv2.NewCredentialsAdapter(aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		got = ctx.Value(key{})
		return aws.Credentials{AccessKeyID: testAccessKeyID, SecretAccessKey: testSecret}, nil
	}))
	_, err := a.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "seen", got)
}

func TestCredentialsAdapterFormatHidesSecrets(t *testing.T) {
	a := awsv2.NewCredentialsAdapter(awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, testToken))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, v := range []any{a, *a} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, testSecret, verb)
			assert.NotContains(t, out, testToken, verb)
			assert.Contains(t, out, "credentials.StaticCredentialsProvider", verb)
		}
	}
}
