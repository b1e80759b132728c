package credentials

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// ssoTokenRefreshWindow is how long before its expiry an sso-session's
// access token is refreshed. aws-sdk-go-v2 refreshes only an expired token;
// refreshing a few minutes early keeps a token from expiring between the
// check and GetRoleCredentials, and a failed early refresh falls back to
// the still valid token, so no configuration that works with aws-sdk-go-v2
// fails here.
const ssoTokenRefreshWindow = 5 * time.Minute

// refreshSSOToken exchanges t's refresh token for a new access token
// through SSO OIDC CreateToken at endpoint and returns t updated as
// aws-sdk-go-v2 updates it: the new access token, expiresAt = now +
// expiresIn, and the refresh token of the answer.
func refreshSSOToken(ctx context.Context, c HTTPClient, endpoint string, t ssoCachedToken, now func() time.Time) (ssoCachedToken, error) {
	if t.clientID == "" || t.clientSecret == "" || t.refreshToken == "" {
		return t, errorf("the cached SSO token has no clientId, clientSecret or refreshToken to refresh it with")
	}
	body := stringObject("clientId", t.clientID, "clientSecret", t.clientSecret, "grantType", "refresh_token", "refreshToken", t.refreshToken)
	const op = "SSO OIDC CreateToken"
	res, err := doRESTJSON(ctx, c, op, http.MethodPost, strings.TrimRight(endpoint, "/")+"/token", body,
		map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return t, err
	}
	if res.status != http.StatusOK {
		return t, restJSONError(op, res)
	}
	// The answer
	// (https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html)
	// also has tokenType and idToken, which a refresh does not use.
	var access, refresh string
	answer, err := readJSONObject(res.body)
	expiresIn, _, intOK := jsonInt(member(answer, "expiresIn"))
	if err != nil || !intOK || stringMembers(answer, []string{"accessToken", "refreshToken"}, &access, &refresh) != "" {
		return t, errorf("%s answered HTTP 200 with a body that is not its JSON answer (%d bytes)", op, len(res.body))
	}
	if access == "" || expiresIn <= 0 {
		return t, errorf("%s answered without accessToken or expiresIn", op)
	}
	t.accessToken, t.refreshToken = access, refresh
	t.expiresAt = now().Add(time.Duration(expiresIn) * time.Second)
	return t, nil
}
