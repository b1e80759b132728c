package credentials

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

// LoginSource is the Source of credentials from [LoginProvider].
const LoginSource = "LoginProvider"

// loginRefreshWindow is how long before expiry the cached login
// credentials are refreshed (the AWS CLI's threshold). aws-sdk-go-v2
// refreshes only expired ones; a failed early refresh falls back to the
// still valid credentials, so no configuration that works with
// aws-sdk-go-v2 fails here.
const loginRefreshWindow = 5 * time.Minute

// LoginProvider resolves a profile's login_session (`aws login`), as
// aws-sdk-go-v2's logincreds does:
//
//   - The session is read from <CacheDir>/<hex SHA-256 of the
//     login_session value>.json, CacheDir defaulting to ~/.aws/login/cache
//     (aws-sdk-go-v2 takes it from AWS_LOGIN_CACHE_DIRECTORY). The file holds
//     the credentials themselves (accessToken: accessKeyId,
//     secretAccessKey, sessionToken, accountId, expiresAt), a refresh token,
//     the client ID and the DPoP key.
//   - Credentials that expire within 5 minutes are refreshed through the
//     sign-in service's CreateOAuth2Token (POST /v1/token, unsigned, with a
//     DPoP proof signed by the cached ES256 key) in the file's signInRegion,
//     else Region; the new credentials and refresh token are written back
//     (a new file renamed over the old one, mode 0600, other members kept).
//     When the refresh fails and the cached credentials are still valid,
//     they are used.
//   - Expired credentials that cannot be refreshed are an error that says
//     to run `aws login --profile NAME`.
//
// No request follows a redirect, responses are read up to 64 KiB, and no
// error quotes a token, a key or a response body.
type LoginProvider struct {
	// SessionName is the profile's login_session value.
	SessionName string
	// ProfileName names the profile, for error messages.
	ProfileName string
	// Region is the profile's region (the sign-in service's region), used
	// when the cached session names no signInRegion.
	Region string
	// CacheDir holds the login cache (AWS_LOGIN_CACHE_DIRECTORY). Default:
	// ~/.aws/login/cache.
	CacheDir string
	// Endpoint replaces the sign-in service's default endpoint,
	// https://<region>.signin.aws.amazon.com in the aws partition.
	Endpoint string
	// UseFIPSEndpoint and UseDualStackEndpoint select the FIPS and
	// dual-stack default endpoints.
	UseFIPSEndpoint, UseDualStackEndpoint bool
	// HTTPClient sends the requests. Default: a client that refuses
	// redirects.
	HTTPClient HTTPClient
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// SourceName returns [LoginSource].
func (p *LoginProvider) SourceName() string { return LoginSource }

func (p *LoginProvider) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *LoginProvider) loginHint() string {
	if p.ProfileName == "" {
		return "run `aws login`"
	}
	return "run `aws login --profile " + p.ProfileName + "`"
}

// Retrieve returns the cached login credentials, refreshed first when they
// expire within 5 minutes.
func (p *LoginProvider) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := p.retrieve(ctx)
	if err != nil {
		return Credentials{}, failed(LoginSource, err)
	}
	return c, nil
}

func (p *LoginProvider) retrieve(ctx context.Context) (Credentials, error) {
	session := strings.TrimSpace(p.SessionName)
	if session == "" {
		return Credentials{}, errorf("profile %q has an empty login_session", p.ProfileName)
	}
	path, err := p.cachePath(session)
	if err != nil {
		return Credentials{}, err
	}
	t, err := loadLoginToken(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Credentials{}, errorf("no cached login session at %s (login_session %q): %s", path, session, p.loginHint())
	}
	if err != nil {
		return Credentials{}, errorf("%v: %s", err, p.loginHint())
	}
	now := p.now()
	if now.Add(loginRefreshWindow).Before(t.access.ExpiresAt) {
		return t.credentials(), nil
	}
	refreshed, rerr := p.refresh(ctx, path, t, now)
	switch {
	case rerr == nil:
		return refreshed.credentials(), nil
	case now.Before(t.access.ExpiresAt):
		return t.credentials(), nil
	}
	return Credentials{}, errorf("the cached credentials of login_session %q expired at %s and could not be refreshed (%v): %s",
		session, t.access.ExpiresAt.UTC().Format(time.RFC3339), rerr, p.loginHint())
}

