package credentials

import (
	"context"
	"strconv"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

// WebIdentitySource is the Source of credentials from
// [WebIdentityRoleProvider], aws-sdk-go-v2's stscreds name.
const WebIdentitySource = "WebIdentityCredentials"

// WebIdentityRoleProvider exchanges a web identity token (an OIDC token,
// such as the service-account token EKS mounts for IRSA) for a role's
// credentials with STS AssumeRoleWithWebIdentity, an unsigned call
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
//
// The token file is read again on every Retrieve, since EKS rotates it; a
// file over 1 MiB is an error, and the token never appears in an error.
// InvalidIdentityToken and IDPCommunicationError answers are retried, as
// aws-sdk-go-v2 retries them. Wrap it in [NewCache].
type WebIdentityRoleProvider struct {
	// TokenFile is the token's path (AWS_WEB_IDENTITY_TOKEN_FILE,
	// web_identity_token_file). Required.
	TokenFile string
	// RoleARN is the role to assume (AWS_ROLE_ARN, role_arn). Required.
	RoleARN string
	// RoleSessionName names the session (AWS_ROLE_SESSION_NAME,
	// role_session_name); empty means the Unix time in nanoseconds of each
	// call, as aws-sdk-go-v2 names it.
	RoleSessionName string
	// Duration is DurationSeconds; 0 leaves it to STS (one hour).
	Duration time.Duration
	// ReadFile reads the token file. Default: the file system.
	ReadFile func(string) ([]byte, error)
	// Origin says where the settings came from, for messages: e.g.
	// "AWS_WEB_IDENTITY_TOKEN_FILE" or `profile "eks"`.
	Origin string
	// STS configures the call.
	STS STSOptions
}

// SourceName returns [WebIdentitySource].
func (p *WebIdentityRoleProvider) SourceName() string { return WebIdentitySource }

// Retrieve reads the token and assumes the role.
func (p *WebIdentityRoleProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if p.RoleARN == "" {
		return Credentials{}, failed(WebIdentitySource, errorf("web identity token file %s%s is set but no role ARN is: set AWS_ROLE_ARN (or role_arn in the profile)", p.TokenFile, p.from()))
	}
	token, err := filecap.Read(p.TokenFile, p.ReadFile)
	if err != nil {
		return Credentials{}, failed(WebIdentitySource, errorf("read the web identity token file%s: %v", p.from(), err))
	}
	name := p.RoleSessionName
	if name == "" {
		now := p.STS.Now
		if now == nil {
			now = time.Now
		}
		name = strconv.FormatInt(now().UnixNano(), 10)
	}
	params := map[string][]string{
		"RoleArn":          {p.RoleARN},
		"RoleSessionName":  {name},
		"WebIdentityToken": {string(token)},
	}
	if p.Duration != 0 {
		params["DurationSeconds"] = []string{strconv.Itoa(int(p.Duration / time.Second))}
	}
	c, err := p.STS.do(ctx, stsCall{operation: "AssumeRoleWithWebIdentity", params: params, extraRetryable: "InvalidIdentityToken", secrets: []string{string(token)}})
	if err != nil {
		return Credentials{}, failed(WebIdentitySource, errorf("assume role %s with the web identity token in %s%s: %w", p.RoleARN, p.TokenFile, p.from(), err))
	}
	return c, nil
}

func (p *WebIdentityRoleProvider) from() string {
	if p.Origin == "" {
		return ""
	}
	return " (from " + p.Origin + ")"
}

// describe is the provider's step in a resolution trail.
func (p *WebIdentityRoleProvider) describe() string {
	return "AssumeRoleWithWebIdentity " + p.RoleARN + " with the token in " + p.TokenFile + p.from()
}
