package chimesdkmessaging_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// TestErrorDecoding covers every exception and every source of the code:
// the X-Amzn-ErrorType header (with its ':' suffix and '#' prefix), the
// body's __type, the body's code/Code, and the status fallback.
func TestErrorDecoding(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		errorType string
		body      string
		wantCode  string // ErrorCode() of the API error
		wantBody  types.ErrorCode
		wantMsg   string
		wantFault smithy.ErrorFault
	}{
		{"bad request header", 400, "BadRequestException", `{"Code":"BadRequest","Message":"bad arn"}`, "BadRequestException", "BadRequest", "bad arn", smithy.FaultClient},
		{"conflict header", 409, "ConflictException", `{"Code":"Conflict","Message":"busy"}`, "ConflictException", "Conflict", "busy", smithy.FaultClient},
		{"unauthorized header", 401, "UnauthorizedClientException", `{"Code":"Unauthorized","Message":"no"}`, "UnauthorizedClientException", "Unauthorized", "no", smithy.FaultClient},
		{"forbidden header", 403, "ForbiddenException", `{"Code":"Forbidden","Message":"not yours"}`, "ForbiddenException", "Forbidden", "not yours", smithy.FaultClient},
		{"throttled header", 429, "ThrottledClientException", `{"Code":"Throttled","Message":"Rate exceeded"}`, "ThrottledClientException", "Throttled", "Rate exceeded", smithy.FaultClient},
		{"unavailable header", 503, "ServiceUnavailableException", `{"Code":"ServiceUnavailable","Message":"later"}`, "ServiceUnavailableException", "ServiceUnavailable", "later", smithy.FaultServer},
		{"failure header", 500, "ServiceFailureException", `{"Code":"ServiceFailure","Message":"oops"}`, "ServiceFailureException", "ServiceFailure", "oops", smithy.FaultServer},
		{"header with colon suffix", 403, "ForbiddenException:http://internal.amazon.com/coral/com.amazonaws.chime/", `{"Code":"Forbidden","Message":"m"}`, "ForbiddenException", "Forbidden", "m", smithy.FaultClient},
		{"header with namespace", 400, "com.amazonaws.chime#BadRequestException", `{"Message":"m"}`, "BadRequestException", "", "m", smithy.FaultClient},
		{"header wins over body", 400, "BadRequestException", `{"__type":"ConflictException","Code":"Conflict","Message":"m"}`, "BadRequestException", "Conflict", "m", smithy.FaultClient},
		{"header case-insensitive match", 409, "conflictexception", `{}`, "ConflictException", "", "", smithy.FaultClient},
		{"__type when no header", 409, "", `{"__type":"aws.chime#ConflictException","message":"lower-case message"}`, "ConflictException", "", "lower-case message", smithy.FaultClient},
		{"code when no header nor __type", 403, "", `{"code":"ForbiddenException","Message":"m"}`, "ForbiddenException", "ForbiddenException", "m", smithy.FaultClient},
		{"body Code is an ErrorCode value: status decides", 429, "", `{"Code":"Throttled","Message":"Rate exceeded"}`, "ThrottledClientException", "Throttled", "Rate exceeded", smithy.FaultClient},
		{"no code at all: status decides", 503, "", ``, "ServiceUnavailableException", "", "", smithy.FaultServer},
		{"no code, unmodelled status", 404, "", `{"Message":"nothing here"}`, "UnknownError", "", "nothing here", smithy.FaultClient},
		{"non-string members are ignored, not the body", 400, "BadRequestException", `{"Code":400,"Message":"bad","__type":["x"]}`, "BadRequestException", "", "bad", smithy.FaultClient},
		{"unknown code", 404, "NotFoundException", `{"Code":"NotFound","Message":"no channel"}`, "NotFoundException", "", "no channel", smithy.FaultClient},
		{"unknown code, 5xx is server fault", 502, "BadGatewayException", ``, "BadGatewayException", "", "BadGatewayException", smithy.FaultServer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t, func(o *chime.Options) { o.RetryMaxAttempts = 1 })
			ts.SetResponder(errorResponder(tc.status, tc.errorType, tc.body))
			_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
			require.Error(t, err)

			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "Chime SDK Messaging", opErr.Service())
			assert.Equal(t, "PutChannelMembershipPreferences", opErr.Operation())

			var respErr *smithyhttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, tc.status, respErr.HTTPStatusCode())

			var ourResp *chime.ResponseError
			require.ErrorAs(t, err, &ourResp)
			assert.Equal(t, "req-err-1", ourResp.ServiceRequestID())

			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.wantCode, apiErr.ErrorCode())
			assert.Equal(t, tc.wantMsg, apiErr.ErrorMessage())
			assert.Equal(t, tc.wantFault, apiErr.ErrorFault())
			assertBodyCode(t, err, tc.wantCode, tc.wantBody)
			assert.Contains(t, err.Error(), "StatusCode: ")
			assert.Contains(t, err.Error(), "RequestID: req-err-1")
		})
	}
}

