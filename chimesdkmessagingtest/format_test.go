package chimesdkmessagingtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// TestNoVerbPrintsASecret prints every type of this package that holds
// credentials, directly, dereferenced, and reached through unexported
// fields, interfaces and containers, under every verb fmt knows, and
// checks that neither the secret key nor the session token shows.
func TestNoVerbPrintsASecret(t *testing.T) {
	const secret, token = "very/secret/key/for/printing/tests/0000", "session-token-for-printing-tests"
	srv := NewServer(WithCredentials("AKIDPRINTTEST0000000", secret, token))
	// Closed first: a bad verb makes fmt walk the *http.Server's fields,
	// which a running server changes (a race, not a leak).
	srv.Close()
	svc := NewService(WithCredentials("AKIDPRINTTEST0000000", secret, token))
	// A verified request fills the signer's key cache, which holds the
	// secret.
	req := httptest.NewRequest(http.MethodGet, "/channels/c/memberships/m/preferences", nil)
	creds := svc.Credentials()
	require.NoError(t, sigv4.New().SignHTTP(req, sigv4.Keys{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}, sigv4.EmptyPayloadHash, SigningName, svc.Region(), time.Now()))
	rec := httptest.NewRecorder()
	svc.ServeHTTP(rec, req)
	require.Equal(t, http.StatusBadRequest, rec.Code, "signed, then refused for its labels: %s", rec.Body)
	require.True(t, svc.Requests()[0].Signed)

	// Values copied out of their pointers, as a user's %v of *svc would
	// (a copy through reflect: the types hold locks, which vet forbids
	// copying in plain code).
	svcValue := reflect.ValueOf(svc).Elem().Interface()
	srvValue := reflect.ValueOf(srv).Elem().Interface()
	type holder struct {
		svc  *Service
		srv  *Server
		val  any
		cfg  config
		list []any
	}
	values := map[string]any{
		"*Service":            svc,
		"*Server":             srv,
		"Service":             svcValue,
		"Server":              srvValue,
		"config":              svc.cfg,
		"holder (unexported)": holder{svc: svc, srv: srv, val: svcValue, cfg: svc.cfg, list: []any{svc, srvValue}},
		"*holder":             &holder{svc: svc, srv: srv, val: srvValue, cfg: srv.cfg},
		"[]any":               []any{svc, srv, svcValue},
		"map":                 map[string]any{"svc": svc, "srv": srv},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%p", "%T", "%t", "%9.3v", "%-20s", "% x", "%U"}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, secret, "%s printed with %s", name, verb)
			assert.NotContains(t, out, token, "%s printed with %s", name, verb)
			assert.NotContains(t, out, fmt.Sprintf("%x", secret), "%s printed with %s (hex)", name, verb)
			assert.NotContains(t, out, fmt.Sprintf("%x", token), "%s printed with %s (hex)", name, verb)
		}
	}

	// What is printed still helps.
	assert.Equal(t, "chimesdkmessagingtest.Service{Region: us-east-1, AccountID: 111122223333, AccessKeyID: AKIDPRINTTEST0000000, SecretAccessKey: REDACTED, SessionToken: REDACTED}", fmt.Sprintf("%+v", svc))
	assert.Equal(t, fmt.Sprint(svc), fmt.Sprintf("%#v", svc))
	assert.Contains(t, fmt.Sprint(srv), "URL: "+srv.URL)
	assert.Contains(t, fmt.Sprint(NewService()), `SessionToken: ""`, "an unset token prints as empty, a set one as REDACTED")
	var nilSvc *Service
	assert.Equal(t, "<nil>", fmt.Sprint(nilSvc))
}
