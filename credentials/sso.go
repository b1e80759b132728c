package credentials

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SSOSource is the Source of credentials from [SSOProvider].
const SSOSource = "SSOProvider"

// SSOProvider gets role credentials from IAM Identity Center (the SSO
// portal's GetRoleCredentials) with the access token that `aws sso login`
// cached, as aws-sdk-go-v2's ssocreds does:
//
//   - The token is read from <CacheDir>/<hex SHA-1 of the key>.json, the
//     key being SessionName (an sso_session profile) or StartURL (a legacy
//     profile), CacheDir defaulting to ~/.aws/sso/cache.
//   - For an sso_session profile, a token that has expired or expires
//     within 5 minutes is refreshed through SSO OIDC CreateToken with the
//     cached refresh token, and the new token is written back to the file
//     (a new file renamed over the old one, mode 0600, every other member
//     kept). When the refresh fails and the token is still valid, the token
//     is used.
//   - An expired token that cannot be refreshed (a legacy profile, no
//     refresh token, a failed refresh) is an error that says to run
//     `aws sso login --profile NAME`.
//   - GetRoleCredentials is GET <portal>/federation/credentials with the
//     token in the x-amz-sso_bearer_token header, unsigned.
//
// No request follows a redirect, responses are read up to 64 KiB, and no
// error quotes a token or a response body.
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
	// UseFIPSEndpoint and UseDualStackEndpoint select the FIPS and
	// dual-stack default endpoints (use_fips_endpoint,
	// use_dualstack_endpoint), as for the other services.
	UseFIPSEndpoint, UseDualStackEndpoint bool
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

func (p *SSOProvider) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

// Retrieve reads (and, for an sso_session, refreshes) the cached token and
// calls GetRoleCredentials.
func (p *SSOProvider) Retrieve(ctx context.Context) (Credentials, error) {
	token, err := p.accessToken(ctx)
	if err != nil {
		return Credentials{}, failed(SSOSource, err)
	}
	c, err := p.roleCredentials(ctx, token)
	if err != nil {
		return Credentials{}, failed(SSOSource, err)
	}
	return c, nil
}

// loginHint tells how to get a new token.
func (p *SSOProvider) loginHint() string {
	switch {
	case p.ProfileName != "":
		return "run `aws sso login --profile " + p.ProfileName + "`"
	case p.SessionName != "":
		return "run `aws sso login --sso-session " + p.SessionName + "`"
	}
	return "run `aws sso login`"
}

// accessToken returns a valid access token from the cache, refreshed first
// when it is an sso_session's and expires within ssoTokenRefreshWindow.
func (p *SSOProvider) accessToken(ctx context.Context) (string, error) {
	key, what := p.StartURL, "sso_start_url"
	if p.SessionName != "" {
		key, what = p.SessionName, "sso_session"
	}
	switch {
	case key == "":
		return "", errorf("profile %q has neither sso_session nor sso_start_url", p.ProfileName)
	case p.AccountID == "" || p.RoleName == "":
		return "", errorf("profile %q lacks sso_account_id or sso_role_name", p.ProfileName)
	case p.Region == "":
		return "", errorf("profile %q has no sso_region", p.ProfileName)
	}
	path, err := ssoTokenCachePath(p.CacheDir, key, p.UserHomeDir)
	if err != nil {
		return "", err
	}
	t, err := loadSSOToken(path)
	if errors.Is(err, errNoCachedToken) {
		return "", errorf("%v (the token cache of %s %q): %s", err, what, key, p.loginHint())
	}
	if err != nil {
		return "", errorf("%v: %s", err, p.loginHint())
	}
	now := p.now()
	if p.SessionName == "" {
		if t.expired(now) {
			return "", errorf("the cached SSO token of sso_start_url %q expired at %s and a legacy profile (no sso_session) cannot refresh it: %s", key, t.expiresAt.UTC().Format(time.RFC3339), p.loginHint())
		}
		return t.accessToken, nil
	}
	if !now.Add(ssoTokenRefreshWindow).After(t.expiresAt) {
		return t.accessToken, nil
	}
	refreshed, rerr := p.refresh(ctx, path, t)
	switch {
	case rerr == nil:
		return refreshed.accessToken, nil
	case !t.expired(now):
		return t.accessToken, nil
	}
	return "", errorf("the cached SSO token of sso_session %q expired at %s and could not be refreshed (%v): %s", key, t.expiresAt.UTC().Format(time.RFC3339), rerr, p.loginHint())
}

// refresh calls CreateToken and writes the new token to path.
func (p *SSOProvider) refresh(ctx context.Context, path string, t ssoCachedToken) (ssoCachedToken, error) {
	endpoint := p.OIDCEndpoint
	if endpoint == "" {
		var err error
		if endpoint, err = ssoServiceEndpoint(ssoOIDCHost, p.Region, p.UseFIPSEndpoint, p.UseDualStackEndpoint); err != nil {
			return t, err
		}
	}
	t, err := refreshSSOToken(ctx, p.HTTPClient, endpoint, t, p.now)
	if err != nil {
		return t, err
	}
	if err := writeFileAtomic(path, t.encode()); err != nil {
		return t, errorf("write the refreshed SSO token to %s: %v", path, stripPathErr(err))
	}
	return t, nil
}

// stripPathErr keeps the cause of an *os.PathError-like error whose path
// is already named (a temporary file's name tells the reader nothing).
func stripPathErr(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap()
	}
	return err
}

// roleCredentials calls GetRoleCredentials with token.
func (p *SSOProvider) roleCredentials(ctx context.Context, token string) (Credentials, error) {
	endpoint := p.PortalEndpoint
	if endpoint == "" {
		var err error
		if endpoint, err = ssoServiceEndpoint(ssoPortalHost, p.Region, p.UseFIPSEndpoint, p.UseDualStackEndpoint); err != nil {
			return Credentials{}, err
		}
	}
	q := "account_id=" + url.QueryEscape(p.AccountID) + "&role_name=" + url.QueryEscape(p.RoleName)
	const op = "SSO GetRoleCredentials"
	res, err := doRESTJSON(ctx, p.HTTPClient, op, http.MethodGet, strings.TrimRight(endpoint, "/")+"/federation/credentials?"+q, nil,
		map[string]string{"x-amz-sso_bearer_token": token})
	if err != nil {
		return Credentials{}, err
	}
	if res.status != http.StatusOK {
		e := restJSONError(op, res)
		if e.code == "UnauthorizedException" {
			return Credentials{}, errorf("%v; the SSO session may have ended: %s", e, p.loginHint())
		}
		return Credentials{}, e
	}
	c, ok := parseRoleCredentials(res.body)
	switch {
	case !ok:
		return Credentials{}, errorf("%s answered HTTP 200 with a body that is not its JSON answer (%d bytes)", op, len(res.body))
	case c.AccessKeyID == "" || c.SecretAccessKey == "":
		return Credentials{}, errorf("%s answered without accessKeyId or secretAccessKey", op)
	}
	c.AccountID = p.AccountID
	return c, nil
}

// parseRoleCredentials reads GetRoleCredentials' answer
// (https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html):
// {"roleCredentials":{"accessKeyId","secretAccessKey","sessionToken",
// "expiration"}}, the expiration in milliseconds since the epoch.
func parseRoleCredentials(body []byte) (Credentials, bool) {
	outer, err := readJSONObject(body)
	if err != nil {
		return Credentials{}, false
	}
	rc, err := readJSONObject(member(outer, "roleCredentials"))
	if err != nil {
		return Credentials{}, false
	}
	c := Credentials{Source: SSOSource, CanExpire: true}
	if stringMembers(rc, []string{"accessKeyId", "secretAccessKey", "sessionToken"}, &c.AccessKeyID, &c.SecretAccessKey, &c.SessionToken) != "" {
		return Credentials{}, false
	}
	ms, _, ok := jsonInt(member(rc, "expiration"))
	if !ok {
		return Credentials{}, false
	}
	c.Expires = time.UnixMilli(ms).UTC()
	return c, true
}
