package awsv2_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// awsWorld answers, inside an http.RoundTripper (nothing leaves the
// process), what STS and EC2 instance metadata would: AssumeRole and
// AssumeRoleWithWebIdentity with credentials derived from the role ARN, in
// the response shape of the STS API reference, and an instance role. It
// records every STS request in a form both SDKs can be compared on.
type awsWorld struct {
	mu   sync.Mutex
	sts  []string
	imds int
}

func (w *awsWorld) RoundTrip(r *http.Request) (*http.Response, error) {
	answer := func(status int, body string) (*http.Response, error) {
		return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}, Request: r}, nil
	}
	if r.URL.Host == "169.254.169.254" {
		w.mu.Lock()
		w.imds++
		w.mu.Unlock()
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			return answer(200, "imds-token")
		case r.URL.Path == "/latest/meta-data/iam/security-credentials/":
			return answer(200, "node-role")
		case r.URL.Path == "/latest/meta-data/iam/security-credentials/node-role":
			return answer(200, `{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIANODEROLE","SecretAccessKey":"node-secret","Token":"node-token","Expiration":"2099-01-01T00:00:00Z"}`)
		}
		return answer(404, "")
	}
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	signer := "unsigned"
	if m := regexp.MustCompile(`Credential=([A-Z0-9]+)/`).FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		signer = m[1]
	}
	var keys []string
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "POST %s signed by %s:", r.URL.Host, signer)
	for _, k := range keys {
		v := form.Get(k)
		if k == "RoleSessionName" {
			v = regexp.MustCompile(`^(aws-go-sdk-)?\d{19}$`).ReplaceAllString(v, "${1}<unix nanos>")
		}
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	w.mu.Lock()
	w.sts = append(w.sts, b.String())
	w.mu.Unlock()
	sum := sha1.Sum([]byte(form.Get("RoleArn")))
	id := "ASIA" + strings.ToUpper(hex.EncodeToString(sum[:6]))
	result := form.Get("Action") + "Result"
	return answer(200, `<`+form.Get("Action")+`Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><`+result+`>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
<Credentials><AccessKeyId>`+id+`</AccessKeyId><SecretAccessKey>secret-`+id+`</SecretAccessKey><SessionToken>token-`+id+`</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
</`+result+`><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></`+form.Get("Action")+`Response>`)
}

// outcome is what one SDK did with one configuration.
type outcome struct {
	AccessKeyID string
	Failed      bool
	STS         []string
	UsedIMDS    bool
}

