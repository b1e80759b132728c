package credentials

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// SharedSource is the Source of credentials from [SharedConfigProvider].
const SharedSource = "SharedConfigCredentials"

// SharedConfigProvider resolves a profile of the shared credentials file
// (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials, sections
// "[name]") and config file (AWS_CONFIG_FILE, default ~/.aws/config,
// sections "[profile name]" and "[default]"), as aws-sdk-go-v2's
// config.LoadDefaultConfig resolves it. The credentials file wins key by
// key. The profile is Profile, else AWS_PROFILE, else "default".
//
// The profile's credentials come from the first of, in this order:
//
//  1. source_profile: the source profile's credentials, resolved by these
//     same rules (chains of any length; see the chain rules below);
//  2. aws_access_key_id + aws_secret_access_key (+ aws_session_token);
//  3. credential_source: Environment (AWS_ACCESS_KEY_ID...),
//     Ec2InstanceMetadata ([IMDSProvider]) or EcsContainer
//     ([ContainerProvider]);
//  4. web_identity_token_file with role_arn ([WebIdentityRoleProvider]);
//     the role is not assumed a second time;
//  5. IAM Identity Center: sso_session, or legacy sso_start_url and
//     sso_region in the profile ([SSOProvider]);
//  6. login_session ([LoginProvider]);
//  7. credential_process ([ProcessProvider]);
//  8. only when the profile sets role_arn and none of the above: the
//     container endpoint when its variables are set, else EC2 instance
//     metadata.
//
// Then, when the profile sets role_arn, that role is assumed with those
// credentials ([AssumeRoleProvider]: external_id, mfa_serial,
// role_session_name, duration_seconds).
//
// Chain rules (aws-sdk-go-v2's): a source profile with static keys ends the
// chain, yet its own role_arn is still assumed on top of its keys; a
// profile met again in a cycle contributes only its own credential
// settings, and a cycle none of whose profiles has credentials is an error
// naming it; source_profile, credential_source and web_identity_token_file
// need role_arn; a profile may set only one of source_profile,
// credential_source, credential_process and web_identity_token_file.
//
// The files are read on every Retrieve. It is not configured when the
// default profile is absent or sets none of the sources above. It fails
// when a profile named explicitly or by AWS_PROFILE does not exist, when a
// file cannot be read or parsed, and when a setting breaks a rule above.
type SharedConfigProvider struct {
	// Profile names the profile; empty means AWS_PROFILE or "default".
	Profile string
	// ProfileSource names where Profile came from, as the user wrote it,
	// in the error for a profile that does not exist: e.g. "--profile".
	// Default: "Profile".
	ProfileSource string
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// ReadFile reads a file. Default: os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// ProcessTimeout bounds credential_process. Default:
	// DefaultProcessTimeout.
	ProcessTimeout time.Duration
	// HTTPClient is used for the container endpoint and IMDS when a
	// profile relies on them. Default: a client without proxy.
	HTTPClient HTTPClient
	// ContainerHost and IMDSEndpoint replace the link-local addresses.
	ContainerHost, IMDSEndpoint string
	// STS configures AssumeRole and AssumeRoleWithWebIdentity, and its
	// Region, UseFIPSEndpoint, UseDualStackEndpoint and HTTPClient serve
	// IAM Identity Center too. An empty Region means AWS_REGION,
	// AWS_DEFAULT_REGION, else the profile's region; an empty Endpoint
	// means the configured one (see [DefaultChainOptions]).
	STS STSOptions
	// MFATokenProvider returns the code of a profile's mfa_serial device.
	MFATokenProvider func() (string, error)

	// sessionNanos is when the provider was first used: the generated
	// role session name "aws-go-sdk-<nanos>" stays the same across
	// refreshes, as aws-sdk-go-v2 generates it once per configuration.
	sessionNanos atomic.Int64
}

// NewSharedConfigProvider returns a provider for profile (empty: AWS_PROFILE
// or "default") reading the real environment and home directory.
func NewSharedConfigProvider(profile string) *SharedConfigProvider {
	return &SharedConfigProvider{Profile: profile}
}

// SourceName returns [SharedSource].
func (p *SharedConfigProvider) SourceName() string { return SharedSource }

// Retrieve reads the files, resolves the profile and fetches its
// credentials.
func (p *SharedConfigProvider) Retrieve(ctx context.Context) (Credentials, error) {
	c, _, err := p.explain(ctx)
	return c, err
}

// explain is Retrieve that also returns the resolution trail.
func (p *SharedConfigProvider) explain(ctx context.Context) (Credentials, []string, error) {
	prov, err := p.resolve()
	if err != nil {
		return Credentials{}, nil, err
	}
	c, err := prov.Retrieve(ctx)
	if err != nil {
		if pe, ok := err.(*ProviderError); !ok || pe.Source != SharedSource {
			err = failed(SharedSource, err)
		}
		return Credentials{}, trail(prov), err
	}
	return c, trail(prov), nil
}

func (p *SharedConfigProvider) getenv(k string) string {
	if p.Getenv == nil {
		return os.Getenv(k)
	}
	return p.Getenv(k)
}

// resolve reads the files and builds the provider of the profile.
func (p *SharedConfigProvider) resolve() (Provider, error) {
	env := ini.Env{Getenv: p.Getenv, UserHomeDir: p.UserHomeDir, ReadFile: p.ReadFile}
	name, fromEnv := env.ProfileName(p.Profile)
	cfgPath, credPath, err := env.Paths()
	if err != nil {
		return nil, failed(SharedSource, err)
	}
	files, err := env.Load()
	if err != nil {
		return nil, failed(SharedSource, err)
	}
	where := "in " + credPath + " or " + cfgPath
	g := &profileGraph{files: files}
	top, err := g.load(name, true)
	if _, ok := err.(*errProfileMissing); ok {
		if name == "default" && p.Profile == "" {
			return nil, notConfigured(SharedSource, "no default profile "+where)
		}
		by := "named by Profile"
		if p.ProfileSource != "" {
			by = "named by " + p.ProfileSource
		}
		if fromEnv {
			by = "named by AWS_PROFILE"
		}
		known := files.ProfileNames()
		hint := "no profiles are defined there"
		if len(known) > 0 {
			hint = "defined profiles: " + strings.Join(known, ", ")
		}
		return nil, failed(SharedSource, errorf("profile %q (%s) not found %s; %s", name, by, where, hint))
	}
	if err != nil {
		return nil, failed(SharedSource, err)
	}
	if !top.hasCredentials() && top.get("login_session") == "" && top.get("role_arn") == "" {
		return nil, notConfigured(SharedSource, "profile "+quote(name)+" "+where+" sets none of aws_access_key_id with aws_secret_access_key, role_arn (assume role), web_identity_token_file, sso_session or sso_start_url (IAM Identity Center), login_session, credential_process"+halfPair(top))
	}
	b := &profileBuilder{p: p, files: files, top: top}
	prov, err := b.build(top)
	if err != nil {
		return nil, failed(SharedSource, err)
	}
	return prov, nil
}

// halfPair notes half a key pair, which aws-sdk-go-v2 ignores silently.
func halfPair(n *profileNode) string {
	switch {
	case n.get("aws_access_key_id") != "":
		return "; it sets aws_access_key_id (" + n.where("aws_access_key_id") + ") without aws_secret_access_key, which is ignored"
	case n.get("aws_secret_access_key") != "":
		return "; it sets aws_secret_access_key (" + n.where("aws_secret_access_key") + ") without aws_access_key_id, which is ignored"
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }
