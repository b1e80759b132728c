package conformance

import (
	"context"
	"strconv"

	"github.com/aws/smithy-go/middleware"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// serviceDecides turns off the client's own checks, so that every input
// reaches the endpoint and the endpoint's answer is what a case observes.
func serviceDecides(o *chime.Options) { o.DisableConstraintValidation = true }

// putCall is one Put; a nil bearer leaves the header out.
type putCall struct {
	channel string
	member  string
	bearer  *string
	prefs   *types.ChannelMembershipPreferences
	optFns  []func(*chime.Options)
}

func (r *runner) doPut(ctx context.Context, c putCall) (answer, *chime.PutChannelMembershipPreferencesOutput) {
	out, err := r.t.Client.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &c.channel, MemberArn: &c.member, ChimeBearer: c.bearer, Preferences: c.prefs,
	}, append([]func(*chime.Options){serviceDecides}, c.optFns...)...)
	if err != nil {
		return answerOf(middleware.Metadata{}, err), nil
	}
	return answerOf(out.ResultMetadata, nil), out
}

// getCall is one Get; a nil bearer leaves the header out.
type getCall struct {
	channel string
	member  string
	bearer  *string
}

func (r *runner) doGet(ctx context.Context, c getCall) (answer, *chime.GetChannelMembershipPreferencesOutput) {
	out, err := r.t.Client.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &c.channel, MemberArn: &c.member, ChimeBearer: c.bearer,
	}, serviceDecides)
	if err != nil {
		return answerOf(middleware.Metadata{}, err), nil
	}
	return answerOf(out.ResultMetadata, nil), out
}

// put sets member's preferences as bearer, in the target's channel.
func (r *runner) put(ctx context.Context, bearer, member string, p *types.ChannelMembershipPreferences) (*chime.PutChannelMembershipPreferencesOutput, error) {
	return r.t.Client.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: &r.t.ChannelArn, MemberArn: &member, ChimeBearer: &bearer, Preferences: p,
	}, serviceDecides)
}

// read returns member's own preferences in the target's channel (nil when
// none are set).
func (r *runner) read(ctx context.Context, member string) (*types.ChannelMembershipPreferences, error) {
	out, err := r.t.Client.GetChannelMembershipPreferences(ctx, &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: &r.t.ChannelArn, MemberArn: &member, ChimeBearer: &member,
	})
	if err != nil {
		return nil, err
	}
	return out.Preferences, nil
}

// wrongSecret signs with the access key of the client's credentials and a
// secret key that is not its own.
func wrongSecret(o *chime.Options) {
	inner := o.Credentials
	o.Credentials = credentials.ProviderFunc(func(ctx context.Context) (credentials.Credentials, error) {
		c, err := inner.Retrieve(ctx)
		if err != nil {
			return c, err
		}
		c.SecretAccessKey = "conformance/not/the/secret/key/of/this/access/key"
		return c, nil
	})
}

// unknownAccessKey signs with an access key no account has.
func unknownAccessKey(o *chime.Options) {
	o.Credentials = credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
}

// samePreferences reports whether a and b hold the same values; nil and
// {} differ (a member with no preferences against one that set none).
func samePreferences(a, b *types.ChannelMembershipPreferences) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	pa, pb := a.PushNotifications, b.PushNotifications
	if pa == nil || pb == nil {
		return pa == nil && pb == nil
	}
	if pa.AllowNotifications != pb.AllowNotifications {
		return false
	}
	if pa.FilterRule == nil || pb.FilterRule == nil {
		return pa.FilterRule == nil && pb.FilterRule == nil
	}
	return *pa.FilterRule == *pb.FilterRule
}

// describePreferences says what p holds without quoting its FilterRule,
// which the service treats as sensitive.
func describePreferences(p *types.ChannelMembershipPreferences) string {
	switch {
	case p == nil:
		return "had none; left with {} (the service has no call that removes preferences)"
	case p.PushNotifications == nil:
		return "{}"
	case p.PushNotifications.FilterRule == nil:
		return string(p.PushNotifications.AllowNotifications)
	}
	return string(p.PushNotifications.AllowNotifications) + " with a FilterRule of " + strconv.Itoa(len(*p.PushNotifications.FilterRule)) + " bytes"
}