// TestCredentialsAsAWSSDKGoV2 resolves each configuration with
// aws-sdk-go-v2's config.LoadDefaultConfig and with this module's
// LoadOptionsFrom, and requires the same credentials from the same STS
// requests (or a failure on both sides).
func TestCredentialsAsAWSSDKGoV2(t *testing.T) {
	const (
		roleA = "arn:aws:iam::111111111111:role/a"
		roleB = "arn:aws:iam::222222222222:role/b"
		roleC = "arn:aws:iam::333333333333:role/c"
		keys  = "aws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
	)
	tests := []struct {
		name    string
		env     map[string]string
		config  string
		webID   bool
		profile string // named in code: WithSharedConfigProfile / Environment.Profile
		mfa     bool   // an MFA token provider answers "123456"
	}{
		{name: "IRSA with instance metadata reachable", webID: true},
		{name: "IRSA with a session name", webID: true, env: map[string]string{"AWS_ROLE_SESSION_NAME": "pod-session"}},
		{name: "environment keys over web identity", webID: true, env: map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}},
		{name: "web identity over AWS_PROFILE", webID: true, env: map[string]string{"AWS_PROFILE": "dev"}, config: "[profile dev]\n" + keys},
		{name: "environment keys over AWS_PROFILE", env: map[string]string{"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
			config: "[profile dev]\nrole_arn = " + roleA + "\n" + keys},
		{name: "profile named in code over environment keys", profile: "dev", env: map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\n[profile base]\n" + keys},
		{name: "half an environment pair is passed over", env: map[string]string{"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIDENV"},
			config: "[profile dev]\nrole_arn = " + roleA + "\n" + keys},
		{name: "chain of three, keys in the last", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = mid\n[profile mid]\nrole_arn = " + roleB + "\nsource_profile = base\n[profile base]\nrole_arn = " + roleC + "\nsource_profile = nowhere\n" + keys},
		{name: "source profile with keys and role: role assumed, chain stops", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\n[profile base]\nrole_arn = " + roleB + "\n" + keys},
		{name: "self-referencing profile", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = dev\n" + keys},
		{name: "cycle whose start has keys", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = mid\n" + keys + "[profile mid]\nrole_arn = " + roleB + "\nsource_profile = dev\n"},
		{name: "cycle without keys fails", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = mid\n[profile mid]\nrole_arn = " + roleB + "\nsource_profile = dev\n"},
		{name: "external_id, duration_seconds, role_session_name", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\nexternal_id = ext-1\nduration_seconds = 3600\nrole_session_name = me\n[profile base]\n" + keys},
		{name: "duration_seconds of 950 is the default", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\nduration_seconds = 950\n[profile base]\n" + keys},
		{name: "credential_source Environment", profile: "dev", env: map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
			config: "[profile dev]\nrole_arn = " + roleA + "\ncredential_source = Environment\n"},
		{name: "credential_source Ec2InstanceMetadata", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\ncredential_source = Ec2InstanceMetadata\n"},
		{name: "role_arn alone assumes the role over instance metadata", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\n"},
		{name: "web_identity_token_file in the profile", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nweb_identity_token_file = TOKENFILE\n"},
		{name: "web identity profile as a source profile", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = eks\n[profile eks]\nrole_arn = " + roleB + "\nweb_identity_token_file = TOKENFILE\n"},
		{name: "mfa_serial without a token provider fails", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nmfa_serial = arn:aws:iam::111111111111:mfa/me\n" + keys},
		{name: "mfa_serial with a token provider", mfa: true, env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nrole_arn = " + roleA + "\nmfa_serial = arn:aws:iam::111111111111:mfa/me\n" + keys},
		{name: "source_profile without role_arn fails", env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nsource_profile = base\n[profile base]\n" + keys},
		{name: "AWS_ENDPOINT_URL_STS", webID: true, env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://sts.test.example"}},
		{name: "global AWS_ENDPOINT_URL is not used for STS", webID: true, env: map[string]string{"AWS_ENDPOINT_URL": "http://global.test.example", "AWS_PROFILE": "dev"},
			config: "[profile dev]\nservices = s\n[services s]\nsts =\n  endpoint_url = http://services.test.example\n"},
		{name: "services section sts", webID: true, env: map[string]string{"AWS_PROFILE": "dev"},
			config: "[profile dev]\nservices = s\nendpoint_url = http://profile.test.example\n[services s]\nsts =\n  endpoint_url = http://services.test.example\n"},
		{name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", webID: true, env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://sts.test.example", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}},
		{name: "FIPS and dual-stack STS endpoint", webID: true, env: map[string]string{"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tokenFile := filepath.Join(dir, "token")
			require.NoError(t, os.WriteFile(tokenFile, []byte("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln"), 0o600))
			for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
				"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
				"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE"} {
				t.Setenv(k, "")
				require.NoError(t, os.Unsetenv(k)) // aws-sdk-go-v2 looks some up with os.LookupEnv
			}
			t.Setenv("HOME", dir)
			t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
			t.Setenv("AWS_REGION", "eu-west-1")
			t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254")
			if tt.webID {
				t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile)
				t.Setenv("AWS_ROLE_ARN", "arn:aws:iam::444444444444:role/pod")
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "config"), []byte(strings.ReplaceAll(tt.config, "TOKENFILE", tokenFile)), 0o600))

			theirs := resolveAWSSDKGoV2(t, tt.profile, tt.mfa)
			ours := resolveOurs(t, tt.profile, tt.mfa)
			assert.Equal(t, theirs, ours)
			t.Logf("aws-sdk-go-v2: %+v", theirs)
		})
	}
}

func mfaCode() (string, error) { return "123456", nil }

func resolveAWSSDKGoV2(t *testing.T, profile string, mfa bool) outcome {
	w := &awsWorld{}
	opts := []func(*config.LoadOptions) error{config.WithHTTPClient(&http.Client{Transport: w})}
	if mfa {
		opts = append(opts, config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) { o.TokenProvider = mfaCode }))
	}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	var o outcome
	cfg, err := config.LoadDefaultConfig(context.Background(), opts...)
	if err == nil {
		c, rerr := cfg.Credentials.Retrieve(context.Background())
		err = rerr
		o.AccessKeyID = c.AccessKeyID
	}
	t.Logf("aws-sdk-go-v2 error: %v", err)
	o.Failed = err != nil
	o.STS, o.UsedIMDS = w.sts, w.imds > 0
	return o
}

func resolveOurs(t *testing.T, profile string, mfa bool) outcome {
	w := &awsWorld{}
	var o outcome
	env := chime.Environment{Profile: profile, HTTPClient: &http.Client{Transport: w}}
	if mfa {
		env.MFATokenProvider = mfaCode
	}
	opts, err := chime.LoadOptionsFrom(context.Background(), env)
	if err == nil {
		c, rerr := opts.Credentials.Retrieve(context.Background())
		err = rerr
		o.AccessKeyID = c.AccessKeyID
	}
	t.Logf("chimesdkmessaging error: %v", err)
	o.Failed = err != nil
	o.STS, o.UsedIMDS = w.sts, w.imds > 0
	return o
}
