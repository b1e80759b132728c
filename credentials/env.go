package credentials

import (
	"context"
	"os"
)

// EnvSource is the Source of credentials from [EnvProvider].
const EnvSource = "EnvironmentVariables"

// EnvProvider reads credentials from the environment: AWS_ACCESS_KEY_ID (or
// the legacy AWS_ACCESS_KEY), AWS_SECRET_ACCESS_KEY (or AWS_SECRET_KEY) and
// the optional AWS_SESSION_TOKEN. It is not configured unless both keys
// are set: half a pair is passed over, as aws-sdk-go-v2 passes it over, and
// the reason says which half is missing.
type EnvProvider struct {
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
}

// NewEnvProvider returns a provider that reads the process environment.
func NewEnvProvider() *EnvProvider { return &EnvProvider{} }

// SourceName returns [EnvSource].
func (p *EnvProvider) SourceName() string { return EnvSource }

// Retrieve reads the variables on every call.
func (p *EnvProvider) Retrieve(context.Context) (Credentials, error) {
	get := p.Getenv
	if get == nil {
		get = os.Getenv
	}
	id, idVar := firstSet(get, "AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
	secret, secretVar := firstSet(get, "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
	switch {
	case id == "" && secret == "":
		return Credentials{}, notConfigured(EnvSource, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
	case id == "":
		return Credentials{}, notConfigured(EnvSource, secretVar+" is set but AWS_ACCESS_KEY_ID is not, so both are ignored: set both or neither")
	case secret == "":
		return Credentials{}, notConfigured(EnvSource, idVar+" is set but AWS_SECRET_ACCESS_KEY is not, so both are ignored: set both or neither")
	}
	return Credentials{
		AccessKeyID:     id,
		SecretAccessKey: secret,
		SessionToken:    get("AWS_SESSION_TOKEN"),
		Source:          EnvSource,
		AccountID:       get("AWS_ACCOUNT_ID"),
	}, nil
}

func firstSet(get func(string) string, names ...string) (value, name string) {
	for _, n := range names {
		if v := get(n); v != "" {
			return v, n
		}
	}
	return "", names[0]
}
