package credentials_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// The STS answers below have the shape of the examples in the STS API
// reference (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
// .../API_AssumeRoleWithWebIdentity.html, and CommonErrors.html for the
// ErrorResponse), with the values the fake issues.
const (
	assumeRoleXML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::%[1]s:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>%[2]s</AccessKeyId>
      <SecretAccessKey>%[3]s</SecretAccessKey>
      <SessionToken>%[4]s</SessionToken>
      <Expiration>%[5]s</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`
	assumeRoleWithWebIdentityXML = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::%[1]s:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>%[4]s</SessionToken>
      <SecretAccessKey>%[3]s</SecretAccessKey>
      <Expiration>%[5]s</Expiration>
      <AccessKeyId>%[2]s</AccessKeyId>
    </Credentials>
    <SourceIdentity>SourceIdentityValue</SourceIdentity>
    <Provider>www.amazon.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`
	stsErrorXML = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>%s</Code>
    <Message>%s</Message>
  </Error>
  <RequestId>4e5b3f5a-1111-2222-3333-EXAMPLE</RequestId>
</ErrorResponse>`
)

// stsRequest is one request the fake STS received.
type stsRequest struct {
	Action string
	Form   url.Values
	// SignedBy is the access key ID of a valid SigV4 signature ("" when the
	// request is unsigned).
	SignedBy string
	// SigErr is why a signature did not verify.
	SigErr        error
	SecurityToken string
}

// stsFailure is a scripted error answer.
type stsFailure struct {
	status  int
	code    string
	message string
}

// fakeSTS answers AssumeRole and AssumeRoleWithWebIdentity as STS does and
// verifies AssumeRole signatures with internal/sigv4 against the keys it
// knows: the ones a test registers and the ones it issued.
type fakeSTS struct {
	*httptest.Server
	mu       sync.Mutex
	requests []stsRequest
	keys     map[string]string
	failures []stsFailure
	issued   int
	// now is the fake's clock for signature checks and expirations.
	now     time.Time
	account string
	// body replaces the success body when set.
	body string
	// region is the signing region expected.
	region string
}

const (
	fakeAccount = "123456789012"
	testRegion  = "us-west-2"
)

func newFakeSTS(t *testing.T) *fakeSTS {
	f := &fakeSTS{keys: map[string]string{testKeyID: testSecret, "IMDSKEY": testSecret, "CONTKEY": testSecret, "ENVKEY": testSecret},
		now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), account: fakeAccount, region: testRegion}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// issuedKey is the access key ID of the nth credentials issued.
func issuedKey(n int) string { return fmt.Sprintf("ASIAISSUED%010d", n) }

func (f *fakeSTS) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeSTS) fail(fs ...stsFailure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, fs...)
}

func (f *fakeSTS) got() []stsRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]stsRequest(nil), f.requests...)
}

func (f *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	f.mu.Lock()
	defer f.mu.Unlock()
	req := stsRequest{Action: form.Get("Action"), Form: form, SecurityToken: r.Header.Get("X-Amz-Security-Token")}
	if r.Header.Get("Authorization") != "" {
		sum := sha256.Sum256(body)
		// The clock skew is not what these tests check: the signature is
		// checked at the time it claims.
		signedAt, _ := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		v, err := sigv4.New().VerifyRequest(r, hex.EncodeToString(sum[:]), "sts", f.region, signedAt, time.Minute, func(id string) (string, bool) {
			s, ok := f.keys[id]
			return s, ok
		})
		if err == nil {
			req.SignedBy = v.AccessKeyID
		}
		req.SigErr = err
	}
	f.requests = append(f.requests, req)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || form.Get("Version") != "2011-06-15" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, stsErrorXML, "InvalidAction", "not a query-protocol POST")
		return
	}
	if len(f.failures) > 0 {
		fl := f.failures[0]
		f.failures = f.failures[1:]
		w.WriteHeader(fl.status)
		fmt.Fprintf(w, stsErrorXML, fl.code, fl.message)
		return
	}
	tmpl := assumeRoleXML
	switch req.Action {
	case "AssumeRole":
		if req.SigErr != nil || req.SignedBy == "" {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, stsErrorXML, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
			return
		}
	case "AssumeRoleWithWebIdentity":
		tmpl = assumeRoleWithWebIdentityXML
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, stsErrorXML, "InvalidAction", "unknown action")
		return
	}
	if f.body != "" {
		fmt.Fprint(w, f.body)
		return
	}
	f.issued++
	id := issuedKey(f.issued)
	secret := fmt.Sprintf("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY%d", f.issued)
	f.keys[id] = secret
	token := fmt.Sprintf("AQoDYXdzEPT//////////wEXAMPLE-sessionTokenValue-%d", f.issued)
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, tmpl, f.account, id, secret, token, f.now.Add(time.Hour).Format(time.RFC3339))
}
