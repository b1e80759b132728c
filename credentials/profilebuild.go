package credentials

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
)

// profileBuilder turns a loaded profile chain into providers, as
// aws-sdk-go-v2's resolveCredsFromProfile does.
type profileBuilder struct {
	p     *SharedConfigProvider
	files ini.Shared
	// top is the profile the chain starts at: its region, services
	// section and ignore_configured_endpoint_urls apply to every call.
	top *profileNode
	sts *STSOptions
}

// stsOptions returns the STS settings shared by every role of the chain.
func (b *profileBuilder) stsOptions() (STSOptions, error) {
	if b.sts != nil {
		return *b.sts, nil
	}
	o, err := stsOptionsFor(b.p.STS, b.p.getenv, b.files, b.top.vals, b.p.HTTPClient)
	if err != nil {
		return STSOptions{}, err
	}
	b.sts = &o
	return o, nil
}

// stsOptionsFor completes o as aws-sdk-go-v2's STS client inside
// LoadDefaultConfig is configured: the region of the configuration
// (AWS_REGION, AWS_DEFAULT_REGION, the profile's region) and the
// configured STS endpoint (see configuredEndpoint).
func stsOptionsFor(o STSOptions, getenv func(string) string, files ini.Shared, profile map[string]ini.Value, client HTTPClient) (STSOptions, error) {
	if o.Region == "" {
		o.Region = firstNonEmpty(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), profile["region"].Value)
	}
	if o.Endpoint == "" {
		ep, err := configuredEndpoint(getenv, files, profile, "STS", "sts")
		if err != nil {
			return STSOptions{}, err
		}
		o.Endpoint = ep
	}
	if o.HTTPClient == nil {
		o.HTTPClient = client
	}
	return o, nil
}

// build returns the provider of profile n.
func (b *profileBuilder) build(n *profileNode) (Provider, error) {
	var base Provider
	var err error
	switch {
	case n.source != nil:
		base, err = b.build(n.source)
	case n.hasKeys():
		base = described{Provider: StaticCredentialsProvider{Value: Credentials{
			AccessKeyID:     n.get("aws_access_key_id"),
			SecretAccessKey: n.get("aws_secret_access_key"),
			SessionToken:    n.get("aws_session_token"),
			AccountID:       n.get("aws_account_id"),
			Source:          SharedSource,
		}}, step: "static keys of profile " + quote(n.name) + " (aws_access_key_id " + MaskAccessKeyID(n.get("aws_access_key_id")) + ", " + n.where("aws_access_key_id") + ")"}
	case n.get("credential_source") != "":
		base, err = b.credentialSource(n)
	case n.get("web_identity_token_file") != "":
		o, err := b.stsOptions()
		if err != nil {
			return nil, err
		}
		return &WebIdentityRoleProvider{
			TokenFile:       n.get("web_identity_token_file"),
			RoleARN:         n.get("role_arn"),
			RoleSessionName: n.get("role_session_name"),
			ReadFile:        b.p.ReadFile,
			Origin:          "profile " + quote(n.name),
			STS:             o,
		}, nil
	case n.hasSSO():
		base, err = b.sso(n)
	case n.get("login_session") != "":
		base, err = b.login(n)
	case n.get("credential_process") != "":
		base = described{Provider: &ProcessProvider{Command: n.get("credential_process"), Timeout: b.p.ProcessTimeout},
			step: "profile " + quote(n.name) + " credential_process (" + n.where("credential_process") + ")"}
	default:
		base = b.containerOrIMDS("profile " + quote(n.name) + " sets role_arn and no credentials, so (as aws-sdk-go-v2 does)")
	}
	if err != nil {
		return nil, err
	}
	role := n.get("role_arn")
	if role == "" {
		return base, nil
	}
	o, err := b.stsOptions()
	if err != nil {
		return nil, err
	}
	name := n.get("role_session_name")
	if name == "" {
		b.p.sessionNanos.CompareAndSwap(0, nowOf(o.Now).UnixNano())
		name = "aws-go-sdk-" + strconv.FormatInt(b.p.sessionNanos.Load(), 10)
	}
	return &AssumeRoleProvider{
		Source:           base,
		RoleARN:          role,
		RoleSessionName:  name,
		ExternalID:       n.get("external_id"),
		SerialNumber:     n.get("mfa_serial"),
		MFATokenProvider: b.p.MFATokenProvider,
		Duration:         time.Duration(roleDuration(n.get("duration_seconds"))) * time.Second,
		Profile:          n.name,
		STS:              o,
	}, nil
}

