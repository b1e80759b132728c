package credentials_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

func TestEnvProvider(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		wantErr       string
		notConfigured bool
		want          credentials.Credentials
	}{
		{
			name: "full",
			env:  map[string]string{"AWS_ACCESS_KEY_ID": testKeyID, "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_SESSION_TOKEN": testToken},
			want: credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: testToken, Source: credentials.EnvSource},
		},
		{
			name: "legacy names",
			env:  map[string]string{"AWS_ACCESS_KEY": testKeyID, "AWS_SECRET_KEY": testSecret},
			want: credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, Source: credentials.EnvSource},
		},
		{
			name: "modern names win over legacy",
			env:  map[string]string{"AWS_ACCESS_KEY_ID": testKeyID, "AWS_ACCESS_KEY": "OTHER", "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_SECRET_KEY": "other"},
			want: credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, Source: credentials.EnvSource},
		},
		{name: "nothing set", env: map[string]string{}, notConfigured: true, wantErr: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"},
		// aws-sdk-go-v2 passes half a pair over; so does the chain.
		{name: "only id", env: map[string]string{"AWS_ACCESS_KEY_ID": testKeyID}, notConfigured: true, wantErr: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not, so both are ignored"},
		{name: "only secret", env: map[string]string{"AWS_SECRET_ACCESS_KEY": testSecret}, notConfigured: true, wantErr: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not, so both are ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &credentials.EnvProvider{Getenv: envOf(tt.env)}
			got, err := p.Retrieve(context.Background())
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Equal(t, tt.notConfigured, errorsIsNotConfigured(err))
				assertNoSecret(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assertNoSecret(t, got)
		})
	}
}

func TestEnvProviderDefaultsToProcessEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", testKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
	got, err := credentials.NewEnvProvider().Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, testKeyID, got.AccessKeyID)
}