// exceptionCode finds the exception of type T in err and returns its Code.
func exceptionCode[T error](err error, code func(T) types.ErrorCode) (types.ErrorCode, bool) {
	var e T
	if !errors.As(err, &e) {
		return "", false
	}
	return code(e), true
}

// bodyCodes reads the Code member of each modelled exception, by shape name.
var bodyCodes = map[string]func(error) (types.ErrorCode, bool){
	"BadRequestException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.BadRequestException) types.ErrorCode { return e.Code })
	},
	"ConflictException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.ConflictException) types.ErrorCode { return e.Code })
	},
	"UnauthorizedClientException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.UnauthorizedClientException) types.ErrorCode { return e.Code })
	},
	"ForbiddenException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.ForbiddenException) types.ErrorCode { return e.Code })
	},
	"ThrottledClientException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.ThrottledClientException) types.ErrorCode { return e.Code })
	},
	"ServiceUnavailableException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.ServiceUnavailableException) types.ErrorCode { return e.Code })
	},
	"ServiceFailureException": func(err error) (types.ErrorCode, bool) {
		return exceptionCode(err, func(e *types.ServiceFailureException) types.ErrorCode { return e.Code })
	},
}

// assertBodyCode checks that err holds the typed exception named shape with
// the Code want, or a *smithy.GenericAPIError for an unmodelled shape.
func assertBodyCode(t *testing.T, err error, shape string, want types.ErrorCode) {
	t.Helper()
	get, modelled := bodyCodes[shape]
	if !modelled {
		var g *smithy.GenericAPIError
		assert.True(t, errors.As(err, &g), "want *smithy.GenericAPIError, got %T", err)
		return
	}
	code, found := get(err)
	require.True(t, found, "want *types.%s in %v", shape, err)
	assert.Equal(t, want, code)
}

func TestGetDoesNotKnowConflict(t *testing.T) {
	c, ts := setup(t)
	ts.SetResponder(errorResponder(409, "ConflictException", `{"Code":"Conflict","Message":"m"}`))
	_, err := c.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &[]string{testChannelArn}[0], MemberArn: &[]string{testMemberArn}[0], ChimeBearer: &[]string{testMemberArn}[0],
	})
	var g *smithy.GenericAPIError
	require.ErrorAs(t, err, &g)
	assert.Equal(t, "ConflictException", g.ErrorCode())
}

func TestNonJSONErrorBody(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>\n"))
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	var respErr *smithyhttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, 502, respErr.HTTPStatusCode())
	var g *smithy.GenericAPIError
	require.ErrorAs(t, err, &g)
	assert.Equal(t, "UnknownError", g.Code)
	assert.Equal(t, smithy.FaultServer, g.Fault)
	assert.Contains(t, g.Message, "HTTP 502 Bad Gateway with a non-JSON body (text/html")
	assert.Contains(t, g.Message, "<h1>502 Bad Gateway</h1>")
}

