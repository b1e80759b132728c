package credentials

import (
	"context"
	"errors"
	"time"
)

// LoginSource is the Source of credentials from [LoginProvider].
const LoginSource = "LoginProvider"

// LoginProvider resolves a profile's login_session (`aws login`).
//
// SKELETON: the contract between the shared-config resolution and the
// implementation; Retrieve is implemented on the sso branch.
type LoginProvider struct {
	// SessionName is the profile's login_session value.
	SessionName string
	// ProfileName names the profile, for error messages.
	ProfileName string
	// Region is the profile's region (the sign-in service's region).
	Region string
	// CacheDir holds the login cache. Default: as the AWS CLI writes it.
	CacheDir string
	// Endpoint replaces the sign-in service's default endpoint.
	Endpoint string
	// HTTPClient sends the requests.
	HTTPClient HTTPClient
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// SourceName returns [LoginSource].
func (p *LoginProvider) SourceName() string { return LoginSource }

// Retrieve is not implemented yet (skeleton).
func (p *LoginProvider) Retrieve(ctx context.Context) (Credentials, error) {
	return Credentials{}, failed(LoginSource, errors.New("login_session is not implemented yet"))
}
