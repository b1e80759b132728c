package credentials_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// fmtVerbs are the verbs and flags a caller might format a value with,
// including ones that make no sense for it (fmt's bad-verb path).
var fmtVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%p", "%T", "%12v", "%-40s", "%#q", "%+q", "% x"}

// holder keeps values in unexported fields, where fmt prints without
// calling their methods.
type holder struct {
	cache  *credentials.Cache
	imds   *credentials.IMDSProvider
	values []any
}

// deref returns a copy of *p, as a caller printing a dereferenced pointer
// would make (through reflect, since the types hold locks that vet would
// rightly refuse to see copied).
func deref(p any) any { return reflect.ValueOf(p).Elem().Interface() }

// TestNoFormattingPathPrintsASecret walks the verbs over every type of this
// package that holds a secret, directly, dereferenced, and inside another
// value's unexported fields.
func TestNoFormattingPathPrintsASecret(t *testing.T) {
	creds := credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: testToken, Source: "test"}
	static := credentials.StaticCredentialsProvider{Value: creds}
	cache := credentials.NewCache(static)
	_, err := cache.Retrieve(context.Background())
	require.NoError(t, err)

	f := newFakeIMDS(t)
	f.roleBody = `{"Code":"Success","AccessKeyId":"IMDSKEY","SecretAccessKey":"` + testSecret + `","Token":"` + testToken + `"}`
	imds := &credentials.IMDSProvider{Endpoint: f.URL}
	_, err = imds.Retrieve(context.Background())
	require.NoError(t, err)
	imdsToken := "imds-token-1"

	chain := credentials.NewChainProvider(static, cache, imds)

	values := []struct {
		name string
		v    any
		// credentialsByValue marks a struct value that holds a Credentials
		// value, whose secrets are exported string fields. fmt handles %p
		// before looking for a Format method and, on a struct, falls into
		// its bad-verb path, which prints fields without calling any
		// method; the same walk prints a Credentials value kept in an
		// unexported field. No method of Credentials can prevent either
		// (go vet's printf check does reject %p on a non-pointer), so %p
		// is left out for these values and no value below keeps a
		// Credentials value in an unexported field.
		credentialsByValue bool
	}{
		{name: "Credentials", v: creds, credentialsByValue: true},
		{name: "*Credentials", v: &creds},
		{name: "StaticCredentialsProvider", v: static, credentialsByValue: true},
		{name: "*StaticCredentialsProvider", v: &static},
		{name: "*Cache", v: cache},
		{name: "Cache (dereferenced)", v: deref(cache)},
		{name: "*IMDSProvider", v: imds},
		{name: "IMDSProvider (dereferenced)", v: deref(imds)},
		{name: "*ChainProvider", v: chain},
		{name: "ChainProvider (dereferenced)", v: *chain, credentialsByValue: true},
		{name: "unexported fields", v: holder{cache: cache, imds: imds, values: []any{deref(cache), deref(imds)}}},
		{name: "[]any", v: []any{creds, cache, deref(cache), imds}},
		{name: "map", v: map[string]any{"c": creds, "cache": deref(cache)}},
	}
	for _, tt := range values {
		for _, verb := range fmtVerbs {
			if verb == "%p" && tt.credentialsByValue {
				continue
			}
			t.Run(tt.name+"/"+verb, func(t *testing.T) {
				out := fmt.Sprintf(verb, tt.v)
				for _, secret := range []string{testSecret, testToken, imdsToken, hexOf(testSecret), hexOf(testToken), strings.ToUpper(hexOf(testSecret))} {
					assert.NotContains(t, out, secret, "%s of %s", verb, tt.name)
				}
			})
		}
	}
}

func hexOf(s string) string { return fmt.Sprintf("%x", s)[:24] }

// TestCredentialsFormatRedacts pins the redacted form of the main verbs.
func TestCredentialsFormatRedacts(t *testing.T) {
	c := credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: testToken, Source: "test"}
	want := "{AccessKeyID: AKIDEXAMPLE, SecretAccessKey: [redacted], SessionToken: [redacted], Source: test}"
	assert.Equal(t, want, fmt.Sprintf("%v", c))
	assert.Equal(t, want, fmt.Sprintf("%+v", c))
	assert.Equal(t, want, fmt.Sprintf("%x", c))
	assert.Equal(t, "credentials.Credentials"+want, fmt.Sprintf("%#v", c))
	assert.Equal(t, fmt.Sprintf("%q", want), fmt.Sprintf("%q", c))
	assert.Equal(t, "credentials.Cache{Provider: credentials.StaticCredentialsProvider}", fmt.Sprintf("%+v", credentials.NewCache(credentials.StaticCredentialsProvider{Value: c})))
}