func TestNonJSONBodyWithModelledStatus(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("upstream connect error"))
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	var e *types.ServiceUnavailableException
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.ErrorMessage(), "non-JSON body")
}

// TestOutputDecoding covers the lenient decoding of 2xx bodies.
func TestOutputDecoding(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput)
	}{
		{"full", 200, okBody, func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Equal(t, testChannelArn, *out.ChannelArn)
			assert.Equal(t, testMemberArn, *out.Member.Arn)
			assert.Equal(t, "Jane", *out.Member.Name)
			assert.Equal(t, `{"type":["urgent"]}`, *out.Preferences.PushNotifications.FilterRule)
		}},
		{"empty body", 200, "", func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Nil(t, out.ChannelArn)
			assert.Nil(t, out.Member)
			assert.Nil(t, out.Preferences)
		}},
		{"whitespace body", 200, " \n", func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Nil(t, out.Preferences)
		}},
		{"nulls leave members unset", 200, `{"ChannelArn":null,"Member":null,"Preferences":{"PushNotifications":null}}`, func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Nil(t, out.ChannelArn)
			assert.Nil(t, out.Member)
			require.NotNil(t, out.Preferences)
			assert.Nil(t, out.Preferences.PushNotifications)
		}},
		{"unknown keys ignored", 201, `{"NewThing":{"a":[1,2,{"b":null}]},"ChannelArn":"x","Member":{"Arn":"y","Extra":true}}`, func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Equal(t, "x", *out.ChannelArn)
			assert.Equal(t, "y", *out.Member.Arn)
		}},
		{"open enum", 200, `{"Preferences":{"PushNotifications":{"AllowNotifications":"MENTIONS"}}}`, func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Equal(t, types.AllowNotifications("MENTIONS"), out.Preferences.PushNotifications.AllowNotifications)
		}},
		{"keys match exactly", 200, `{"channelarn":"x"}`, func(t *testing.T, out *chime.PutChannelMembershipPreferencesOutput) {
			assert.Nil(t, out.ChannelArn)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t)
			ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("x-amzn-RequestId", "rid-7")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			out := putOK(t, c, validInput())
			tc.check(t, out)
			id, ok := chime.GetRequestID(out.ResultMetadata)
			assert.True(t, ok)
			assert.Equal(t, "rid-7", id)
		})
	}
}

func TestOutputOfTheWrongShape(t *testing.T) {
	cases := map[string]string{
		"number for string": `{"ChannelArn":42}`,
		"array for object":  `{"Member":["Jane secret name"]}`,
		"string for object": `{"Preferences":"FILTERED"}`,
		"truncated":         `{"Member":{"Arn":"a","Name":"Jane secret name"`,
		"trailing garbage":  `{"ChannelArn":"x"} extra`,
		"not an object":     `"hello"`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t)
			ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("x-amzn-RequestId", "rid-bad-200")
				_, _ = w.Write([]byte(body))
			})
			_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
			var de *smithy.DeserializationError
			require.ErrorAs(t, err, &de, "%v", err)
			var respErr *chime.ResponseError
			require.ErrorAs(t, err, &respErr, "a 2xx that cannot be read still carries its status and request ID")
			assert.Equal(t, 200, respErr.HTTPStatusCode())
			assert.Equal(t, "rid-bad-200", respErr.ServiceRequestID())
			assert.NotEmpty(t, de.Snapshot)
			assert.NotContains(t, err.Error(), "secret", "sensitive values stay out of error texts")
			assert.NotContains(t, string(de.Snapshot), "secret")
		})
	}
}

func TestResponseTooLarge(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.MaxResponseBytes = 1024 })
	ts.SetResponder(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ChannelArn":"` + strings.Repeat("a", 4096) + `"}`))
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	var tooLarge *chime.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.EqualValues(t, 1024, tooLarge.Limit)
}
