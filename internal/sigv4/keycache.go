package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"sync"
	"sync/atomic"
)

// maxCachedKeys bounds the derived-key cache. Keys change once a day per
// (secret, region, service), so a client needs one or two; the bound only
// matters for a process that signs for many regions or rotates keys often.
const maxCachedKeys = 64

// derivedKey is a SigV4 signing key together with what it was derived from
// and its HMAC pads, so that signing needs no hmac.New per call.
type derivedKey struct {
	_ [0]func() // never compared: no equality function is emitted

	secret, date, region, service string
	key                           [sha256.Size]byte
	ipad, opad                    [sha256.BlockSize]byte
}

func (k *derivedKey) matches(secret, date string, region, service string) bool {
	return k.date == date && k.region == region && k.service == service && k.secret == secret
}

// keyID is the map key of the derived-key cache.
type keyID struct {
	secret, date, region, service string
}

// keyCache caches derived signing keys. The last key used is kept behind an
// atomic pointer for a lock-free fast path; other recent keys live in a
// small map that is cleared when it reaches maxCachedKeys.
type keyCache struct {
	last atomic.Pointer[derivedKey]
	mu   sync.RWMutex
	m    map[keyID]*derivedKey
}

// get returns the signing key for the secret, the scope date (YYYYMMDD),
// region and service, deriving and caching it when needed.
func (c *keyCache) get(secret, date string, region, service string) *derivedKey {
	if k := c.last.Load(); k != nil && k.matches(secret, date, region, service) {
		return k
	}
	id := keyID{secret: secret, date: date, region: region, service: service}
	c.mu.RLock()
	k := c.m[id]
	c.mu.RUnlock()
	if k == nil {
		k = deriveKey(id)
		c.mu.Lock()
		if c.m == nil || len(c.m) >= maxCachedKeys {
			c.m = make(map[keyID]*derivedKey, 4)
		}
		c.m[id] = k
		c.mu.Unlock()
	}
	c.last.Store(k)
	return k
}

// deriveKey computes kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date),
// region), service), "aws4_request") and its HMAC pads.
func deriveKey(id keyID) *derivedKey {
	k := &derivedKey{secret: id.secret, date: id.date, region: id.region, service: id.service}
	sum := hmacSHA256([]byte("AWS4"+id.secret), []byte(id.date))
	sum = hmacSHA256(sum, []byte(id.region))
	sum = hmacSHA256(sum, []byte(id.service))
	sum = hmacSHA256(sum, []byte("aws4_request"))
	copy(k.key[:], sum)
	// The key is 32 bytes, shorter than the block, so the pads are the key
	// zero-extended and XORed with 0x36 / 0x5c (RFC 2104).
	for i := range k.ipad {
		var b byte
		if i < len(k.key) {
			b = k.key[i]
		}
		k.ipad[i] = b ^ 0x36
		k.opad[i] = b ^ 0x5c
	}
	return k
}

func hmacSHA256(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

// sign returns HMAC-SHA256(k, msg) where ipadMsg is the 64-byte inner pad
// immediately followed by msg, so the inner hash is one call on contiguous
// memory and no allocation happens.
func (k *derivedKey) sign(ipadMsg []byte) [sha256.Size]byte {
	inner := sha256.Sum256(ipadMsg)
	var outer [sha256.BlockSize + sha256.Size]byte
	copy(outer[:sha256.BlockSize], k.opad[:])
	copy(outer[sha256.BlockSize:], inner[:])
	return sha256.Sum256(outer[:])
}