// cachePath returns <dir>/<hex SHA-256 of session>.json.
func (p *LoginProvider) cachePath(session string) (string, error) {
	dir := p.CacheDir
	if dir == "" {
		home := p.UserHomeDir
		if home == nil {
			home = os.UserHomeDir
		}
		h, err := home()
		if err != nil || h == "" {
			return "", errorf("cannot locate the login cache ~/.aws/login/cache: the home directory is unknown (%v); set AWS_LOGIN_CACHE_DIRECTORY", err)
		}
		dir = filepath.Join(h, ".aws", "login", "cache")
	}
	sum := sha256.Sum256([]byte(session))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json"), nil
}

// loginAccessToken is the cached credentials.
type loginAccessToken struct {
	AccessKeyID, SecretAccessKey, SessionToken, AccountID string
	ExpiresAt                                             time.Time
}

// loginCachedToken is the login cache file.
type loginCachedToken struct {
	access                                        loginAccessToken
	refreshToken, clientID, dpopKey, signInRegion string
	// members holds every member of the file, for the rewrite.
	members []jsonMember
}

// loadLoginToken reads and checks the cache file at path. Errors name the
// file and the member at fault, never a value.
func loadLoginToken(path string) (loginCachedToken, error) {
	b, err := filecap.Read(path, nil)
	if err != nil {
		return loginCachedToken{}, err
	}
	var t loginCachedToken
	if t.members, err = readJSONObject(b); err != nil {
		return loginCachedToken{}, errorf("the cached login session %s is not a JSON object", path)
	}
	if raw := member(t.members, "accessToken"); raw != nil {
		var exp string
		access, err := readJSONObject(raw)
		bad := "accessToken"
		if err == nil {
			bad = stringMembers(access, []string{"accessKeyId", "secretAccessKey", "sessionToken", "accountId", "expiresAt"},
				&t.access.AccessKeyID, &t.access.SecretAccessKey, &t.access.SessionToken, &t.access.AccountID, &exp)
		}
		if bad == "" && exp != "" {
			if t.access.ExpiresAt, err = time.Parse(time.RFC3339, exp); err != nil {
				bad = "expiresAt"
			}
		}
		if bad != "" {
			return loginCachedToken{}, errorf("the cached login session %s: member accessToken is not an object of strings with an RFC 3339 expiresAt (at %s)", path, bad)
		}
	}
	if bad := stringMembers(t.members, []string{"refreshToken", "clientId", "dpopKey", "signInRegion"},
		&t.refreshToken, &t.clientID, &t.dpopKey, &t.signInRegion); bad != "" {
		return loginCachedToken{}, errorf("the cached login session %s: member %s is not a string", path, bad)
	}
	if missing := t.missing(); missing != "" {
		return loginCachedToken{}, errorf("the cached login session %s lacks %s", path, missing)
	}
	return t, nil
}

// missing names the first required member that is empty, as
// aws-sdk-go-v2 checks them, or returns "".
func (t loginCachedToken) missing() string {
	for _, m := range []struct{ name, value string }{
		{"accessToken.accessKeyId", t.access.AccessKeyID},
		{"accessToken.secretAccessKey", t.access.SecretAccessKey},
		{"accessToken.sessionToken", t.access.SessionToken},
		{"accessToken.accountId", t.access.AccountID},
		{"clientId", t.clientID},
		{"refreshToken", t.refreshToken},
		{"dpopKey", t.dpopKey},
	} {
		if m.value == "" {
			return m.name
		}
	}
	if t.access.ExpiresAt.IsZero() {
		return "accessToken.expiresAt"
	}
	return ""
}

func (t loginCachedToken) credentials() Credentials {
	return Credentials{
		AccessKeyID:     t.access.AccessKeyID,
		SecretAccessKey: t.access.SecretAccessKey,
		SessionToken:    t.access.SessionToken,
		Source:          LoginSource,
		CanExpire:       true,
		Expires:         t.access.ExpiresAt,
		AccountID:       t.access.AccountID,
	}
}

// encode returns the file's new content: every member read, accessToken
// (the five members aws-sdk-go-v2 writes, expiresAt in UTC) and
// refreshToken replaced.
func (t loginCachedToken) encode() []byte {
	a := t.access
	access := appendJSONObject(nil, []jsonMember{
		{name: "accessKeyId", raw: jsonStringValue(a.AccessKeyID)},
		{name: "secretAccessKey", raw: jsonStringValue(a.SecretAccessKey)},
		{name: "sessionToken", raw: jsonStringValue(a.SessionToken)},
		{name: "accountId", raw: jsonStringValue(a.AccountID)},
		{name: "expiresAt", raw: jsonStringValue(a.ExpiresAt.UTC().Format(time.RFC3339))},
	})
	m := setMember(t.members, "accessToken", access)
	m = setMember(m, "refreshToken", jsonStringValue(t.refreshToken))
	return appendJSONObject(nil, m)
}

