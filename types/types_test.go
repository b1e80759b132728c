package types_test

import (
	"errors"
	"fmt"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"

	"github.com/chimekit/chimesdkmessaging/types"
)

func TestEnumValues(t *testing.T) {
	assert.Equal(t, []types.AllowNotifications{"ALL", "NONE", "FILTERED"}, types.AllowNotifications("").Values())
	assert.Len(t, types.ErrorCode("").Values(), 15)
	assert.Contains(t, types.ErrorCode("").Values(), types.ErrorCodeThrottled)
}

func TestExceptions(t *testing.T) {
	cases := []struct {
		err   smithy.APIError
		code  string
		fault smithy.ErrorFault
	}{
		{&types.BadRequestException{Message: ptr.String("m")}, "BadRequestException", smithy.FaultClient},
		{&types.ConflictException{Message: ptr.String("m")}, "ConflictException", smithy.FaultClient},
		{&types.UnauthorizedClientException{Message: ptr.String("m")}, "UnauthorizedClientException", smithy.FaultClient},
		{&types.ForbiddenException{Message: ptr.String("m")}, "ForbiddenException", smithy.FaultClient},
		{&types.ThrottledClientException{Message: ptr.String("m")}, "ThrottledClientException", smithy.FaultClient},
		{&types.ServiceUnavailableException{Message: ptr.String("m")}, "ServiceUnavailableException", smithy.FaultServer},
		{&types.ServiceFailureException{Message: ptr.String("m")}, "ServiceFailureException", smithy.FaultServer},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.code, tc.err.ErrorCode())
		assert.Equal(t, "m", tc.err.ErrorMessage())
		assert.Equal(t, tc.fault, tc.err.ErrorFault())
		assert.Equal(t, tc.code+": m", tc.err.Error())
	}
	override := &types.ForbiddenException{ErrorCodeOverride: ptr.String("Forbidden")}
	assert.Equal(t, "Forbidden", override.ErrorCode())
	assert.Equal(t, "Forbidden: ", override.Error(), "no message: as aws-sdk-go-v2's generated types print it")

	// Methods are safe on nil receivers.
	nils := []smithy.APIError{
		(*types.BadRequestException)(nil), (*types.ConflictException)(nil), (*types.UnauthorizedClientException)(nil),
		(*types.ForbiddenException)(nil), (*types.ThrottledClientException)(nil),
		(*types.ServiceUnavailableException)(nil), (*types.ServiceFailureException)(nil),
	}
	for i, e := range nils {
		assert.Equal(t, cases[i].code, e.ErrorCode())
		assert.Equal(t, "", e.ErrorMessage())
		assert.Equal(t, cases[i].code+": ", e.Error())
		assert.Equal(t, cases[i].fault, e.ErrorFault())
	}

	var wrapped error = fmt.Errorf("call: %w", &types.ThrottledClientException{Code: types.ErrorCodeThrottled})
	var tce *types.ThrottledClientException
	assert.True(t, errors.As(wrapped, &tce))
	assert.Equal(t, types.ErrorCodeThrottled, tce.Code)
}

func TestSensitiveMembersArePrintedRedacted(t *testing.T) {
	pn := &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsFiltered, FilterRule: ptr.String("SECRET-RULE")}
	prefs := types.ChannelMembershipPreferences{PushNotifications: pn}
	id := types.Identity{Arn: ptr.String("arn:x"), Name: ptr.String("SECRET-NAME")}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, v := range []any{pn, *pn, prefs, &prefs, id, &id, struct {
			P *types.PushNotificationPreferences
		}{pn}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "SECRET", "%s of %T: %s", verb, v, out)
		}
	}
	assert.Equal(t, "{AllowNotifications:FILTERED FilterRule:"+types.Redacted+"}", pn.String())
	assert.Equal(t, "{Arn:arn:x Name:"+types.Redacted+"}", id.String())
	assert.Equal(t, "SECRET-RULE", *pn.FilterRule, "the value itself is untouched")
}
