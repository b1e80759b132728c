package chimesdkmessaging

import (
	"context"
	"fmt"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

// GetChannelMembershipPreferences reads the preferences of a channel member.
// Only the member itself may read them; ChimeBearer is the ARN of the
// AppInstanceUser or AppInstanceBot making the call. Its errors are those of
// [Client.PutChannelMembershipPreferences] except ConflictException.
func (c *Client) GetChannelMembershipPreferences(ctx context.Context, params *GetChannelMembershipPreferencesInput, optFns ...func(*Options)) (*GetChannelMembershipPreferencesOutput, error) {
	if params == nil {
		params = &GetChannelMembershipPreferencesInput{}
	}
	result, md, err := c.invoke(ctx, getOperation, params, optFns)
	if err != nil {
		return nil, err
	}
	out := result.(*GetChannelMembershipPreferencesOutput)
	out.ResultMetadata = md
	return out, nil
}

// GetChannelMembershipPreferencesAPIClient is the method set of [Client] used
// for this operation. Depend on it to substitute a fake in tests.
type GetChannelMembershipPreferencesAPIClient interface {
	GetChannelMembershipPreferences(context.Context, *GetChannelMembershipPreferencesInput, ...func(*Options)) (*GetChannelMembershipPreferencesOutput, error)
}

var _ GetChannelMembershipPreferencesAPIClient = (*Client)(nil)

// GetChannelMembershipPreferencesInput is the input of
// GetChannelMembershipPreferences. All three members are required.
type GetChannelMembershipPreferencesInput struct {
	// ChannelArn is the ARN of the channel.
	ChannelArn *string

	// ChimeBearer is the ARN of the AppInstanceUser or AppInstanceBot that
	// makes the API call.
	ChimeBearer *string

	// MemberArn is the ARN of the member whose preferences are read.
	MemberArn *string
}

// String prints the input.
func (in GetChannelMembershipPreferencesInput) String() string {
	return "{ChannelArn:" + strOrNil(in.ChannelArn) + " ChimeBearer:" + strOrNil(in.ChimeBearer) +
		" MemberArn:" + strOrNil(in.MemberArn) + "}"
}

// Format makes every fmt verb print the String form.
func (in GetChannelMembershipPreferencesInput) Format(f fmt.State, verb rune) {
	formatString(f, verb, in.String())
}

// GetChannelMembershipPreferencesOutput is the output of
// GetChannelMembershipPreferences.
type GetChannelMembershipPreferencesOutput struct {
	// ChannelArn is the ARN of the channel.
	ChannelArn *string

	// Member is the member whose preferences were read.
	Member *types.Identity

	// Preferences are the member's preferences.
	Preferences *types.ChannelMembershipPreferences

	// ResultMetadata carries metadata of the call, such as the request ID
	// ([GetRequestID]) and the number of attempts.
	ResultMetadata middleware.Metadata
}

// String prints the output with sensitive members redacted.
func (out GetChannelMembershipPreferencesOutput) String() string {
	return outputString(out.ChannelArn, out.Member, out.Preferences)
}

// Format makes every fmt verb print the redacted String form.
func (out GetChannelMembershipPreferencesOutput) Format(f fmt.State, verb rune) {
	formatString(f, verb, out.String())
}

// getOperation describes GetChannelMembershipPreferences.
var getOperation = &operation{
	name:      "GetChannelMembershipPreferences",
	validate:  validateWith(validateGetInput),
	serialize: serializeWith(serializeGet),
	decode:    decodeGetOutput,
	exceptions: []string{
		"BadRequestException", "ForbiddenException", "ServiceFailureException",
		"ServiceUnavailableException", "ThrottledClientException", "UnauthorizedClientException",
	},
}

// getOutputBlock allocates the output and what it points to at once.
type getOutputBlock struct {
	out GetChannelMembershipPreferencesOutput
	membershipBlock
}

func decodeGetOutput(d *jsonwire.Decoder, src string) any {
	b := &getOutputBlock{}
	b.out.ChannelArn, b.out.Member, b.out.Preferences = decodeMembershipPreferences(d, src, &b.membershipBlock)
	return &b.out
}

// validateGetInput returns every violated rule of the input in one
// smithy.InvalidParamsError value (as aws-sdk-go-v2's validators return
// it), or nil.
func validateGetInput(v *GetChannelMembershipPreferencesInput, constraints bool) error {
	errs := smithy.InvalidParamsError{Context: "GetChannelMembershipPreferencesInput"}
	validateArnMember("ChannelArn", v.ChannelArn, false, constraints, &errs)
	validateArnMember("ChimeBearer", v.ChimeBearer, true, constraints, &errs)
	validateArnMember("MemberArn", v.MemberArn, false, constraints, &errs)
	if errs.Len() > 0 {
		return errs
	}
	return nil
}

// serializeGet builds the request: GET, the path labels and
// X-Amz-Chime-Bearer; no body and no Content-Type.
func serializeGet(req *smithyhttp.Request, input *GetChannelMembershipPreferencesInput) (*smithyhttp.Request, error) {
	if err := checkLabels(input.ChannelArn, input.MemberArn); err != nil {
		return nil, err
	}
	req.Method = "GET"
	req.URL.Path, req.URL.RawPath = preferencesPath(*input.ChannelArn, *input.MemberArn)
	if input.ChimeBearer != nil && *input.ChimeBearer != "" {
		req.Header["X-Amz-Chime-Bearer"] = []string{*input.ChimeBearer}
	}
	return req, nil
}
