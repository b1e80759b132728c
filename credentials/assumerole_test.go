package credentials_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

const (
	roleA = "arn:aws:iam::111111111111:role/a"
	roleB = "arn:aws:iam::222222222222:role/b"
	roleC = "arn:aws:iam::333333333333:role/c"
)

// assumed is one AssumeRole call as a test expects it: the role and the
// access key ID that signed it.
type assumed struct{ role, signedBy string }

func assumedCalls(t *testing.T, reqs []stsRequest) []assumed {
	t.Helper()
	var out []assumed
	for _, r := range reqs {
		require.Equal(t, "AssumeRole", r.Action)
		require.NoError(t, r.SigErr, "the signature verifies with internal/sigv4")
		out = append(out, assumed{r.Form.Get("RoleArn"), r.SignedBy})
	}
	return out
}

func TestAssumeRoleProfiles(t *testing.T) {
	keys := "aws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n"
	tests := []struct {
		name    string
		config  string
		profile string
		env     map[string]string
		want    []assumed
	}{
		{
			name:   "source_profile with static keys",
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\n[profile base]\n" + keys,
			want:   []assumed{{roleA, testKeyID}},
		},
		{
			name: "chain of three: each role signed by the one before",
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = mid\n" +
				"[profile mid]\nrole_arn = " + roleB + "\nsource_profile = base\n" +
				"[profile base]\nrole_arn = " + roleC + "\n" + keys,
			want: []assumed{{roleC, testKeyID}, {roleB, issuedKey(1)}, {roleA, issuedKey(2)}},
		},
		{
			name: "a source profile with keys ends the chain; its source_profile is not followed but its role is assumed",
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\n" +
				"[profile base]\nrole_arn = " + roleB + "\nsource_profile = nowhere\n" + keys,
			want: []assumed{{roleB, testKeyID}, {roleA, issuedKey(1)}},
		},
		{
			name:   "a profile that is its own source profile",
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = dev\n" + keys,
			want:   []assumed{{roleA, testKeyID}},
		},
		{
			name: "a cycle whose start has keys resolves",
			config: "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = mid\n" + keys +
				"[profile mid]\nrole_arn = " + roleB + "\nsource_profile = dev\n",
			want: []assumed{{roleB, testKeyID}, {roleA, issuedKey(1)}},
		},
		{
			name:   "keys and role_arn in one profile: the role is assumed with the keys",
			config: "[profile dev]\nrole_arn = " + roleA + "\n" + keys,
			want:   []assumed{{roleA, testKeyID}},
		},
		{
			name:    "credential_source Environment",
			config:  "[profile ci]\nrole_arn = " + roleA + "\ncredential_source = Environment\n",
			profile: "ci",
			env:     map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": testSecret},
			want:    []assumed{{roleA, "ENVKEY"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.config(tt.config)
			w.env["AWS_PROFILE"] = "dev"
			for k, v := range tt.env {
				w.env[k] = v
			}
			got, err := w.chain(func(o *credentials.DefaultChainOptions) { o.Profile = tt.profile }).Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, credentials.AssumeRoleSource, got.Source)
			assert.Equal(t, issuedKey(len(tt.want)), got.AccessKeyID)
			assert.Equal(t, tt.want, assumedCalls(t, w.sts.got()))
		})
	}
}

func TestAssumeRoleCredentialSourceMetadata(t *testing.T) {
	t.Run("Ec2InstanceMetadata", func(t *testing.T) {
		w := newWorld(t)
		imds := newFakeIMDS(t)
		delete(w.env, "AWS_EC2_METADATA_DISABLED")
		w.config("[default]\nrole_arn = " + roleA + "\ncredential_source = Ec2InstanceMetadata\n")
		_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.IMDSEndpoint = imds.URL }).Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []assumed{{roleA, "IMDSKEY"}}, assumedCalls(t, w.sts.got()))
	})
	t.Run("EcsContainer", func(t *testing.T) {
		w := newWorld(t)
		cont := newContainerServer(t, 200, endpointCredsJSON)
		w.env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds"
		w.config("[default]\nrole_arn = " + roleA + "\ncredential_source = EcsContainer\n")
		_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.ContainerHost = cont.URL }).Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []assumed{{roleA, "CONTKEY"}}, assumedCalls(t, w.sts.got()))
	})
	t.Run("role_arn alone uses instance metadata, as aws-sdk-go-v2 does", func(t *testing.T) {
		w := newWorld(t)
		imds := newFakeIMDS(t)
		delete(w.env, "AWS_EC2_METADATA_DISABLED")
		w.config("[default]\nrole_arn = " + roleA + "\n")
		_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.IMDSEndpoint = imds.URL }).Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []assumed{{roleA, "IMDSKEY"}}, assumedCalls(t, w.sts.got()))
	})
}

