package awsv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
)

func TestConversions(t *testing.T) {
	t.Run("RetryMode", func(t *testing.T) {
		assert.Equal(t, chime.RetryModeStandard, awsv2.RetryMode(aws.RetryModeStandard))
		assert.Equal(t, chime.RetryModeAdaptive, awsv2.RetryMode(aws.RetryModeAdaptive))
		assert.Equal(t, chime.RetryMode(""), awsv2.RetryMode(""))
		assert.Equal(t, chime.RetryMode(""), awsv2.RetryMode("legacy"), "unknown modes mean the default")
	})
	t.Run("FIPSEndpointState", func(t *testing.T) {
		assert.Equal(t, chime.FIPSEndpointStateUnset, awsv2.FIPSEndpointState(aws.FIPSEndpointStateUnset))
		assert.Equal(t, chime.FIPSEndpointStateEnabled, awsv2.FIPSEndpointState(aws.FIPSEndpointStateEnabled))
		assert.Equal(t, chime.FIPSEndpointStateDisabled, awsv2.FIPSEndpointState(aws.FIPSEndpointStateDisabled))
	})
	t.Run("DualStackEndpointState", func(t *testing.T) {
		assert.Equal(t, chime.DualStackEndpointStateUnset, awsv2.DualStackEndpointState(aws.DualStackEndpointStateUnset))
		assert.Equal(t, chime.DualStackEndpointStateEnabled, awsv2.DualStackEndpointState(aws.DualStackEndpointStateEnabled))
		assert.Equal(t, chime.DualStackEndpointStateDisabled, awsv2.DualStackEndpointState(aws.DualStackEndpointStateDisabled))
	})
	t.Run("CredentialsProvider", func(t *testing.T) {
		assert.Nil(t, awsv2.CredentialsProvider(nil), "nil stays nil, so the first call says credentials are missing")

		static := awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, "")
		adapter, ok := awsv2.CredentialsProvider(static).(*awsv2.CredentialsAdapter)
		require.True(t, ok)
		assert.IsType(t, &aws.CredentialsCache{}, adapter.Provider, "put behind a cache, as aws-sdk-go-v2 clients do")

		cache := aws.NewCredentialsCache(static)
		adapter = awsv2.CredentialsProvider(cache).(*awsv2.CredentialsAdapter)
		assert.Same(t, cache, adapter.Provider, "a cache is used as is")
	})
}
