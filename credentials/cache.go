package credentials

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Default cache settings.
const (
	// DefaultExpiryWindow is how long before expiry a refresh starts.
	DefaultExpiryWindow = 5 * time.Minute
	// DefaultExpiryWindowJitter is the fraction of the window by which the
	// refresh time is randomly moved later, so that many clients with the
	// same credentials do not refresh at the same instant.
	DefaultExpiryWindowJitter = 0.2
	// failedRefreshBackoff is how long a cache that is serving unexpired
	// credentials after a failed refresh waits before trying again.
	failedRefreshBackoff = 10 * time.Second
)

// CacheOptions tune a [Cache].
type CacheOptions struct {
	// ExpiryWindow is how long before Expires a refresh starts. Default
	// DefaultExpiryWindow; negative means refresh only at expiry.
	ExpiryWindow time.Duration
	// ExpiryWindowJitter in [0, 1] moves the refresh time later by a random
	// fraction of the window: refresh happens between Expires-ExpiryWindow
	// and Expires-ExpiryWindow*(1-ExpiryWindowJitter). Default
	// DefaultExpiryWindowJitter; negative means no jitter.
	ExpiryWindowJitter float64
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// Rand returns a number in [0, 1) for the jitter. Default: math/rand/v2.
	Rand func() float64
}

// Cache wraps a provider: it returns the cached credentials until their
// refresh time, then makes exactly one call to the provider however many
// goroutines ask at once (the others wait for that call). When a refresh
// fails and the cached credentials have not expired yet, they keep being
// returned, and the refresh is tried again after a short pause. Credentials
// that cannot expire are fetched once. Cache is safe for concurrent use.
//
// A Cache prints as its provider's name under every fmt verb. Its state,
// the cached credentials included, sits behind an atomic.Pointer, so that
// formatting a dereferenced Cache, or one in another value's unexported
// field, shows an address and never a secret: fmt prints the unsafe.Pointer
// inside as an address under every verb, whereas it follows an ordinary
// pointer under a verb that does not suit pointers (%s, %q, %t).
type Cache struct {
	s atomic.Pointer[cacheState] // set once, by NewCache
}

// cacheState is what a Cache holds.
type cacheState struct {
	provider Provider
	opts     CacheOptions

	mu        sync.Mutex
	creds     Credentials
	have      bool
	refreshAt time.Time
	flight    *cacheFlight
}

// cacheFlight is one refresh in progress.
type cacheFlight struct {
	_ [0]func() // never compared: no equality function is emitted

	done  chan struct{}
	creds Credentials
	err   error
}

// NewCache wraps provider in a cache. Wrapping a *Cache returns it as is.
func NewCache(provider Provider, optFns ...func(*CacheOptions)) *Cache {
	if c, ok := provider.(*Cache); ok && len(optFns) == 0 {
		return c
	}
	o := CacheOptions{ExpiryWindow: DefaultExpiryWindow, ExpiryWindowJitter: DefaultExpiryWindowJitter}
	for _, fn := range optFns {
		fn(&o)
	}
	if o.ExpiryWindow < 0 {
		o.ExpiryWindow = 0
	}
	if o.ExpiryWindowJitter < 0 {
		o.ExpiryWindowJitter = 0
	}
	if o.ExpiryWindowJitter > 1 {
		o.ExpiryWindowJitter = 1
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	c := &Cache{}
	c.s.Store(&cacheState{provider: provider, opts: o})
	return c
}

// Provider returns the wrapped provider.
func (c *Cache) Provider() Provider { return c.s.Load().provider }

// Invalidate drops the cached credentials, so the next Retrieve refreshes,
// e.g. after the service rejected them.
func (c *Cache) Invalidate() { c.s.Load().invalidate() }

// Retrieve returns cached credentials or refreshes them. See [Cache].
func (c *Cache) Retrieve(ctx context.Context) (Credentials, error) { return c.s.Load().retrieve(ctx) }

func (c *cacheState) invalidate() {
	c.mu.Lock()
	c.have = false
	c.creds = Credentials{}
	c.mu.Unlock()
}

func (c *cacheState) retrieve(ctx context.Context) (Credentials, error) {
	c.mu.Lock()
	now := c.opts.Now()
	if c.have && (!c.creds.CanExpire || now.Before(c.refreshAt)) {
		creds := c.creds
		c.mu.Unlock()
		return creds, nil
	}
	f := c.flight
	if f == nil {
		f = &cacheFlight{done: make(chan struct{})}
		c.flight = f
		// The refresh outlives a caller that gives up: the others still
		// wait for it. Providers bound their own time.
		go c.refresh(context.WithoutCancel(ctx), f)
	}
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.creds, f.err
	case <-ctx.Done():
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.have && !c.creds.Expired(c.opts.Now()) {
			return c.creds, nil
		}
		return Credentials{}, ctx.Err()
	}
}

// refresh calls the provider once and publishes the result to f.
func (c *cacheState) refresh(ctx context.Context, f *cacheFlight) {
	creds, err := c.provider.Retrieve(ctx)

	c.mu.Lock()
	now := c.opts.Now()
	switch {
	case err == nil && creds.Expired(now):
		err = errorf("%s returned credentials that expired at %s", creds.Source, creds.Expires.UTC().Format(time.RFC3339))
		fallthrough
	case err != nil:
		if c.have && !c.creds.Expired(now) {
			// Keep serving what still works; try again soon, but never
			// later than expiry.
			next := now.Add(failedRefreshBackoff)
			if next.After(c.creds.Expires) {
				next = c.creds.Expires
			}
			c.refreshAt = next
			f.creds, f.err = c.creds, nil
		} else {
			c.have, c.creds = false, Credentials{}
			f.creds, f.err = Credentials{}, err
		}
	default:
		c.creds, c.have = creds, true
		c.refreshAt = c.refreshTime(now, creds)
		f.creds = creds
	}
	c.flight = nil
	c.mu.Unlock()
	close(f.done)
}

// refreshTime picks when credentials fetched at now should be refreshed:
// ExpiryWindow before expiry, moved later by the jitter. When the
// credentials live shorter than the window, halfway to expiry.
func (c *cacheState) refreshTime(now time.Time, creds Credentials) time.Time {
	if !creds.CanExpire {
		return time.Time{}
	}
	w := c.opts.ExpiryWindow
	if life := creds.Expires.Sub(now); life <= w {
		return now.Add(life / 2)
	}
	jitter := time.Duration(c.opts.Rand() * c.opts.ExpiryWindowJitter * float64(w))
	return creds.Expires.Add(-w + jitter)
}

// String describes the cache without its credentials.
func (c *Cache) String() string {
	return fmt.Sprintf("credentials.Cache{Provider: %s}", sourceName(c.s.Load().provider))
}

// Format makes every fmt verb print String, so the cached secret never
// shows.
func (c *Cache) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }
