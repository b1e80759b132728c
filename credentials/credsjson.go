package credentials

import (
	"errors"
	"time"
)

// credentialsJSON is the credentials object three sources return: the
// container credentials endpoint and EC2 instance metadata (session token in
// "Token", failures in "Code" and "Message") and a credential_process
// (session token in "SessionToken", format in "Version"). See
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html,
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html
// and
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html.
type credentialsJSON struct {
	Version                                                           int
	Code, Message                                                     string
	AccessKeyID, SecretAccessKey, SessionToken, Expiration, AccountID string
}

// Member names of the session token in the two shapes.
const (
	endpointTokenMember = "Token"
	processTokenMember  = "SessionToken"
)

// errNotCredentialsObject is returned for a body that is not one JSON
// object with string members; the body itself is never quoted.
var errNotCredentialsObject = errors.New("not a credentials JSON object")

// decodeCredentialsJSON reads body, taking the session token from the member
// tokenMember. Its errors never quote the body, which may hold secrets.
func decodeCredentialsJSON(body []byte, tokenMember string) (credentialsJSON, error) {
	var d credentialsJSON
	if err := decodeObject(body,
		jsonField{name: "Version", num: &d.Version},
		jsonField{name: "Code", str: &d.Code},
		jsonField{name: "Message", str: &d.Message},
		jsonField{name: "AccessKeyId", str: &d.AccessKeyID},
		jsonField{name: "SecretAccessKey", str: &d.SecretAccessKey},
		jsonField{name: tokenMember, str: &d.SessionToken},
		jsonField{name: "Expiration", str: &d.Expiration},
		jsonField{name: "AccountId", str: &d.AccountID},
	); err != nil {
		return credentialsJSON{}, errNotCredentialsObject
	}
	return d, nil
}

// credentials checks the key pair and the expiration and returns the
// credentials, with Source source.
func (d credentialsJSON) credentials(source string) (Credentials, error) {
	if d.AccessKeyID == "" || d.SecretAccessKey == "" {
		return Credentials{}, errors.New("lacks AccessKeyId or SecretAccessKey")
	}
	c := Credentials{
		AccessKeyID:     d.AccessKeyID,
		SecretAccessKey: d.SecretAccessKey,
		SessionToken:    d.SessionToken,
		Source:          source,
		AccountID:       d.AccountID,
	}
	if d.Expiration != "" {
		t, err := time.Parse(time.RFC3339, d.Expiration)
		if err != nil {
			return Credentials{}, errorf("Expiration %q is not an RFC 3339 time", scrub(d.Expiration, 40))
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil
}
