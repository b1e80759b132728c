package chimesdkmessaging_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Planted secrets: none may appear in any log line, error text or fmt output.
const (
	plantedSecretKey = "SECRETKEY-PLANTED-1"
	plantedToken     = "TOKEN-PLANTED-2"
	plantedFilter    = "FILTER-PLANTED-3"
	plantedName      = "NAME-PLANTED-4"
)

var planted = []string{plantedSecretKey, plantedToken, plantedFilter, plantedName}

type bufferLogger struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *bufferLogger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, "%s "+format+"\n", append([]any{c}, v...)...)
}

func (l *bufferLogger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestNoSecretAnywhere(t *testing.T) {
	logger := &bufferLogger{}
	c, ts := setup(t, func(o *chime.Options) {
		o.Credentials = staticCreds("AKIDPLANTED", plantedSecretKey, plantedToken)
		o.Logger = logger
		o.ClientLogMode = chime.LogSigning | chime.LogRetries | chime.LogRequest | chime.LogRequestWithBody | chime.LogResponse | chime.LogResponseWithBody
	})
	respBody := `{"ChannelArn":"` + testChannelArn + `","Member":{"Arn":"` + testMemberArn + `","Name":"` + plantedName +
		`"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"k\":[\"` + plantedFilter + `\"]}"}}}`
	attempt := 0
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		attempt++
		if attempt == 1 { // one retry, so retry logging runs too
			w.Header().Set("X-Amzn-ErrorType", "ServiceUnavailableException")
			w.WriteHeader(503)
			_, _ = io.WriteString(w, `{"Code":"ServiceUnavailable","Message":"later"}`)
			return
		}
		_, _ = io.WriteString(w, respBody)
	})

	in := validInput()
	in.Preferences.PushNotifications.FilterRule = ptr.String(`{"k":["` + plantedFilter + `"]}`)
	out, err := c.PutChannelMembershipPreferences(context.Background(), in)
	require.NoError(t, err)
	require.Equal(t, plantedName, *out.Member.Name, "the data itself is intact")
	require.Len(t, ts.Requests(), 2)

	// A refused call: invalid input with the planted filter rule.
	bad := validInput()
	bad.Preferences.PushNotifications.FilterRule = ptr.String("not json " + plantedFilter)
	_, invalidErr := c.PutChannelMembershipPreferences(context.Background(), bad)
	require.Error(t, invalidErr)

	// A wrong-shaped response echoing the sensitive values.
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"Member":{"Name":"`+plantedName+`","Arn":7}}`)
	})
	_, decodeErr := c.PutChannelMembershipPreferences(context.Background(), in)
	require.Error(t, decodeErr)

	logs := logger.String()
	require.Contains(t, logs, "CANONICAL STRING", "signing was logged")
	require.Contains(t, logs, "Response", "responses were logged")
	require.Contains(t, logs, "retry", "retries were logged")

	outputs := map[string]string{
		"logs":              logs,
		"invalid input err": invalidErr.Error(),
		"decode err":        decodeErr.Error(),
		"decode err %+v":    fmt.Sprintf("%+v", decodeErr),
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for name, v := range map[string]any{
			"input": in, "input value": *in, "output": out, "output value": *out,
			"preferences": out.Preferences, "push": out.Preferences.PushNotifications, "identity": out.Member,
			"identity value": *out.Member, "options": c.Options(), "client": c,
		} {
			outputs[name+" "+verb] = fmt.Sprintf(verb, v)
		}
	}
	for name, text := range outputs {
		for _, secret := range planted {
			assert.NotContains(t, text, secret, "%s leaks %s", name, secret)
		}
	}
	assert.NotContains(t, logs, "Signature=", "the Authorization header is not logged")
}

func TestRedactJSON(t *testing.T) {
	cases := map[string]string{
		`{"ChannelArn":"a","Member":{"Arn":"b","Name":"Jane"}}`:                `{"ChannelArn":"a","Member":{"Arn":"b","Name":"***"}}`,
		`{"Preferences":{"PushNotifications":{"FilterRule":"{\"x\":\"y\"}"}}}`: `{"Preferences":{"PushNotifications":{"FilterRule":"***"}}}`,
		`{"Unknown":["s1","s2"],"Code":"Throttled"}`:                           `{"Unknown":["***","***"],"Code":"Throttled"}`,
		`{"Name" : "spaced", "Arn": "x"}`:                                      `{"Name" : "***", "Arn": "x"}`,
		`{"FilterRule":"unterminated`:                                          `{"FilterRule":"***`,
	}
	for in, want := range cases {
		assert.Equal(t, want, string(chime.RedactJSON([]byte(in))), in)
	}
	assert.False(t, strings.Contains(string(chime.RedactJSON([]byte(`{"Name":"a\"b"}`))), "b"))
	_ = types.Redacted
}

func TestClientPrintsNoEndpointPassword(t *testing.T) {
	c := chime.New(chime.Options{Region: "us-east-1", BaseEndpoint: ptr.String("https://user:pw-PLANTED@proxy.example/base")})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, c)
		assert.NotContains(t, out, "pw-PLANTED")
		assert.Contains(t, out, "proxy.example")
	}
}
