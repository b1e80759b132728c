package credentials_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// ExampleSSOProvider gets role credentials with the token `aws sso login`
// cached for the sso-session "my-sso". A local server stands in for the SSO
// portal; without PortalEndpoint the provider calls
// https://portal.sso.us-east-1.amazonaws.com.
func ExampleSSOProvider() {
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"roleCredentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"example-secret","sessionToken":"example-session","expiration":1893456000000}}`)
	}))
	defer portal.Close()

	cache, _ := os.MkdirTemp("", "sso-cache")
	defer os.RemoveAll(cache)
	// The file name is the hex SHA-1 of the session name "my-sso".
	_ = os.WriteFile(filepath.Join(cache, "0ad374308c5a4e22f723adf10145eafad7c4031c.json"),
		[]byte(`{"accessToken":"example-token","expiresAt":"2099-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://d-abc123.awsapps.com/start"}`), 0o600)

	p := &credentials.SSOProvider{
		SessionName: "my-sso", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
		AccountID: "123456789012", RoleName: "ReadOnly", ProfileName: "dev",
		CacheDir: cache, PortalEndpoint: portal.URL,
	}
	c, err := p.Retrieve(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)
	// Output:
	// {AccessKeyID: ASIAEXAMPLE, SecretAccessKey: [redacted], SessionToken: [redacted], Source: SSOProvider, Expires: 2030-01-01T00:00:00Z}
}
