package credentials

import (
	"context"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// SharedSource is the Source of credentials from [SharedConfigProvider].
const SharedSource = "SharedConfigCredentials"

// SharedConfigProvider reads a profile from the shared credentials file
// (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials, sections
// "[name]") and config file (AWS_CONFIG_FILE, default ~/.aws/config,
// sections "[profile name]" and "[default]"). The credentials file wins key
// by key. The profile is Profile, else AWS_PROFILE, else "default".
//
// A profile yields aws_access_key_id, aws_secret_access_key and the
// optional aws_session_token; without them, its credential_process is run
// (see [ProcessProvider]). The files are read on every Retrieve.
//
// It is not configured when the default profile is absent or holds no
// credential settings. It fails when a profile named explicitly or by
// AWS_PROFILE does not exist, when a file cannot be read or parsed, when
// only half a key pair is set, and when the profile relies on a mechanism
// this module does not implement (role_arn, SSO, web identity): those
// profiles need aws-sdk-go-v2's config through the awsv2 adapter.
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
}

// NewSharedConfigProvider returns a provider for profile (empty: AWS_PROFILE
// or "default") reading the real environment and home directory.
func NewSharedConfigProvider(profile string) *SharedConfigProvider {
	return &SharedConfigProvider{Profile: profile}
}

// SourceName returns [SharedSource].
func (p *SharedConfigProvider) SourceName() string { return SharedSource }

// unsupportedKeys are profile settings for credential mechanisms this module
// leaves to aws-sdk-go-v2.
func unsupportedKey(vals map[string]ini.Value) (string, ini.Value, bool) {
	for _, k := range []string{"role_arn", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source", "login_session"} {
		if v, ok := vals[k]; ok && v.Value != "" {
			return k, v, true
		}
	}
	return "", ini.Value{}, false
}

// Retrieve reads the files and resolves the profile.
func (p *SharedConfigProvider) Retrieve(ctx context.Context) (Credentials, error) {
	env := ini.Env{Getenv: p.Getenv, UserHomeDir: p.UserHomeDir, ReadFile: p.ReadFile}
	name, fromEnv := env.ProfileName(p.Profile)
	cfgPath, credPath, err := env.Paths()
	if err != nil {
		return Credentials{}, failed(SharedSource, err)
	}
	files, err := env.Load()
	if err != nil {
		return Credentials{}, failed(SharedSource, err)
	}
	where := "in " + credPath + " or " + cfgPath
	vals, ok := files.Profile(name)
	if !ok {
		if name == "default" && p.Profile == "" {
			return Credentials{}, notConfigured(SharedSource, "no default profile "+where)
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
		return Credentials{}, failed(SharedSource, errorf("profile %q (%s) not found %s; %s", name, by, where, hint))
	}

	id, hasID := vals["aws_access_key_id"]
	secret, hasSecret := vals["aws_secret_access_key"]
	switch {
	case hasID && hasSecret && id.Value != "" && secret.Value != "":
		return Credentials{
			AccessKeyID:     id.Value,
			SecretAccessKey: secret.Value,
			SessionToken:    vals["aws_session_token"].Value,
			AccountID:       vals["aws_account_id"].Value,
			Source:          SharedSource,
		}, nil
	case hasID && id.Value != "":
		return Credentials{}, failed(SharedSource, errorf("profile %q sets aws_access_key_id (%s) but not aws_secret_access_key; set both", name, id.Where()))
	case hasSecret && secret.Value != "":
		return Credentials{}, failed(SharedSource, errorf("profile %q sets aws_secret_access_key (%s) but not aws_access_key_id; set both", name, secret.Where()))
	}

	if proc, ok := vals["credential_process"]; ok && proc.Value != "" {
		c, err := (&ProcessProvider{Command: proc.Value, Timeout: p.ProcessTimeout}).Retrieve(ctx)
		if err != nil {
			return Credentials{}, failed(SharedSource, errorf("profile %q credential_process (%s): %w", name, proc.Where(), err))
		}
		return c, nil
	}
	if k, v, ok := unsupportedKey(vals); ok {
		return Credentials{}, failed(SharedSource, errorf("profile %q uses %s (%s), which this module does not resolve; use the awsv2 adapter with aws-sdk-go-v2's config, or give the profile static keys or a credential_process", name, k, v.Where()))
	}
	return Credentials{}, notConfigured(SharedSource, "profile "+quote(name)+" "+where+" has no aws_access_key_id or credential_process")
}

func quote(s string) string { return `"` + s + `"` }
