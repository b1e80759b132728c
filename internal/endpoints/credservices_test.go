package endpoints

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected URLs follow the STS, SSO and SSO OIDC endpoint rule sets
// (aws-sdk-go-v2 service/sts, service/sso and service/ssooidc endpoints.go).
func TestResolveCredentialService(t *testing.T) {
	tests := []struct {
		svc         CredentialService
		region      string
		fips, stack bool
		want        string
	}{
		{STS, "us-east-1", false, false, "https://sts.us-east-1.amazonaws.com"},
		{STS, "eu-west-3", false, false, "https://sts.eu-west-3.amazonaws.com"},
		{STS, "aws-global", false, false, "https://sts.amazonaws.com"},
		{STS, "us-east-1", true, false, "https://sts-fips.us-east-1.amazonaws.com"},
		{STS, "us-east-1", false, true, "https://sts.us-east-1.api.aws"},
		{STS, "us-east-1", true, true, "https://sts-fips.us-east-1.api.aws"},
		{STS, "us-gov-west-1", true, false, "https://sts.us-gov-west-1.amazonaws.com"},
		{STS, "us-gov-west-1", false, false, "https://sts.us-gov-west-1.amazonaws.com"},
		{STS, "cn-northwest-1", false, false, "https://sts.cn-northwest-1.amazonaws.com.cn"},
		{STS, "cn-north-1", false, true, "https://sts.cn-north-1.api.amazonwebservices.com.cn"},
		{STS, "us-iso-east-1", false, false, "https://sts.us-iso-east-1.c2s.ic.gov"},
		{SSOPortal, "eu-west-1", false, false, "https://portal.sso.eu-west-1.amazonaws.com"},
		{SSOPortal, "us-east-1", true, false, "https://portal.sso-fips.us-east-1.amazonaws.com"},
		{SSOPortal, "us-gov-east-1", true, false, "https://portal.sso.us-gov-east-1.amazonaws.com"},
		{SSOOIDC, "eu-west-1", false, false, "https://oidc.eu-west-1.amazonaws.com"},
		{SSOOIDC, "ap-south-1", false, true, "https://oidc.ap-south-1.api.aws"},
		{SSOOIDC, "us-east-1", true, true, "https://oidc-fips.us-east-1.api.aws"},
	}
	for _, tt := range tests {
		got, err := ResolveCredentialService(tt.svc, tt.region, tt.fips, tt.stack)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%v %s fips=%v dualstack=%v", tt.svc, tt.region, tt.fips, tt.stack)
	}
	_, err := ResolveCredentialService(STS, "", false, false)
	assert.EqualError(t, err, "Invalid Configuration: Missing Region")
	_, err = ResolveCredentialService(SSOPortal, "evil.example/x", false, false)
	assert.ErrorContains(t, err, `invalid region "evil.example/x"`)
}
