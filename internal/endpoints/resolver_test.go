package endpoints

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolverCachesSamePointer(t *testing.T) {
	r := NewResolver()
	p := Params{Region: "us-east-1"}
	first, err := r.ResolveURL(p)
	require.NoError(t, err)
	assert.Equal(t, "https", first.Scheme)
	assert.Equal(t, "messaging-chime.us-east-1.amazonaws.com", first.Host)
	assert.Empty(t, first.Path)

	second, err := r.ResolveURL(p)
	require.NoError(t, err)
	assert.Same(t, first, second, "a cached call returns the same *url.URL")

	other, err := r.ResolveURL(Params{Region: "us-east-1", UseFIPS: true})
	require.NoError(t, err)
	assert.NotSame(t, first, other)
	assert.Equal(t, "messaging-chime-fips.us-east-1.amazonaws.com", other.Host)
}

func TestResolverZeroValue(t *testing.T) {
	var r Resolver
	u, err := r.ResolveURL(Params{Region: "eu-central-1"})
	require.NoError(t, err)
	assert.Equal(t, "https://messaging-chime.eu-central-1.amazonaws.com", u.String())
}

func TestResolverBounded(t *testing.T) {
	r := NewResolver()
	for i := range 3 * maxCachedEndpoints {
		_, err := r.ResolveURL(Params{Region: fmt.Sprintf("us-test-%d", i)})
		require.NoError(t, err)
		m := r.cache.Load()
		require.NotNil(t, m)
		require.LessOrEqual(t, len(*m), maxCachedEndpoints)
	}
	assert.Len(t, *r.cache.Load(), maxCachedEndpoints)

	// The newest entry is always kept.
	last := Params{Region: fmt.Sprintf("us-test-%d", 3*maxCachedEndpoints-1)}
	assert.Contains(t, *r.cache.Load(), last)
}

func TestResolverDoesNotCacheErrors(t *testing.T) {
	r := NewResolver()
	_, err := r.ResolveURL(Params{})
	require.EqualError(t, err, "Invalid Configuration: Missing Region")
	_, err = r.ResolveURL(Params{Region: "bad/region"})
	require.Error(t, err)
	assert.Nil(t, r.cache.Load())
}

