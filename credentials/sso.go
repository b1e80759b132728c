package credentials

import (
	"context"
	"errors"
	"time"
)

// SSOSource is the Source of credentials from [SSOProvider].
const SSOSource = "SSOProvider"

// SSOProvider gets role credentials from IAM Identity Center (the SSO
// portal's GetRoleCredentials) with the access token that `aws sso login`
// cached.
//
// SKELETON: the contract between the shared-config resolution and the SSO
// implementation; Retrieve is implemented on the sso branch.
type SSOProvider struct {
	// AccountID is the profile's sso_account_id.
	AccountID string
	// RoleName is the profile's sso_role_name.
	RoleName string
	// Region is sso_region: where the portal and SSO OIDC are called.
	Region string
	// StartURL is sso_start_url.
	StartURL string
	// SessionName is the sso_session section's name; empty for a legacy
	// profile (start URL and region in the profile itself, no refresh).
	SessionName string
	// ProfileName names the profile, for "run aws sso login --profile NAME".
	ProfileName string
	// CacheDir holds the token cache. Default: ~/.aws/sso/cache.
	CacheDir string
	// PortalEndpoint replaces https://portal.sso.<Region>.<dnsSuffix>
	// (AWS_ENDPOINT_URL_SSO, a services section's sso).
	PortalEndpoint string
	// OIDCEndpoint replaces https://oidc.<Region>.<dnsSuffix>
	// (AWS_ENDPOINT_URL_SSO_OIDC, a services section's sso_oidc).
	OIDCEndpoint string
	// HTTPClient sends the requests. Default: a client that refuses
	// redirects.
	HTTPClient HTTPClient
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// SourceName returns [SSOSource].
func (p *SSOProvider) SourceName() string { return SSOSource }

// Retrieve is not implemented yet (skeleton).
func (p *SSOProvider) Retrieve(ctx context.Context) (Credentials, error) {
	return Credentials{}, failed(SSOSource, errors.New("SSO is not implemented yet"))
}