func TestAssumeRoleParameters(t *testing.T) {
	keys := "[profile base]\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n"
	tests := []struct {
		name   string
		extra  string
		want   map[string]string
		absent []string
	}{
		{name: "defaults", want: map[string]string{"DurationSeconds": "900", "Version": "2011-06-15", "RoleArn": roleA},
			absent: []string{"ExternalId", "SerialNumber", "TokenCode"}},
		{name: "external_id and role_session_name", extra: "external_id = ext-123\nrole_session_name = me@example.com\n",
			want: map[string]string{"ExternalId": "ext-123", "RoleSessionName": "me@example.com"}},
		{name: "duration_seconds 3600", extra: "duration_seconds = 3600\n", want: map[string]string{"DurationSeconds": "3600"}},
		{name: "duration_seconds under 16 minutes is the default", extra: "duration_seconds = 950\n", want: map[string]string{"DurationSeconds": "900"}},
		{name: "duration_seconds not a number is the default", extra: "duration_seconds = soon\n", want: map[string]string{"DurationSeconds": "900"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.config("[default]\nrole_arn = " + roleA + "\nsource_profile = base\n" + tt.extra + keys)
			_, err := w.chain().Retrieve(context.Background())
			require.NoError(t, err)
			reqs := w.sts.got()
			require.Len(t, reqs, 1)
			for k, v := range tt.want {
				assert.Equal(t, v, reqs[0].Form.Get(k), k)
			}
			for _, k := range tt.absent {
				assert.NotContains(t, reqs[0].Form, k)
			}
			if tt.extra == "" {
				assert.Regexp(t, regexp.MustCompile(`^aws-go-sdk-\d{19}$`), reqs[0].Form.Get("RoleSessionName"))
			}
		})
	}
}

func TestAssumeRoleGeneratedSessionNameIsStableAcrossRefreshes(t *testing.T) {
	w := newWorld(t)
	w.config("[default]\nrole_arn = " + roleA + "\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n")
	chain := w.chain()
	for range 2 {
		_, err := chain.Retrieve(context.Background())
		require.NoError(t, err)
	}
	reqs := w.sts.got()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Form.Get("RoleSessionName"), reqs[1].Form.Get("RoleSessionName"))
}

func TestAssumeRoleMFA(t *testing.T) {
	cfg := "[default]\nrole_arn = " + roleA + "\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n" +
		"[profile base]\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n"
	t.Run("without a token provider", func(t *testing.T) {
		w := newWorld(t)
		w.config(cfg)
		_, err := w.chain().Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sets mfa_serial arn:aws:iam::123456789012:mfa/me")
		assert.Contains(t, err.Error(), "set MFATokenProvider")
		assert.Empty(t, w.sts.got(), "nothing is sent without a code")
	})
	t.Run("with a token provider", func(t *testing.T) {
		w := newWorld(t)
		w.config(cfg)
		_, err := w.chain(func(o *credentials.DefaultChainOptions) {
			o.MFATokenProvider = func() (string, error) { return "123456", nil }
		}).Retrieve(context.Background())
		require.NoError(t, err)
		reqs := w.sts.got()
		require.Len(t, reqs, 1)
		assert.Equal(t, "arn:aws:iam::123456789012:mfa/me", reqs[0].Form.Get("SerialNumber"))
		assert.Equal(t, "123456", reqs[0].Form.Get("TokenCode"))
	})
	t.Run("token provider fails", func(t *testing.T) {
		w := newWorld(t)
		w.config(cfg)
		_, err := w.chain(func(o *credentials.DefaultChainOptions) {
			o.MFATokenProvider = func() (string, error) { return "", errors.New("no terminal") }
		}).Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "the MFA token provider failed: no terminal")
	})
}

