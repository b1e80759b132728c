package chimesdkmessagingtest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// SigningName is the SigV4 service name requests must be scoped to.
const SigningName = "chime"

// invalidTokenMessage is AWS's message for an unknown key or a bad token.
const invalidTokenMessage = "The security token included in the request is invalid."

// authenticate verifies the request's SigV4 signature against the service's
// credentials, its region and service "chime", and its session token.
func (s *Service) authenticate(r *http.Request, body []byte) *apiError {
	sum := sha256.Sum256(body)
	sec := s.secrets()
	creds := sec.creds
	v, err := sec.signer.VerifyRequest(r, hex.EncodeToString(sum[:]), SigningName, s.cfg.region, s.cfg.now(), MaxClockSkew,
		func(akid string) (string, bool) {
			if akid != creds.AccessKeyID {
				return "", false
			}
			return creds.SecretAccessKey, true
		})
	if err != nil {
		return verifyFailure(r, err)
	}
	return checkSessionToken(r, v, creds.SessionToken)
}

// verifyFailure maps a verification error to the exception AWS answers.
func verifyFailure(r *http.Request, err error) *apiError {
	var ve *sigv4.VerifyError
	if !errors.As(err, &ve) {
		return newAPIError(InvalidSignatureException, err.Error())
	}
	switch ve.Kind {
	case sigv4.VerifyUnknownAccessKey:
		return newAPIError(UnrecognizedClientException, ve.Message)
	case sigv4.VerifyMalformed:
		if r.Header.Get("Authorization") == "" {
			return newAPIError(MissingAuthenticationTokenException, ve.Message)
		}
		return newAPIError(IncompleteSignatureException, ve.Message)
	}
	return newAPIError(InvalidSignatureException, ve.Message)
}

// checkSessionToken requires X-Amz-Security-Token, signed, when the
// service's credentials carry a session token, and its absence otherwise.
// It reads the SignedHeaders list the signature was verified with, so a
// second, decoy list cannot pass this check (the verifier refuses a
// repeated parameter anyway).
func checkSessionToken(r *http.Request, v *sigv4.Verified, want string) *apiError {
	got := r.Header.Values("X-Amz-Security-Token")
	if want == "" {
		if len(got) > 0 {
			return newAPIError(UnrecognizedClientException, invalidTokenMessage)
		}
		return nil
	}
	if len(got) != 1 || subtle.ConstantTimeCompare([]byte(got[0]), []byte(want)) != 1 {
		return newAPIError(UnrecognizedClientException, invalidTokenMessage)
	}
	if !v.Signs("x-amz-security-token") {
		return newAPIError(IncompleteSignatureException, "X-Amz-Security-Token must be listed in SignedHeaders")
	}
	return nil
}
