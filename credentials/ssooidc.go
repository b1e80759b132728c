package credentials

import (
	"context"
	"encoding/json"
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

// ssoCreateTokenAnswer is the part of SSO OIDC's CreateToken answer that a
// refresh uses
// (https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html).
type ssoCreateTokenAnswer struct {
	AccessToken  string `json:"accessToken"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
}

// refreshSSOToken exchanges t's refresh token for a new access token
// through SSO OIDC CreateToken at endpoint and returns t updated as
// aws-sdk-go-v2 updates it: the new access token, expiresAt = now +
// expiresIn, and the refresh token of the answer.
func refreshSSOToken(ctx context.Context, c HTTPClient, endpoint string, t ssoCachedToken, now func() time.Time) (ssoCachedToken, error) {
	if t.clientID == "" || t.clientSecret == "" || t.refreshToken == "" {
		return t, errorf("the cached SSO token has no clientId, clientSecret or refreshToken to refresh it with")
	}
	body, err := json.Marshal(struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
		GrantType    string `json:"grantType"`
		RefreshToken string `json:"refreshToken"`
	}{t.clientID, t.clientSecret, "refresh_token", t.refreshToken})
	if err != nil {
		return t, err
	}
	const op = "SSO OIDC CreateToken"
	res, err := doRESTJSON(ctx, c, op, http.MethodPost, strings.TrimRight(endpoint, "/")+"/token", body,
		map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return t, err
	}
	if res.status != http.StatusOK {
		return t, restJSONError(op, res)
	}
	var a ssoCreateTokenAnswer
	if json.Unmarshal(res.body, &a) != nil {
		return t, errorf("%s answered HTTP 200 with a body that is not its JSON answer (%d bytes)", op, len(res.body))
	}
	if a.AccessToken == "" || a.ExpiresIn <= 0 {
		return t, errorf("%s answered without accessToken or expiresIn", op)
	}
	t.accessToken, t.refreshToken = a.AccessToken, a.RefreshToken
	t.expiresAt = now().Add(time.Duration(a.ExpiresIn) * time.Second)
	return t, nil
}