func TestAssumeRoleProfileErrors(t *testing.T) {
	keys := "aws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n"
	tests := []struct {
		name    string
		config  string
		wantErr []string
	}{
		{name: "cycle without keys names the cycle",
			config:  "[default]\nrole_arn = " + roleA + "\nsource_profile = b\n[profile b]\nrole_arn = " + roleB + "\nsource_profile = c\n[profile c]\nrole_arn = " + roleC + "\nsource_profile = b\n",
			wantErr: []string{"the source_profile chain b → c → b is a cycle, and none of its profiles has credentials"}},
		{name: "self cycle without keys",
			config:  "[default]\nrole_arn = " + roleA + "\nsource_profile = default\n",
			wantErr: []string{"the source_profile chain default → default is a cycle"}},
		{name: "source_profile missing",
			config:  "[default]\nrole_arn = " + roleA + "\nsource_profile = nope\n",
			wantErr: []string{`profile "default" sets source_profile = nope`, "for role " + roleA, "exists in neither shared file"}},
		{name: "source profile without credentials",
			config:  "[default]\nrole_arn = " + roleA + "\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n",
			wantErr: []string{`profile "empty", the source_profile of "default" for role ` + roleA + `, has no credentials`}},
		{name: "source_profile without role_arn",
			config:  "[default]\nsource_profile = base\n[profile base]\n" + keys,
			wantErr: []string{`profile "default" sets source_profile`, "but not role_arn"}},
		{name: "web_identity_token_file without role_arn",
			config:  "[default]\nweb_identity_token_file = /tmp/x\n",
			wantErr: []string{"sets web_identity_token_file", "but not role_arn"}},
		{name: "two credential types",
			config:  "[default]\nrole_arn = " + roleA + "\nsource_profile = base\ncredential_process = /bin/true\n[profile base]\n" + keys,
			wantErr: []string{"sets source_profile", "and credential_process", "only one credential type may be set per profile"}},
		{name: "unknown credential_source",
			config:  "[default]\nrole_arn = " + roleA + "\ncredential_source = Ec2Metadata\n",
			wantErr: []string{`credential_source = "Ec2Metadata"`, "must be EcsContainer, Ec2InstanceMetadata or Environment"}},
		{name: "EcsContainer without its variables",
			config:  "[default]\nrole_arn = " + roleA + "\ncredential_source = EcsContainer\n",
			wantErr: []string{"neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"}},
		{name: "Environment without keys",
			config:  "[default]\nrole_arn = " + roleA + "\ncredential_source = Environment\n",
			wantErr: []string{"credential_source = Environment", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.config(tt.config)
			_, err := w.chain().Retrieve(context.Background())
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "AWS credentials from SharedConfigCredentials failed"), err.Error())
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
			assert.Empty(t, w.sts.got())
			assertNoSecret(t, err)
		})
	}
}

func TestAssumeRoleAccessDeniedNamesRoleAndProfile(t *testing.T) {
	w := newWorld(t)
	w.config("[default]\nrole_arn = " + roleA + "\nsource_profile = base\n[profile base]\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n")
	w.sts.fail(stsFailure{403, "AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: " + roleA})
	_, err := w.chain().Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `assume role `+roleA+` (profile "default"): STS AssumeRole answered HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized`)
	assert.Len(t, w.sts.got(), 1)
	assertNoSecret(t, err)
}

func TestExplainShowsTheRoleChain(t *testing.T) {
	w := newWorld(t)
	w.config("[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\n[profile base]\nrole_arn = " + roleB + "\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n")
	w.env["AWS_PROFILE"] = "dev"
	r, err := w.chain().Explain(context.Background())
	require.NoError(t, err)
	assert.Equal(t, credentials.SharedSource, r.Source)
	require.Len(t, r.Steps, 3)
	assert.Contains(t, r.Steps[0], `static keys of profile "base" (aws_access_key_id ****************MPLE`)
	assert.Equal(t, `AssumeRole `+roleB+` (profile "base")`, r.Steps[1])
	assert.Equal(t, `AssumeRole `+roleA+` (profile "dev")`, r.Steps[2])
	assert.Equal(t, "****************"+issuedKey(2)[len(issuedKey(2))-4:], r.AccessKeyID)
	assert.True(t, r.CanExpire)
	require.Len(t, r.Attempts, 2)
	assert.True(t, r.Attempts[0].Skipped())
	assert.True(t, r.Attempts[1].Skipped())
	assertNoSecret(t, r)
}
