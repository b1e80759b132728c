package chimesdkmessaging_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// TestObservabilityRedaction makes calls that carry a planted secret key,
// session token, FilterRule, member name and endpoint password, through a
// retry, a success echoing the sensitive members, an error response quoting
// them and a refused input, and checks that no span (name, property key or
// value) and no metric (name or property) holds any of them.
func TestObservabilityRedaction(t *testing.T) {
	const plantedPassword = "PASSWORD-PLANTED-5"
	secrets := append([]string{plantedPassword}, planted...)
	sr, mr := &spanRecorder{}, newMeterRecorder()
	var interceptorSawRequest atomic.Bool
	c, ts := setup(t, observed(sr, mr), func(o *chime.Options) {
		o.Credentials = staticCreds("AKIDPLANTED", plantedSecretKey, plantedToken)
		o.Interceptors.AddAfterSigning(afterSigningFunc(func() { interceptorSawRequest.Store(true) }))
	})
	// An endpoint with user info and a password is refused.
	endpoint := strings.Replace(ts.URL, "http://", "http://user:"+plantedPassword+"@", 1)
	withPassword := func(o *chime.Options) { o.BaseEndpoint = ptr.String(endpoint) }

	respBody := `{"ChannelArn":"` + testChannelArn + `","Member":{"Arn":"` + testMemberArn + `","Name":"` + plantedName +
		`"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"k\":[\"` + plantedFilter + `\"]}"}}}`
	var n atomic.Int32
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		switch n.Add(1) {
		case 1:
			w.Header().Set("X-Amzn-ErrorType", "ServiceUnavailableException")
			w.WriteHeader(503)
			_, _ = io.WriteString(w, `{"Code":"ServiceUnavailable","Message":"rule `+plantedFilter+` of `+plantedName+`"}`)
		case 2:
			_, _ = io.WriteString(w, respBody)
		default:
			w.Header().Set("X-Amzn-ErrorType", "BadRequestException")
			w.WriteHeader(400)
			_, _ = io.WriteString(w, `{"Code":"BadRequest","Message":"bad rule `+plantedFilter+` for `+plantedName+`"}`)
		}
	})

	in := validInput()
	in.Preferences.PushNotifications.FilterRule = ptr.String(`{"k":["` + plantedFilter + `"]}`)
	_, err := c.PutChannelMembershipPreferences(context.Background(), in)
	require.NoError(t, err)
	_, err = c.PutChannelMembershipPreferences(context.Background(), in)
	require.Error(t, err, "the 400 quoting the secrets")
	bad := validInput()
	bad.Preferences.PushNotifications.FilterRule = ptr.String("not json " + plantedFilter)
	_, err = c.PutChannelMembershipPreferences(context.Background(), bad)
	require.Error(t, err, "refused before sending")
	_, err = c.PutChannelMembershipPreferences(context.Background(), in, withPassword)
	require.Error(t, err, "user info in the endpoint")
	require.True(t, interceptorSawRequest.Load())
	require.Len(t, sr.roots(), 4)
	require.NotEmpty(t, sr.named("ResolveEndpoint")[0].props["client.call.resolved_endpoint"])

	var texts []string
	for _, s := range sr.all() {
		texts = append(texts, s.name)
		for k, v := range s.props {
			texts = append(texts, fmt.Sprint(k), fmt.Sprintf("%v", v), fmt.Sprintf("%#v", v))
		}
	}
	for _, m := range mr.all() {
		texts = append(texts, m.name)
		for k, v := range m.props {
			texts = append(texts, fmt.Sprint(k), fmt.Sprintf("%v", v), fmt.Sprintf("%#v", v))
		}
	}
	for _, text := range texts {
		for _, secret := range secrets {
			assert.NotContains(t, text, secret)
		}
	}
}

// afterSigningFunc adapts a function to an AfterSigning interceptor.
type afterSigningFunc func()

func (f afterSigningFunc) AfterSigning(context.Context, *smithyhttp.InterceptorContext) error {
	f()
	return nil
}