// updateLoginToken puts the credentials and refresh token of
// CreateOAuth2Token's answer body (its token output is the HTTP payload:
// {"accessToken":{"accessKeyId","secretAccessKey","sessionToken"},
// "expiresIn","refreshToken","idToken","tokenType"}) into t, as
// aws-sdk-go-v2 does: expiresAt = now + expiresIn, accountId kept.
func updateLoginToken(t loginCachedToken, body []byte, now time.Time) (loginCachedToken, error) {
	answer, err := readJSONObject(body)
	if err != nil {
		return t, errorf("answered HTTP 200 with a body that is not its JSON answer (%d bytes)", len(body))
	}
	access, aerr := readJSONObject(member(answer, "accessToken"))
	expiresIn, present, ok := jsonInt(member(answer, "expiresIn"))
	if aerr != nil || !present || !ok {
		return t, errorf("answered without accessToken or expiresIn")
	}
	a := &t.access
	if stringMembers(access, []string{"accessKeyId", "secretAccessKey", "sessionToken"}, &a.AccessKeyID, &a.SecretAccessKey, &a.SessionToken) != "" ||
		stringMembers(answer, []string{"refreshToken"}, &t.refreshToken) != "" {
		return t, errorf("answered HTTP 200 with a body that is not its JSON answer (%d bytes)", len(body))
	}
	a.ExpiresAt = now.Add(time.Duration(expiresIn) * time.Second)
	if missing := t.missing(); missing != "" {
		return t, errorf("answered without %s", missing)
	}
	return t, nil
}

// refresh calls CreateOAuth2Token with a DPoP proof and writes the new
// session to path.
func (p *LoginProvider) refresh(ctx context.Context, path string, t loginCachedToken, now time.Time) (loginCachedToken, error) {
	const op = "Sign-In CreateOAuth2Token"
	endpoint := p.Endpoint
	if endpoint == "" {
		region := t.signInRegion
		if region == "" {
			region = p.Region
		}
		if region == "" {
			return t, errorf("no region to call the sign-in service in: set the profile's region")
		}
		var err error
		if endpoint, err = signInEndpoint(region, p.UseFIPSEndpoint, p.UseDualStackEndpoint); err != nil {
			return t, err
		}
	}
	url := strings.TrimRight(endpoint, "/") + "/v1/token"
	key, err := parseDPoPKey(t.dpopKey)
	if err != nil {
		return t, err
	}
	body := stringObject("clientId", t.clientID, "grantType", "refresh_token", "refreshToken", t.refreshToken)
	res, err := sendRESTJSONAttempts(ctx, p.HTTPClient, restJSONCall{
		op: op, method: http.MethodPost, url: url, body: body,
		// Each attempt signs its own proof: RFC 9449 section 11.1 lets a
		// server reject a proof whose jti it has seen.
		header: func() (map[string]string, error) {
			proof, err := dpopProof(key, url, p.now())
			if err != nil {
				return nil, errorf("sign the DPoP proof: %v", err)
			}
			return map[string]string{"Content-Type": "application/json", "DPoP": proof}, nil
		},
		// The refresh token may be single-use: after a network error the
		// server may have spent it, so only a 5xx answer is retried.
		retryNetworkErrors: false,
	})
	if err != nil {
		return t, err
	}
	if res.status != http.StatusOK {
		e := restJSONError(op, res)
		if why := loginAccessDenied(e); why != "" {
			return t, errorf("%v: %s", e, why)
		}
		return t, e
	}
	if t, err = updateLoginToken(t, res.body, now); err != nil {
		return t, errorf("%s %v", op, err)
	}
	if err := writeFileAtomic(path, t.encode()); err != nil {
		return t, errorf("write the refreshed login session to %s: %v", path, stripPathErr(err))
	}
	return t, nil
}

// loginAccessDenied explains the OAuth error of an AccessDeniedException,
// as aws-sdk-go-v2 and the AWS CLI do, or returns "".
func loginAccessDenied(e *restJSONServiceError) string {
	if e.code != "AccessDeniedException" {
		return ""
	}
	switch e.oauthError {
	case "TOKEN_EXPIRED":
		return "the login session has expired"
	case "USER_CREDENTIALS_CHANGED":
		return "the password changed since the login"
	case "INSUFFICIENT_PERMISSIONS":
		return "the identity lacks permission for signin:CreateOAuth2Token"
	}
	return ""
}
