package chimesdkmessagingtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/chimearn"
)

// identityArnPattern matches an AppInstanceUser or AppInstanceBot ARN:
// arn:{partition}:chime:{region}:{account}:app-instance/{id}/user|bot/{id}.
var identityArnPattern = regexp.MustCompile(`^(arn:[a-z0-9-]+:chime:[a-z0-9-]+:[0-9]{12}:app-instance/[^/]+)/(user|bot)/[^/]+$`)

// channelArnPattern matches a channel ARN.
var channelArnPattern = regexp.MustCompile(`^(arn:[a-z0-9-]+:chime:[a-z0-9-]+:[0-9]{12}:app-instance/[^/]+)/channel/[^/]+$`)

// idPattern is what the fake accepts as a resource ID in an ARN it builds.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// checkChimeArn reports why v is not a valid ChimeArn, or "" if it is: the
// model's length bounds and pattern, read by the rule the client checks too
// (internal/chimearn). field names the member in the message.
func checkChimeArn(field, v string) string {
	switch n := chimearn.Length(v); {
	case n < chimearn.MinLength:
		return fmt.Sprintf("%s must be at least %d characters long; got %d", field, chimearn.MinLength, n)
	case n > chimearn.MaxLength:
		return fmt.Sprintf("%s must be at most %d characters long; got %d", field, chimearn.MaxLength, n)
	}
	if !chimearn.MatchPattern(v) {
		return fmt.Sprintf("%s %q does not match the ARN pattern arn:partition:service:region:account:resource", field, v)
	}
	return ""
}

// appInstanceOfIdentity returns the app instance ARN of a user or bot ARN
// and whether arn has that form.
func appInstanceOfIdentity(arn string) (string, bool) {
	m := identityArnPattern.FindStringSubmatch(arn)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// appInstanceOfChannel returns the app instance ARN of a channel ARN and
// whether arn has that form.
func appInstanceOfChannel(arn string) (string, bool) {
	m := channelArnPattern.FindStringSubmatch(arn)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// checkID reports why id cannot be used in an ARN, or "" if it can.
func checkID(kind, id string) string {
	if !idPattern.MatchString(id) {
		return fmt.Sprintf("%s ID %q must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit", kind, id)
	}
	return ""
}

// newID returns a random UUID (version 4) in the form AWS uses for app
// instance and channel IDs.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return strings.Join([]string{h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]}, "-")
}