func TestResolverConcurrent(t *testing.T) {
	r := NewResolver()
	params := []Params{
		{Region: "us-east-1"},
		{Region: "us-east-1", UseFIPS: true},
		{Region: "cn-north-1", UseDualStack: true},
		{Region: "eusc-de-east-1", UseFIPS: true, UseDualStack: true},
		{Endpoint: "https://proxy.example/base"},
	}
	want := []string{
		"https://messaging-chime.us-east-1.amazonaws.com",
		"https://messaging-chime-fips.us-east-1.amazonaws.com",
		"https://messaging-chime.cn-north-1.api.amazonwebservices.com.cn",
		"https://messaging-chime-fips.eusc-de-east-1.api.amazonwebservices.eu",
		"https://proxy.example/base",
	}
	const goroutines, rounds = 32, 200
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				k := (g + i) % len(params)
				u, err := r.ResolveURL(params[k])
				if err != nil {
					errs <- err
					return
				}
				if got := u.String(); got != want[k] {
					errs <- fmt.Errorf("params %+v: got %s, want %s", params[k], got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	// Every goroutine now sees one pointer per Params.
	for i, p := range params {
		a, err := r.ResolveURL(p)
		require.NoError(t, err)
		b, err := r.ResolveURL(p)
		require.NoError(t, err)
		assert.Same(t, a, b, "params %d", i)
	}
	assert.Len(t, *r.cache.Load(), len(params))
}

func TestResolverCustomEndpoint(t *testing.T) {
	tests := []struct {
		endpoint string
		host     string
		path     string
	}{
		{"https://example.com", "example.com", ""},
		{"https://proxy.example/base", "proxy.example", "/base"},
		{"https://proxy.example/base/", "proxy.example", "/base/"},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", ""},
		{"HTTP://localhost:4566/chime", "localhost:4566", "/chime"},
		{"https://[::1]:8443/a/b", "[::1]:8443", "/a/b"},
	}
	for _, tc := range tests {
		t.Run(tc.endpoint, func(t *testing.T) {
			u, err := NewResolver().ResolveURL(Params{Endpoint: tc.endpoint, Region: "us-east-1"})
			require.NoError(t, err)
			assert.Equal(t, tc.host, u.Host)
			assert.Equal(t, tc.path, u.Path)
		})
	}
}

func TestResolverBadCustomEndpoint(t *testing.T) {
	tests := []struct {
		endpoint string
		want     string // the error text after `invalid BaseEndpoint "<value>": `
	}{
		{"example.com", "scheme must be http or https"},
		{"/relative/path", "scheme must be http or https"},
		{"ftp://example.com", "scheme must be http or https"},
		{"https:example.com", "missing host"},
		{"https://", "missing host"},
		{"https:///path", "missing host"},
		{"http://:8080", "missing host"},
		{"https://exa mple.com", `invalid character " " in host name`},
		{"https://example.com/%zz", `invalid URL escape "%zz"`},
		{"://example.com", "missing protocol scheme"},
	}
	const hint = "; set it to an absolute http or https URL with a host, e.g. https://proxy.example.com/base"
	for _, tc := range tests {
		t.Run(tc.endpoint, func(t *testing.T) {
			u, err := NewResolver().ResolveURL(Params{Endpoint: tc.endpoint})
			assert.Nil(t, u)
			assert.EqualError(t, err, fmt.Sprintf("invalid BaseEndpoint %q: %s", tc.endpoint, tc.want)+hint)
		})
	}
}

func TestResolverBaseEndpointUserInfoRedacted(t *testing.T) {
	tests := []struct {
		endpoint string
		shown    string
	}{
		{"https://user:s3cret@proxy.example/base", "https://REDACTED@proxy.example/base"},
		{"https://s3cret@proxy.example", "https://REDACTED@proxy.example"},
		{"https://user:s3cret@exa mple.com", "https://REDACTED@exa mple.com"},
	}
	for _, tc := range tests {
		t.Run(tc.shown, func(t *testing.T) {
			_, err := NewResolver().ResolveURL(Params{Endpoint: tc.endpoint})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "s3cret")
			assert.Contains(t, err.Error(), fmt.Sprintf("invalid BaseEndpoint %q: ", tc.shown))
		})
	}
	assert.Equal(t, "no-user-info/a@b", redactUserInfo("no-user-info/a@b"))
}

func TestResolverInvalidRegion(t *testing.T) {
	tests := []Params{
		{Region: "us-east-1/evil"},
		{Region: "evil.example@us-east-1"},
		{Region: "us east 1"},
		{Region: "us-east-1."},
		{Region: "us..east"},
		{Region: "Us-East-1", UseFIPS: true},
		{Region: "us-east-1/x", Endpoint: "https://example.com"},
	}
	for _, p := range tests {
		t.Run(p.Region, func(t *testing.T) {
			u, err := NewResolver().ResolveURL(p)
			assert.Nil(t, u)
			assert.EqualError(t, err, fmt.Sprintf(
				"invalid region %q; a region is lowercase letters, digits and hyphens, e.g. us-east-1", p.Region))
		})
	}

	// The rule set alone inserts the region unchecked.
	s, err := Resolve(Params{Region: "us-east-1/evil"})
	require.NoError(t, err)
	assert.Equal(t, "https://messaging-chime.us-east-1/evil.amazonaws.com", s)

	// A 63-byte label is still a valid region.
	long := "a" + strings.Repeat("1", 62)
	u, err := NewResolver().ResolveURL(Params{Region: long})
	require.NoError(t, err)
	assert.Equal(t, "messaging-chime."+long+".amazonaws.com", u.Host)
}

func BenchmarkResolveURL(b *testing.B) {
	r := NewResolver()
	p := Params{Region: "us-east-1"}
	if _, err := r.ResolveURL(p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.ResolveURL(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveURLParallel(b *testing.B) {
	r := NewResolver()
	p := Params{Region: "us-east-1"}
	if _, err := r.ResolveURL(p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.ResolveURL(p); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	p := Params{Region: "us-gov-west-1", UseFIPS: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveURLUncached(b *testing.B) {
	p := Params{Region: "us-east-1"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := resolveURL(p); err != nil {
			b.Fatal(err)
		}
	}
}
