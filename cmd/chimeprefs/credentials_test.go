package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSTS answers AssumeRole with the response shape of the STS API
// reference (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html)
// and records the forms it received. The credentials package's tests check
// signatures and the other operations; this one checks the command.
type cliFakeSTS struct {
	*httptest.Server
	mu    sync.Mutex
	forms []url.Values
}

const cliIssuedSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"

func newCLIFakeSTS(t *testing.T) *cliFakeSTS {
	f := &cliFakeSTS{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		f.mu.Lock()
		f.forms = append(f.forms, form)
		n := len(f.forms)
		f.mu.Unlock()
		role := form.Get("RoleArn")
		fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::%s:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPL%d</AccessKeyId>
      <SecretAccessKey>%s</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW</SessionToken>
      <Expiration>2099-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`, strings.Split(role, ":")[4], n, cliIssuedSecret)
	}))
	t.Cleanup(f.Close)
	return f
}

func TestCredentialsCommandShowsTheRoleChain(t *testing.T) {
	fx := newFixture(t)
	sts := newCLIFakeSTS(t)
	require.NoError(t, os.WriteFile(fx.env["AWS_CONFIG_FILE"], []byte(
		"[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = base\nregion = eu-west-1\n"+
			"[profile base]\nrole_arn = arn:aws:iam::444455556666:role/jump\n"), 0o600))
	require.NoError(t, os.WriteFile(fx.env["AWS_SHARED_CREDENTIALS_FILE"], []byte(
		"[base]\naws_access_key_id = "+cliAccessKeyID+"\naws_secret_access_key = "+cliSecret+"\n"), 0o600))
	fx.env["AWS_ENDPOINT_URL_STS"] = sts.URL
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"credentials", "--profile", "dev"}, &stdout, &stderr, func(k string) string { return fx.env[k] })
	require.Equal(t, exitOK, code, stderr.String())
	out := stdout.String()
	t.Logf("chimeprefs credentials --profile dev:\n%s", out)
	assert.Contains(t, out, "source:        SharedConfigCredentials\n")
	assert.Contains(t, out, "access key ID: ****************MPL2\n")
	assert.Contains(t, out, "account:       111122223333\n")
	assert.Contains(t, out, "expires:       2099-11-09T13:34:41Z (in ")
	assert.Contains(t, out, "  1. static keys of profile \"base\" (aws_access_key_id ****************TEST, "+fx.env["AWS_SHARED_CREDENTIALS_FILE"]+" line 2)\n")
	assert.Contains(t, out, "  2. AssumeRole arn:aws:iam::444455556666:role/jump (profile \"base\")\n")
	assert.Contains(t, out, "  3. AssumeRole arn:aws:iam::111122223333:role/deploy (profile \"dev\")\n")
	assert.Contains(t, out, "  1. EnvironmentVariables: skipped: profile \"dev\" was named explicitly (--profile)")
	for _, secret := range []string{cliSecret, cliIssuedSecret, "AQoDYXdzEPT", cliAccessKeyID} {
		assert.NotContains(t, out, secret)
	}
	require.Len(t, sts.forms, 2)
}

func TestCredentialsCommandNoCredentials(t *testing.T) {
	fx := newFixture(t)
	delete(fx.env, "AWS_ACCESS_KEY_ID")
	delete(fx.env, "AWS_SECRET_ACCESS_KEY")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"credentials"}, &stdout, &stderr, func(k string) string { return fx.env[k] })
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, stdout.String())
	for _, want := range []string{"no AWS credentials found; sources in order:", "1. EnvironmentVariables: skipped", "2. WebIdentityCredentials: skipped: AWS_WEB_IDENTITY_TOKEN_FILE is not set",
		"3. SharedConfigCredentials: skipped", "4. ContainerCredentials: skipped", "5. EC2InstanceMetadata: skipped: AWS_EC2_METADATA_DISABLED is true"} {
		assert.Contains(t, stderr.String(), want)
	}
}

func TestCredentialsCommandPromptsForMFA(t *testing.T) {
	fx := newFixture(t)
	sts := newCLIFakeSTS(t)
	require.NoError(t, os.WriteFile(filepath.Join(fx.home, "config"), []byte(
		"[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/admin\nmfa_serial = arn:aws:iam::111122223333:mfa/jane\n"+
			"aws_access_key_id = "+cliAccessKeyID+"\naws_secret_access_key = "+cliSecret+"\n"), 0o600))
	fx.env["AWS_ENDPOINT_URL_STS"] = sts.URL
	var stdout, stderr bytes.Buffer
	code := runCredentials(context.Background(), []string{"--profile", "dev"}, strings.NewReader("654321\n"), &stdout, &stderr, func(k string) string { return fx.env[k] })
	require.Equal(t, exitOK, code, stderr.String())
	assert.Equal(t, "MFA code: ", stderr.String())
	require.Len(t, sts.forms, 1)
	assert.Equal(t, "654321", sts.forms[0].Get("TokenCode"))
	assert.Equal(t, "arn:aws:iam::111122223333:mfa/jane", sts.forms[0].Get("SerialNumber"))
	assert.Contains(t, stdout.String(), "with MFA arn:aws:iam::111122223333:mfa/jane")

	stdout.Reset()
	stderr.Reset()
	code = runCredentials(context.Background(), []string{"--profile", "dev"}, strings.NewReader(""), &stdout, &stderr, func(k string) string { return fx.env[k] })
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr.String(), "the MFA token provider failed: reading the MFA code from stdin: EOF")
}

func TestCredentialsCommandUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, exitUsage, run(context.Background(), []string{"credentials", "--nope"}, &stdout, &stderr, func(string) string { return "" }))
	assert.Contains(t, stderr.String(), "flag provided but not defined: -nope")
	stdout.Reset()
	assert.Equal(t, exitOK, run(context.Background(), []string{"credentials", "--help"}, &stdout, &stderr, func(string) string { return "" }))
	assert.Contains(t, stdout.String(), "chimeprefs credentials [--profile NAME] [--region REGION]")
}
