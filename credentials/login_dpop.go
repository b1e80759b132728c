package credentials

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// parseDPoPKey reads the cached dpopKey: a PEM "EC PRIVATE KEY" (SEC 1) on
// P-256. Its errors never quote the key.
func parseDPoPKey(s string) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("dpopKey is not a PEM block")
	}
	key, err := x509.ParseECPrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("dpopKey is not an EC private key")
	}
	if key.Curve.Params().Name != "P-256" {
		return nil, errors.New("dpopKey is not on curve P-256")
	}
	return key, nil
}

// dpopProof returns the DPoP proof (RFC 9449) of a POST to htu: a JWT
// signed with ES256 by key, carrying the public key as a JWK, a random jti
// and the time iat.
func dpopProof(key *ecdsa.PrivateKey, htu string, now time.Time) (string, error) {
	pub, err := key.PublicKey.ECDH()
	if err != nil {
		return "", errors.New("dpopKey's public key is not usable")
	}
	point := pub.Bytes() // 0x04 || X || Y, 32 bytes each
	b64 := base64.RawURLEncoding.EncodeToString
	jwk := stringObject("kty", "EC", "x", b64(point[1:33]), "y", b64(point[33:65]), "crv", "P-256")
	header := appendJSONObject(nil, []jsonMember{
		{name: "typ", raw: jsonStringValue("dpop+jwt")},
		{name: "alg", raw: jsonStringValue("ES256")},
		{name: "jwk", raw: jwk},
	})
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	id[6], id[8] = id[6]&0x0f|0x40, id[8]&0x3f|0x80 // UUID version 4, RFC 4122 variant
	payload := appendJSONObject(nil, []jsonMember{
		{name: "jti", raw: jsonStringValue(fmt.Sprintf("%x-%x-%x-%x-%x", id[0:4], id[4:6], id[6:8], id[8:10], id[10:]))},
		{name: "htm", raw: jsonStringValue("POST")},
		{name: "htu", raw: jsonStringValue(htu)},
		{name: "iat", raw: strconv.AppendInt(nil, now.Unix(), 10)},
	})
	msg := b64(header) + "." + b64(payload)
	digest := sha256.Sum256([]byte(msg))
	r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
	if err != nil {
		return "", err
	}
	var sig [64]byte
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return msg + "." + b64(sig[:]), nil
}
