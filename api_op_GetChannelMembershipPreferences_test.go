package chimesdkmessaging_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
	"github.com/chimekit/chimesdkmessaging/types"
)

// validGetInput is a Get of testMemberArn's own preferences.
func validGetInput() *chime.GetChannelMembershipPreferencesInput {
	return &chime.GetChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(testChannelArn),
		MemberArn:   ptr.String(testMemberArn),
		ChimeBearer: ptr.String(testMemberArn),
	}
}

// verifyRecorded checks the SigV4 signature of a recorded request against
// payloadHash, with the credentials setup(t) signs with.
func verifyRecorded(t *testing.T, serverURL string, r recorded, payloadHash string) error {
	t.Helper()
	req, err := http.NewRequest(r.Method, serverURL+r.RequestURI, nil)
	require.NoError(t, err)
	req.Header = r.Header.Clone()
	return sigv4.New().Verify(req, payloadHash, "chime", "us-east-1", time.Now(), time.Hour,
		func(ak string) (string, bool) {
			return "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ak == "AKIDEXAMPLE"
		})
}

// TestGetRequestGolden pins the request Get sends: GET, escaped path,
// X-Amz-Chime-Bearer, no body, no Content-Type, signed over the empty
// payload.
func TestGetRequestGolden(t *testing.T) {
	cases := []struct {
		name       string
		channelArn string
		memberArn  string
		wantPath   string
	}{
		{
			name:       "protocol example",
			channelArn: testChannelArn,
			memberArn:  testMemberArn,
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fchannel%2Faaaabbbbccccdddd/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fuser%2Fuser-1/preferences",
		},
		{
			name:       "space plus percent hash question",
			channelArn: "arn:aws:chime:us-east-1:1:app-instance/a b+c%d#e?f/channel/x",
			memberArn:  "arn:aws:chime:us-east-1:1:app-instance/a/bot/u~_.-1",
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2Fa%20b%2Bc%25d%23e%3Ff%2Fchannel%2Fx/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2Fa%2Fbot%2Fu~_.-1/preferences",
		},
		{
			name:       "non-ASCII",
			channelArn: "arn:aws:chime:us-east-1:1:app-instance/ü/channel/日本",
			memberArn:  "arn:aws:chime:us-east-1:1:app-instance/ü/user/é",
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2F%C3%BC%2Fchannel%2F%E6%97%A5%E6%9C%AC/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2F%C3%BC%2Fuser%2F%C3%A9/preferences",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t)
			_, err := c.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
				ChannelArn: ptr.String(tc.channelArn), MemberArn: ptr.String(tc.memberArn), ChimeBearer: ptr.String(tc.memberArn),
			})
			require.NoError(t, err)
			reqs := ts.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, http.MethodGet, r.Method)
			assert.Equal(t, tc.wantPath, r.RequestURI)
			assert.Empty(t, r.Body)
			assert.Empty(t, r.Header.Values("Content-Type"), "a GET without a body has no Content-Type")
			assert.Empty(t, r.Header.Values("Content-Length"))
			assert.Equal(t, tc.memberArn, r.Header.Get("X-Amz-Chime-Bearer"))
			assert.Empty(t, r.Header.Values("X-Amz-Content-Sha256"), "this service takes no payload-hash header")

			auth := r.Header.Get("Authorization")
			assert.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth)
			assert.Contains(t, auth, "/us-east-1/chime/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-chime-bearer;x-amz-date, Signature=")
			assert.NoError(t, verifyRecorded(t, ts.URL, r, sigv4.EmptyPayloadHash), "signed over the empty payload")
			assert.Error(t, verifyRecorded(t, ts.URL, r, strings.Repeat("0", 64)), "the check must tell payload hashes apart")
		})
	}
}

