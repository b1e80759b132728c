package credentials_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

const (
	testKeyID  = "AKIDEXAMPLE"
	testSecret = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
	testToken  = "TOKENsessionTokenValueThatIsLong1234567890"
)

// envOf returns a Getenv over m; nothing else is visible.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// isolate points HOME and the shared-file variables at an empty temporary
// directory so nothing reads the developer's ~/.aws, and returns it.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
		"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_DISABLED"} {
		t.Setenv(k, "")
	}
	return dir
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// assertNoSecret checks that neither the test secret nor the token shows
// in the error text or in %v / %+v / %#v of the values.
func assertNoSecret(t *testing.T, vals ...any) {
	t.Helper()
	for _, v := range vals {
		if v == nil {
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			s := fmt.Sprintf(verb, v)
			for _, secret := range []string{testSecret, testToken, "wJalrXUtnFEMI", "sessionTokenValue"} {
				assert.False(t, strings.Contains(s, secret), "%s of %T leaks a secret: %s", verb, v, s)
			}
		}
	}
}

func errorsIsNotConfigured(err error) bool { return errors.Is(err, credentials.ErrNotConfigured) }

func mkdirAll(p string) error { return os.MkdirAll(p, 0o700) }

// writeScript writes an executable /bin/sh script and returns its path.
func writeScript(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700))
	return p
}
