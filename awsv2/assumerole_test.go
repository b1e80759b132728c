package awsv2_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/awsv2"
)

// stsServer stands in for AWS STS on 127.0.0.1: it answers AssumeRole with
// fixed temporary credentials and records who signed each request.
type stsServer struct {
	URL string

	mu    sync.Mutex
	auths []string
	forms []url.Values
}

const stsAssumeRoleResponse = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAROLETEMP</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/chime-writer/awsv2-test</Arn>
      <AssumedRoleId>AROAEXAMPLE:awsv2-test</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>sts-req-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`

func newSTSServer(t *testing.T) *stsServer {
	t.Helper()
	s := &stsServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		s.mu.Lock()
		s.auths = append(s.auths, r.Header.Get("Authorization"))
		s.forms = append(s.forms, form)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, stsAssumeRoleResponse)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *stsServer) calls() ([]string, []url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...), append([]url.Values(nil), s.forms...)
}

// TestLoadDefaultConfigAssumeRole runs the reason this module exists: a
// profile that assumes a role through aws-sdk-go-v2's STS client. The
// temporary credentials STS returns sign the Chime calls, and the cache in
// aws.Config means two calls cost one AssumeRole.
func TestLoadDefaultConfigAssumeRole(t *testing.T) {
	configFile, credentialsFile := isolateAWS(t)
	sts := newSTSServer(t)
	rec := newRecorder(t)
	writeFile(t, configFile, `[profile writer]
region = us-east-1
role_arn = arn:aws:iam::111122223333:role/chime-writer
role_session_name = awsv2-test
source_profile = base
`)
	writeFile(t, credentialsFile, `[base]
aws_access_key_id = AKIDSOURCE
aws_secret_access_key = source-secret
`)
	t.Setenv("AWS_PROFILE", "writer")
	t.Setenv("AWS_ENDPOINT_URL_STS", sts.URL)
	t.Setenv("AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING", rec.URL)

	client := loadClient(t)
	for range 2 {
		_, err := client.PutChannelMembershipPreferences(context.Background(), putInput())
		require.NoError(t, err)
	}

	auths, forms := sts.calls()
	require.Len(t, auths, 1, "one AssumeRole for two calls")
	assert.Contains(t, auths[0], "Credential=AKIDSOURCE/")
	assert.Contains(t, auths[0], "/sts/aws4_request")
	assert.Equal(t, "AssumeRole", forms[0].Get("Action"))
	assert.Equal(t, "arn:aws:iam::111122223333:role/chime-writer", forms[0].Get("RoleArn"))

	reqs := rec.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Contains(t, r.Header.Get("Authorization"), "Credential=ASIAROLETEMP/")
		assert.Contains(t, r.Header.Get("Authorization"), "/us-east-1/chime/aws4_request")
		assert.Equal(t, "role-session-token", r.Header.Get("X-Amz-Security-Token"))
	}

	creds, err := client.Options().Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.True(t, creds.CanExpire)
	assert.Equal(t, 2099, creds.Expires.Year())
	assert.Equal(t, "111122223333", creds.AccountID)
	_, isAdapter := client.Options().Credentials.(*awsv2.CredentialsAdapter)
	assert.True(t, isAdapter)
}
