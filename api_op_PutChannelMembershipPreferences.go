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

const opPutChannelMembershipPreferences = "PutChannelMembershipPreferences"

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

func (p *pipeline) addPutMiddlewares(stack *middleware.Stack, direct bool) {
	_ = stack.Initialize.Add(&p.putValidate, middleware.After)
	if direct {
		_ = stack.Serialize.Add(&p.putSerializeDirect, middleware.After)
	} else {
		_ = stack.Serialize.Add(&p.putSerialize, middleware.After)
	}
	_ = stack.Deserialize.Add(&p.putDeserialize, middleware.Before)
}

func putExceptions(name string) bool { return name != "" }

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

// putValidateMiddleware is the OperationInputValidation middleware.
type putValidateMiddleware struct{ constraints bool }

func (*putValidateMiddleware) ID() string { return "OperationInputValidation" }

func (m *putValidateMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	input, ok := in.Parameters.(*PutChannelMembershipPreferencesInput)
	if !ok {
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("unknown input parameters type %T", in.Parameters)
	}
	if err := validatePutInput(input, m.constraints); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleInitialize(ctx, in)
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

// putSerializeMiddleware is the OperationSerializer: PUT, path labels,
// X-Amz-Chime-Bearer and the JSON body.
//
// The body is the request's stream (smithyhttp.Request.SetStream), where
// middlewares of the caller's APIOptions expect it. In a stack without such
// middlewares (direct) it rides in Request.Body instead, which spares
// SetStream's copy of the request; signing and the transport read it from
// either place.
type putSerializeMiddleware struct{ direct bool }

func (*putSerializeMiddleware) ID() string { return "OperationSerializer" }

func (m *putSerializeMiddleware) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (
	middleware.SerializeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, &smithy.SerializationError{Err: fmt.Errorf("unknown transport type %T", in.Request)}
	}
	input, ok := in.Parameters.(*PutChannelMembershipPreferencesInput)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, &smithy.SerializationError{Err: fmt.Errorf("unknown input parameters type %T", in.Parameters)}
	}
	if err := checkLabels(input.ChannelArn, input.MemberArn); err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	if input.Preferences == nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, &smithy.SerializationError{Err: errors.New("input member Preferences must not be nil")}
	}
	body := newPayloadAppend(preferencesBodySize(input.Preferences), func(b []byte) []byte {
		return appendPreferencesBody(b, input.Preferences)
	})
	if m.direct {
		req.Body = body
		req.ContentLength = int64(len(body.data))
	} else {
		// SetStream clones the request; lend it no header map to copy and
		// hand the map to the clone, since the original request is dropped.
		header := req.Header
		req.Header = nil
		var err error
		if req, err = req.SetStream(body); err != nil {
			return middleware.SerializeOutput{}, middleware.Metadata{}, &smithy.SerializationError{Err: err}
		}
		req.Header = header
	}
	req.Method = "PUT"
	req.URL.Path, req.URL.RawPath = preferencesPath(*input.ChannelArn, *input.MemberArn)
	vals := &[2]string{"application/json"} // one allocation for both header values
	req.Header["Content-Type"] = vals[0:1:1]
	if input.ChimeBearer != nil && *input.ChimeBearer != "" {
		vals[1] = *input.ChimeBearer
		req.Header["X-Amz-Chime-Bearer"] = vals[1:2:2]
	}
	in.Request = req
	return next.HandleSerialize(ctx, in)
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
