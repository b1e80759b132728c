package endpoints

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// maxCachedEndpoints bounds a Resolver's cache. A client normally sees one or
// two Params values; the bound only matters for callers that vary the region
// per call.
const maxCachedEndpoints = 64

// Resolver caches parsed endpoints for a client. It is safe for concurrent
// use, holds at most maxCachedEndpoints entries, and its zero value is ready
// to use.
//
// Lookups read an immutable map through an atomic pointer, so a cached call
// takes no lock and allocates nothing; a miss copies the map under a mutex.
type Resolver struct {
	mu    sync.Mutex // serialises writers
	cache atomic.Pointer[map[Params]*url.URL]
}

// NewResolver returns an empty Resolver.
func NewResolver() *Resolver {
	return &Resolver{}
}

// ResolveURL resolves p like Resolve and parses the result. The returned
// *url.URL is shared by every caller with the same Params: the caller must not
// mutate it (copy it first: u2 := *u).
//
// Beyond the rule set it checks that a set Region is a valid host label
// (lowercase letters, digits and hyphens) and that a custom Endpoint is an
// absolute http or https URL with a host and no user info. A path prefix in
// the custom endpoint (https://proxy.example/base) is kept.
// Successful results are cached by p; errors are not.
func (r *Resolver) ResolveURL(p Params) (*url.URL, error) {
	if m := r.cache.Load(); m != nil {
		if u, ok := (*m)[p]; ok {
			return u, nil
		}
	}
	u, err := resolveURL(p)
	if err != nil {
		return nil, err
	}
	r.store(p, u)
	return u, nil
}

// store adds p → u to the cache, replacing the map (copy on write). When the
// cache is full an arbitrary entry is dropped.
func (r *Resolver) store(p Params, u *url.URL) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.cache.Load()
	n := 1
	if old != nil {
		if _, ok := (*old)[p]; ok {
			return // another goroutine stored it first
		}
		n += len(*old)
	}
	next := make(map[Params]*url.URL, min(n, maxCachedEndpoints))
	if old != nil {
		drop := len(*old) >= maxCachedEndpoints
		for k, v := range *old {
			if drop {
				drop = false
				continue
			}
			next[k] = v
		}
	}
	next[p] = u
	r.cache.Store(&next)
}

// resolveURL is ResolveURL without the cache.
func resolveURL(p Params) (*url.URL, error) {
	if p.Region != "" {
		if err := checkRegion(p.Region); err != nil {
			return nil, err
		}
	}
	s, err := Resolve(p)
	if err != nil {
		return nil, err
	}
	if p.Endpoint != "" {
		return parseCustomEndpoint(s)
	}
	u, err := url.Parse(s)
	if err != nil {
		// Unreachable with a checked region; kept so a bug cannot panic.
		return nil, fmt.Errorf("endpoint %q from region %q does not parse: %w", s, p.Region, err)
	}
	return u, nil
}

// parseCustomEndpoint parses a BaseEndpoint value and checks that a request
// can be sent to it. Error texts quote the value with any user info redacted.
func parseCustomEndpoint(s string) (*url.URL, error) {
	const want = "; set it to an absolute http or https URL with a host, e.g. https://proxy.example.com/base"
	u, err := url.Parse(s)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the url.Error would repeat the unredacted value
		}
		return nil, fmt.Errorf("invalid BaseEndpoint %q: %v%s", redactUserInfo(s), err, want)
	}
	var problem string
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		problem = "scheme must be http or https"
	case u.Opaque != "" || u.Host == "":
		problem = "missing host"
	case u.User != nil:
		problem = "user info is not allowed (requests are signed with SigV4)"
	case u.Hostname() == "":
		problem = "missing host"
	default:
		return u, nil
	}
	return nil, fmt.Errorf("invalid BaseEndpoint %q: %s%s", redactUserInfo(s), problem, want)
}

// redactUserInfo hides anything that looks like user info ("user:secret@")
// in an endpoint string meant for an error message.
func redactUserInfo(s string) string {
	rest, scheme := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, rest = s[:i+3], s[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return s
	}
	return scheme + "REDACTED" + rest[at:]
}