// credentialSource resolves a profile's credential_source.
func (b *profileBuilder) credentialSource(n *profileNode) (Provider, error) {
	switch v := n.get("credential_source"); v {
	case "Environment":
		id, _ := firstSet(b.p.getenv, "AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
		secret, _ := firstSet(b.p.getenv, "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
		if id == "" || secret == "" {
			return nil, errorf("profile %q sets credential_source = Environment (%s) but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set; set them", n.name, n.where("credential_source"))
		}
		return described{Provider: StaticCredentialsProvider{Value: Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: b.p.getenv("AWS_SESSION_TOKEN"), Source: EnvSource}},
			step: "environment variables (credential_source = Environment of profile " + quote(n.name) + ", AWS_ACCESS_KEY_ID " + MaskAccessKeyID(id) + ")"}, nil
	case "Ec2InstanceMetadata":
		return described{Provider: &IMDSProvider{Getenv: b.p.Getenv, HTTPClient: b.p.HTTPClient, Endpoint: b.p.IMDSEndpoint},
			step: "EC2 instance metadata (credential_source = Ec2InstanceMetadata of profile " + quote(n.name) + ")"}, nil
	case "EcsContainer":
		if b.p.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == "" && b.p.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == "" {
			return nil, errorf("profile %q sets credential_source = EcsContainer (%s) but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set", n.name, n.where("credential_source"))
		}
		return described{Provider: &ContainerProvider{Getenv: b.p.Getenv, ReadFile: b.p.ReadFile, HTTPClient: b.p.HTTPClient, RelativeHost: b.p.ContainerHost},
			step: "container credentials endpoint (credential_source = EcsContainer of profile " + quote(n.name) + ")"}, nil
	default:
		return nil, errorf("profile %q sets credential_source = %q (%s): credential_source must be EcsContainer, Ec2InstanceMetadata or Environment", n.name, v, n.where("credential_source"))
	}
}

// containerOrIMDS is the last resort of a profile with role_arn alone.
func (b *profileBuilder) containerOrIMDS(why string) Provider {
	if b.p.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != "" || b.p.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" {
		return described{Provider: &ContainerProvider{Getenv: b.p.Getenv, ReadFile: b.p.ReadFile, HTTPClient: b.p.HTTPClient, RelativeHost: b.p.ContainerHost},
			step: "container credentials endpoint (" + why + " uses the container endpoint)"}
	}
	return described{Provider: &IMDSProvider{Getenv: b.p.Getenv, HTTPClient: b.p.HTTPClient, Endpoint: b.p.IMDSEndpoint},
		step: "EC2 instance metadata (" + why + " uses instance metadata)"}
}

