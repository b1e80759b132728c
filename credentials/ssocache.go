package credentials

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

// ssoCachedToken is the token file that `aws sso login` writes and
// aws-sdk-go-v2 rewrites after a refresh: a JSON object with accessToken,
// expiresAt (RFC 3339) and, for an sso-session, refreshToken, clientId,
// clientSecret, registrationExpiresAt, region and startUrl. Members other
// than the five this package reads are kept as they are and written back
// unchanged.
type ssoCachedToken struct {
	accessToken, refreshToken, clientID, clientSecret string
	expiresAt                                         time.Time
	// members holds every member of the file, for the rewrite.
	members []jsonMember
}

// ssoTokenCachePath returns <dir>/<hex SHA-1 of key>.json, dir defaulting to
// ~/.aws/sso/cache; key is the sso-session name, or the start URL for a
// legacy profile.
func ssoTokenCachePath(dir, key string, home func() (string, error)) (string, error) {
	if dir == "" {
		if home == nil {
			home = os.UserHomeDir
		}
		h, err := home()
		if err != nil || h == "" {
			return "", errorf("cannot locate the SSO token cache ~/.aws/sso/cache: the home directory is unknown (%v); set the cache directory", err)
		}
		dir = filepath.Join(h, ".aws", "sso", "cache")
	}
	sum := sha1.Sum([]byte(key))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json"), nil
}

// errNoCachedToken marks a token file that does not exist.
var errNoCachedToken = errors.New("no cached SSO token")

// loadSSOToken reads the token file at path. Its errors name the file and
// the member at fault, never a value.
func loadSSOToken(path string) (ssoCachedToken, error) {
	b, err := filecap.Read(path, nil)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ssoCachedToken{}, errorf("%w at %s", errNoCachedToken, path)
	case err != nil:
		return ssoCachedToken{}, errorf("read the cached SSO token: %v", err)
	}
	var t ssoCachedToken
	if t.members, err = readJSONObject(b); err != nil {
		return ssoCachedToken{}, errorf("the cached SSO token %s is not a JSON object", path)
	}
	var exp string
	if bad := stringMembers(t.members, []string{"accessToken", "expiresAt", "refreshToken", "clientId", "clientSecret"},
		&t.accessToken, &exp, &t.refreshToken, &t.clientID, &t.clientSecret); bad != "" {
		return ssoCachedToken{}, errorf("the cached SSO token %s: member %s is not a string", path, bad)
	}
	if t.accessToken == "" || exp == "" {
		return ssoCachedToken{}, errorf("the cached SSO token %s lacks accessToken or expiresAt", path)
	}
	if t.expiresAt, err = time.Parse(time.RFC3339, exp); err != nil {
		return ssoCachedToken{}, errorf("the cached SSO token %s: expiresAt %q is not an RFC 3339 time", path, scrub(exp, 40))
	}
	return t, nil
}

// expired reports whether the token has expired at now (aws-sdk-go-v2: now
// after expiresAt).
func (t ssoCachedToken) expired(now time.Time) bool { return now.After(t.expiresAt) }

// encode returns the file's new content: every member read, with
// accessToken, expiresAt (UTC, RFC 3339) and refreshToken replaced (an
// empty one left out), as one JSON object with sorted member names and a
// final newline, as aws-sdk-go-v2 writes it.
func (t ssoCachedToken) encode() []byte {
	m := t.members
	for _, f := range []struct{ name, value string }{
		{"accessToken", t.accessToken},
		{"expiresAt", t.expiresAt.UTC().Format(time.RFC3339)},
		{"refreshToken", t.refreshToken},
	} {
		var raw []byte
		if f.value != "" {
			raw = jsonStringValue(f.value)
		}
		m = setMember(m, f.name, raw)
	}
	return append(appendJSONObject(nil, m), '\n')
}

// writeFileAtomic replaces path with data: it writes a new file (mode 0600)
// beside it, flushes it to disk and renames it over path, so that a reader
// sees either the old file or the new one, never a part of one. The flush
// (Sync) comes before the rename: without it a crash soon after the rename
// can leave path pointing at an empty or partly written file on file systems
// that may commit the rename before the data, and the cached token is lost.
func writeFileAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		_ = f.Close()
		return err
	}
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable where the file system allows syncing a
	// directory; where it does not, the rename is still atomic.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
