package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

// PutChannelMembershipPreferences sets the preferences of a channel member,
// such as which push notifications it receives. Only the member itself may
// set them: AppInstanceAdmins and channel moderators cannot set another
// member's preferences, and banned members cannot set their own. ChimeBearer
// is the ARN of the AppInstanceUser or AppInstanceBot making the call.
//
// The input is checked before anything is sent; every violated rule is
// reported at once in a smithy.InvalidParamsError value. Errors of the service are
// types.*Exception values below a *ResponseError; see the package
// documentation.
func (c *Client) PutChannelMembershipPreferences(ctx context.Context, params *PutChannelMembershipPreferencesInput, optFns ...func(*Options)) (*PutChannelMembershipPreferencesOutput, error) {
	if params == nil {
		params = &PutChannelMembershipPreferencesInput{}
	}
	result, md, err := c.invoke(ctx, putOperation, params, optFns)
	if err != nil {
		return nil, err
	}
	out := result.(*PutChannelMembershipPreferencesOutput)
	out.ResultMetadata = md
	return out, nil
}

// PutChannelMembershipPreferencesAPIClient is the method set of [Client] used
// for this operation. Depend on it to substitute a fake in tests.
type PutChannelMembershipPreferencesAPIClient interface {
	PutChannelMembershipPreferences(context.Context, *PutChannelMembershipPreferencesInput, ...func(*Options)) (*PutChannelMembershipPreferencesOutput, error)
}

var _ PutChannelMembershipPreferencesAPIClient = (*Client)(nil)

// PutChannelMembershipPreferencesInput is the input of
// PutChannelMembershipPreferences. All four members are required.
type PutChannelMembershipPreferencesInput struct {
	// ChannelArn is the ARN of the channel.
	ChannelArn *string

	// ChimeBearer is the ARN of the AppInstanceUser or AppInstanceBot that
	// makes the API call.
	ChimeBearer *string

	// MemberArn is the ARN of the member whose preferences are set.
	MemberArn *string

	// Preferences are the channel membership preferences to set.
	Preferences *types.ChannelMembershipPreferences
}

// String prints the input with sensitive members redacted.
func (in PutChannelMembershipPreferencesInput) String() string {
	return "{ChannelArn:" + strOrNil(in.ChannelArn) + " ChimeBearer:" + strOrNil(in.ChimeBearer) +
		" MemberArn:" + strOrNil(in.MemberArn) + " Preferences:" + prefsString(in.Preferences) + "}"
}

// Format makes every fmt verb print the redacted String form.
func (in PutChannelMembershipPreferencesInput) Format(f fmt.State, verb rune) {
	formatString(f, verb, in.String())
}

// PutChannelMembershipPreferencesOutput is the output of
// PutChannelMembershipPreferences: the preferences as the service stored them.
type PutChannelMembershipPreferencesOutput struct {
	// ChannelArn is the ARN of the channel.
	ChannelArn *string

	// Member is the member whose preferences were set.
	Member *types.Identity

	// Preferences are the stored preferences.
	Preferences *types.ChannelMembershipPreferences

	// ResultMetadata carries metadata of the call, such as the request ID
	// ([GetRequestID]) and the number of attempts.
	ResultMetadata middleware.Metadata
}

// String prints the output with sensitive members redacted.
func (out PutChannelMembershipPreferencesOutput) String() string {
	return outputString(out.ChannelArn, out.Member, out.Preferences)
}

// Format makes every fmt verb print the redacted String form.
func (out PutChannelMembershipPreferencesOutput) Format(f fmt.State, verb rune) {
	formatString(f, verb, out.String())
}

// putOperation describes PutChannelMembershipPreferences.
var putOperation = &operation{
	name:      "PutChannelMembershipPreferences",
	validate:  validateWith(validatePutInput),
	serialize: serializeWith(serializePut),
	decode:    decodePutOutput,
	exceptions: []string{
		"BadRequestException", "ConflictException", "ForbiddenException", "ServiceFailureException",
		"ServiceUnavailableException", "ThrottledClientException", "UnauthorizedClientException",
	},
}

// putOutputBlock allocates the output and what it points to at once.
type putOutputBlock struct {
	out PutChannelMembershipPreferencesOutput
	membershipBlock
}

func decodePutOutput(d *jsonwire.Decoder, src string) any {
	b := &putOutputBlock{}
	b.out.ChannelArn, b.out.Member, b.out.Preferences = decodeMembershipPreferences(d, src, &b.membershipBlock)
	return &b.out
}

// validatePutInput returns every violated rule of the input in one
// smithy.InvalidParamsError value (as aws-sdk-go-v2's validators return
// it), or nil.
func validatePutInput(v *PutChannelMembershipPreferencesInput, constraints bool) error {
	errs := smithy.InvalidParamsError{Context: "PutChannelMembershipPreferencesInput"}
	validateArnMember("ChannelArn", v.ChannelArn, false, constraints, &errs)
	validateArnMember("ChimeBearer", v.ChimeBearer, true, constraints, &errs)
	validateArnMember("MemberArn", v.MemberArn, false, constraints, &errs)
	if v.Preferences == nil {
		errs.Add(smithy.NewErrParamRequired("Preferences"))
	} else {
		validatePreferences(v.Preferences, constraints, &errs)
	}
	if errs.Len() > 0 {
		return errs
	}
	return nil
}

// serializePut builds the request: PUT, the path labels,
// X-Amz-Chime-Bearer, and the JSON body as the request's stream, where
// signing, the transport and middlewares of the caller's read it.
func serializePut(req *smithyhttp.Request, input *PutChannelMembershipPreferencesInput) (*smithyhttp.Request, error) {
	if err := checkLabels(input.ChannelArn, input.MemberArn); err != nil {
		return nil, err
	}
	if input.Preferences == nil {
		return nil, &smithy.SerializationError{Err: errors.New("input member Preferences must not be nil")}
	}
	body := newPayloadAppend(preferencesBodySize(input.Preferences), func(b []byte) []byte {
		return appendPreferencesBody(b, input.Preferences)
	})
	req, err := withBody(req, body)
	if err != nil {
		return nil, err
	}
	req.Method = "PUT"
	req.URL.Path, req.URL.RawPath = preferencesPath(*input.ChannelArn, *input.MemberArn)
	req.Header["Content-Type"] = []string{"application/json"}
	if input.ChimeBearer != nil && *input.ChimeBearer != "" {
		req.Header["X-Amz-Chime-Bearer"] = []string{*input.ChimeBearer}
	}
	return req, nil
}

// preferencesBodySize estimates the body's length so one allocation holds it.
func preferencesBodySize(p *types.ChannelMembershipPreferences) int {
	n := 64
	if pn := p.PushNotifications; pn != nil {
		n += 24 + len(pn.AllowNotifications)
		if pn.FilterRule != nil {
			n += 16 + len(*pn.FilterRule) + len(*pn.FilterRule)/4
		}
	}
	return n
}