// sso builds the IAM Identity Center provider, checking the settings as
// aws-sdk-go-v2's validateSSOConfiguration does.
func (b *profileBuilder) sso(n *profileNode) (Provider, error) {
	sp := &SSOProvider{
		AccountID:   n.get("sso_account_id"),
		RoleName:    n.get("sso_role_name"),
		ProfileName: n.name,
		UserHomeDir: b.p.UserHomeDir,
		Now:         b.p.STS.Now,
	}
	var missing []string
	if sess := n.get("sso_session"); sess != "" {
		sp.SessionName = sess
		sp.Region = n.ssoSession["sso_region"].Value
		sp.StartURL = n.ssoSession["sso_start_url"].Value
		if sp.Region == "" {
			missing = append(missing, "sso_region")
		}
		if sp.StartURL == "" {
			missing = append(missing, "sso_start_url")
		}
		if len(missing) == 0 {
			if r := n.get("sso_region"); r != "" && r != sp.Region {
				return nil, errorf("profile %q sets sso_region = %s (%s), which must match sso_region of [sso-session %s] (%s)", n.name, r, n.where("sso_region"), sess, sp.Region)
			}
			if u := n.get("sso_start_url"); u != "" && u != sp.StartURL {
				return nil, errorf("profile %q sets sso_start_url (%s), which must match sso_start_url of [sso-session %s]", n.name, n.where("sso_start_url"), sess)
			}
		}
	} else {
		sp.Region, sp.StartURL = n.get("sso_region"), n.get("sso_start_url")
		for _, k := range []string{"sso_region", "sso_start_url", "sso_account_id", "sso_role_name"} {
			if n.get(k) == "" {
				missing = append(missing, k)
			}
		}
	}
	if len(missing) > 0 {
		return nil, errorf("profile %q is configured to use IAM Identity Center (SSO) but is missing %s; run aws configure sso --profile %s", n.name, strings.Join(missing, ", "), n.name)
	}
	o, err := b.stsOptions()
	if err != nil {
		return nil, err
	}
	sp.HTTPClient = o.HTTPClient
	if sp.PortalEndpoint, err = b.serviceEndpoint(endpoints.SSOPortal, "SSO", "sso", sp.Region); err != nil {
		return nil, err
	}
	if sp.OIDCEndpoint, err = b.serviceEndpoint(endpoints.SSOOIDC, "SSO_OIDC", "sso_oidc", sp.Region); err != nil {
		return nil, err
	}
	step := "IAM Identity Center role " + sp.RoleName + " in account " + sp.AccountID + " (profile " + quote(n.name)
	if sp.SessionName != "" {
		step += ", sso_session " + sp.SessionName
	}
	return described{Provider: sp, step: step + ")"}, nil
}

// login builds the login_session provider.
func (b *profileBuilder) login(n *profileNode) (Provider, error) {
	o, err := b.stsOptions()
	if err != nil {
		return nil, err
	}
	ep, err := configuredEndpoint(b.p.getenv, b.files, b.top.vals, "SIGNIN", "signin")
	if err != nil {
		return nil, err
	}
	return described{Provider: &LoginProvider{
		SessionName: n.get("login_session"),
		ProfileName: n.name,
		Region:      o.Region,
		CacheDir:    b.p.getenv("AWS_LOGIN_CACHE_DIRECTORY"),
		Endpoint:    ep,
		HTTPClient:  o.HTTPClient,
		UserHomeDir: b.p.UserHomeDir,
		Now:         o.Now,
	}, step: "login_session of profile " + quote(n.name)}, nil
}

// serviceEndpoint is the configured endpoint of an IAM Identity Center
// service, else its regional endpoint in region.
func (b *profileBuilder) serviceEndpoint(s endpoints.CredentialService, envSuffix, key, region string) (string, error) {
	ep, err := configuredEndpoint(b.p.getenv, b.files, b.top.vals, envSuffix, key)
	if err != nil || ep != "" {
		return ep, err
	}
	ep, err = endpoints.ResolveCredentialService(s, region, b.p.STS.UseFIPSEndpoint, b.p.STS.UseDualStackEndpoint)
	if err != nil {
		return "", errorf("resolve the %s endpoint for sso_region %q: %v", strings.ReplaceAll(envSuffix, "_", " "), region, err)
	}
	return ep, nil
}

// described is a provider with its step in a resolution trail.
type described struct {
	Provider
	step string
}

// SourceName names the wrapped provider.
func (d described) SourceName() string { return sourceName(d.Provider) }

func (d described) describe() string { return d.step }

// trail lists the steps of a provider tree, innermost source first.
func trail(p Provider) []string {
	var steps []string
	if s, ok := p.(interface{ source() Provider }); ok {
		steps = trail(s.source())
	}
	if d, ok := p.(interface{ describe() string }); ok {
		return append(steps, d.describe())
	}
	return append(steps, sourceName(p))
}

// Retrieve prefixes an error of the wrapped provider with the step.
func (d described) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := d.Provider.Retrieve(ctx)
	if err != nil {
		var pe *ProviderError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Credentials{}, errorf("%s: %w", d.step, err)
	}
	return c, nil
}

// MaskAccessKeyID shows only the last four characters of an access key
// ID, as the AWS CLI's configure list does: "****************ABCD".
func MaskAccessKeyID(id string) string {
	if len(id) <= 4 {
		return strings.Repeat("*", len(id))
	}
	return strings.Repeat("*", 16) + id[len(id)-4:]
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func nowOf(now func() time.Time) time.Time {
	if now == nil {
		return time.Now()
	}
	return now()
}