// TestGetValidation checks each rule of the Get input; no case may put a
// request on the wire.
func TestGetValidation(t *testing.T) {
	const ctx = "GetChannelMembershipPreferencesInput."
	longArn := "arn:aws:chime:us-east-1:1:" + strings.Repeat("x", 1600)
	type mutate = func(in *chime.GetChannelMembershipPreferencesInput)
	cases := []struct {
		name   string
		mutate mutate
		want   []string // "field|text fragment"
	}{
		{"missing ChannelArn", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChannelArn = nil },
			[]string{ctx + "ChannelArn|missing required field"}},
		{"missing MemberArn", func(in *chime.GetChannelMembershipPreferencesInput) { in.MemberArn = nil },
			[]string{ctx + "MemberArn|missing required field"}},
		{"missing ChimeBearer", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChimeBearer = nil },
			[]string{ctx + "ChimeBearer|missing required field"}},
		{"empty ChannelArn label", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChannelArn = ptr.String("") },
			[]string{ctx + "ChannelArn|must not be empty"}},
		{"empty MemberArn label", func(in *chime.GetChannelMembershipPreferencesInput) { in.MemberArn = ptr.String("") },
			[]string{ctx + "MemberArn|must not be empty"}},
		{"empty ChimeBearer", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChimeBearer = ptr.String("") },
			[]string{ctx + "ChimeBearer|must not be empty"}},
		{"ARN too short", func(in *chime.GetChannelMembershipPreferencesInput) { in.MemberArn = ptr.String("arn:") },
			[]string{ctx + "MemberArn|between 5 and 1600 characters long (got 4)"}},
		{"ARN too long", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChannelArn = ptr.String(longArn) },
			[]string{ctx + "ChannelArn|between 5 and 1600 characters long (got 1626)"}},
		{"bearer not an ARN", func(in *chime.GetChannelMembershipPreferencesInput) { in.ChimeBearer = ptr.String("user-1-bearer") },
			[]string{ctx + "ChimeBearer|must be an ARN matching"}},
		{"channel ARN upper-case partition", func(in *chime.GetChannelMembershipPreferencesInput) {
			in.ChannelArn = ptr.String("arn:AWS:chime:us-east-1:1:app-instance/x")
		}, []string{ctx + "ChannelArn|must be an ARN"}},
		{"all three at once", func(in *chime.GetChannelMembershipPreferencesInput) {
			in.ChannelArn = nil
			in.MemberArn = ptr.String("nope-nope")
			in.ChimeBearer = ptr.String("")
		}, []string{
			ctx + "ChannelArn|missing required field",
			ctx + "ChimeBearer|must not be empty",
			ctx + "MemberArn|must be an ARN",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t)
			in := validGetInput()
			tc.mutate(in)
			_, err := c.GetChannelMembershipPreferences(context.Background(), in)
			require.Error(t, err)
			assert.Empty(t, ts.Requests(), "no request may be sent for invalid input")

			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "GetChannelMembershipPreferences", opErr.Operation())
			var ipe smithy.InvalidParamsError
			require.ErrorAs(t, err, &ipe)
			errs := ipe.Errs()
			require.Len(t, errs, len(tc.want), "%v", err)
			for i, w := range tc.want {
				field, frag, _ := strings.Cut(w, "|")
				pe, ok := errs[i].(smithy.InvalidParamError)
				require.True(t, ok)
				assert.Equal(t, field, pe.Field())
				assert.Contains(t, pe.Error(), frag)
			}
		})
	}
}

func TestGetNilInputSendsNothing(t *testing.T) {
	c, ts := setup(t)
	_, err := c.GetChannelMembershipPreferences(context.Background(), nil)
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	fields := make([]string, 0, ipe.Len())
	for _, e := range ipe.Errs() {
		fields = append(fields, e.(smithy.InvalidParamError).Field())
	}
	assert.ElementsMatch(t, []string{
		"GetChannelMembershipPreferencesInput.ChannelArn",
		"GetChannelMembershipPreferencesInput.ChimeBearer",
		"GetChannelMembershipPreferencesInput.MemberArn",
	}, fields)
	assert.Empty(t, ts.Requests())
}

func TestGetEmptyLabelWithoutConstraintValidation(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.DisableConstraintValidation = true })
	in := validGetInput()
	in.ChimeBearer = ptr.String("not-an-arn") // constraints off: sent as is
	_, err := c.GetChannelMembershipPreferences(context.Background(), in)
	require.NoError(t, err)
	require.Len(t, ts.Requests(), 1)
	assert.Equal(t, "not-an-arn", ts.Requests()[0].Header.Get("X-Amz-Chime-Bearer"))

	in.MemberArn = ptr.String("")
	_, err = c.GetChannelMembershipPreferences(context.Background(), in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "MemberArn")
	assert.Len(t, ts.Requests(), 1, "an empty label is never sent")
}

// TestGetErrors decodes each of Get's six exceptions, and ConflictException
// (not in Get's model) as a generic API error.
func TestGetErrors(t *testing.T) {
	cases := []struct {
		status    int
		exception string
		code      types.ErrorCode
		fault     smithy.ErrorFault
	}{
		{400, "BadRequestException", types.ErrorCodeBadRequest, smithy.FaultClient},
		{401, "UnauthorizedClientException", types.ErrorCodeUnauthorized, smithy.FaultClient},
		{403, "ForbiddenException", types.ErrorCodeForbidden, smithy.FaultClient},
		{429, "ThrottledClientException", types.ErrorCodeThrottled, smithy.FaultClient},
		{503, "ServiceUnavailableException", types.ErrorCodeServiceUnavailable, smithy.FaultServer},
		{500, "ServiceFailureException", types.ErrorCodeServiceFailure, smithy.FaultServer},
		{409, "ConflictException", types.ErrorCodeConflict, smithy.FaultClient},
	}
	for _, tc := range cases {
		t.Run(tc.exception, func(t *testing.T) {
			c, ts := setup(t, func(o *chime.Options) { o.RetryMaxAttempts = 1 })
			ts.SetResponder(errorResponder(tc.status, tc.exception, `{"Code":"`+string(tc.code)+`","Message":"why `+tc.exception+`"}`))
			_, err := c.GetChannelMembershipPreferences(context.Background(), validGetInput())
			require.Error(t, err)
			require.Len(t, ts.Requests(), 1)

			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "Chime SDK Messaging", opErr.Service())
			assert.Equal(t, "GetChannelMembershipPreferences", opErr.Operation())
			var respErr *smithyhttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, tc.status, respErr.HTTPStatusCode())
			var ourResp *chime.ResponseError
			require.ErrorAs(t, err, &ourResp)
			assert.Equal(t, "req-err-1", ourResp.ServiceRequestID())

			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.exception, apiErr.ErrorCode())
			assert.Equal(t, "why "+tc.exception, apiErr.ErrorMessage())
			assert.Equal(t, tc.fault, apiErr.ErrorFault())
			if tc.exception == "ConflictException" {
				var conflict *types.ConflictException
				assert.NotErrorAs(t, err, &conflict, "Get does not model ConflictException")
				assertBodyCode(t, err, "generic", "")
				return
			}
			assertBodyCode(t, err, tc.exception, tc.code)
		})
	}
}

// TestGetOutputDecoding checks a full answer, one without Preferences (the
// member never set any) and the request ID.
func TestGetOutputDecoding(t *testing.T) {
	c, ts := setup(t)
	out, err := c.GetChannelMembershipPreferences(context.Background(), validGetInput())
	require.NoError(t, err)
	assert.Equal(t, testChannelArn, *out.ChannelArn)
	assert.Equal(t, testMemberArn, *out.Member.Arn)
	assert.Equal(t, "Jane", *out.Member.Name)
	assert.Equal(t, types.AllowNotificationsFiltered, out.Preferences.PushNotifications.AllowNotifications)
	assert.Equal(t, `{"type":["urgent"]}`, *out.Preferences.PushNotifications.FilterRule)
	id, ok := chime.GetRequestID(out.ResultMetadata)
	assert.True(t, ok)
	assert.Equal(t, "req-ok-1", id)
	printed := out.String()
	assert.NotContains(t, printed, "urgent", "FilterRule is redacted when printed")
	assert.NotContains(t, printed, "Jane", "Member.Name is redacted when printed")

	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ChannelArn":"` + testChannelArn + `","Member":{"Arn":"` + testMemberArn + `"}}`))
	})
	out, err = c.GetChannelMembershipPreferences(context.Background(), validGetInput())
	require.NoError(t, err)
	assert.Nil(t, out.Preferences)
	assert.Nil(t, out.Member.Name)
}

// TestGetRoundTripOnFake puts preferences on the fake service and reads
// them back; before the Put, Get answers without Preferences, and another
// member may not read them.
func TestGetRoundTripOnFake(t *testing.T) {
	e := newFakeEnv(t, nil)
	srv, client, ch, jane, bob := e.srv, e.client, e.ch, e.user, e.moderator
	ctx := context.Background()
	get := &chime.GetChannelMembershipPreferencesInput{ChannelArn: &ch, MemberArn: &jane, ChimeBearer: &jane}

	before, err := client.GetChannelMembershipPreferences(ctx, get)
	require.NoError(t, err)
	assert.Nil(t, before.Preferences, "nothing set yet")
	assert.Equal(t, "Name of jane", *before.Member.Name)

	_, err = client.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &ch, MemberArn: &jane, ChimeBearer: &jane,
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
			AllowNotifications: types.AllowNotificationsFiltered,
			FilterRule:         ptr.String(`{"mentions":["jane"]}`),
		}},
	})
	require.NoError(t, err)

	after, err := client.GetChannelMembershipPreferences(ctx, get)
	require.NoError(t, err)
	assert.Equal(t, ch, *after.ChannelArn)
	assert.Equal(t, jane, *after.Member.Arn)
	require.NotNil(t, after.Preferences)
	require.NotNil(t, after.Preferences.PushNotifications)
	assert.Equal(t, types.AllowNotificationsFiltered, after.Preferences.PushNotifications.AllowNotifications)
	assert.Equal(t, `{"mentions":["jane"]}`, *after.Preferences.PushNotifications.FilterRule)

	_, err = client.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{ChannelArn: &ch, MemberArn: &jane, ChimeBearer: &bob})
	var forbidden *types.ForbiddenException
	require.ErrorAs(t, err, &forbidden, "another member cannot read Jane's preferences")
	assert.NotContains(t, err.Error(), "jane\"]", "the FilterRule is never quoted in errors")

	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		if r.Method == http.MethodGet {
			assert.Empty(t, r.Body)
		}
	}
}
