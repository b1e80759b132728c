package benchmarks

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	//lint:ignore SA1019 the legacy Chime service is the closest operation the module proxy serves (issue 5)
	awschime "github.com/aws/aws-sdk-go-v2/service/chime"
	awschimetypes "github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// call makes one request and checks the decoded result, so that a client
// that silently stops working fails the benchmark instead of speeding it up.
type call func(ctx context.Context) error

// newOursCall returns a call of our PutChannelMembershipPreferences. An
// empty baseEndpoint leaves the endpoint to the region's rules, as in
// production; optFns change the options after that.
func newOursCall(baseEndpoint string, hc *http.Client, optFns ...func(*chime.Options)) call {
	o := chime.Options{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:  hc,
	}
	if baseEndpoint != "" {
		o.BaseEndpoint = ptr.String(baseEndpoint)
	}
	for _, fn := range optFns {
		fn(&o)
	}
	c := chime.New(o)
	in := &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(channelArn),
		MemberArn:   ptr.String(memberArn),
		ChimeBearer: ptr.String(memberArn),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{
				AllowNotifications: types.AllowNotificationsFiltered,
				FilterRule:         ptr.String(filterRule),
			},
		},
	}
	return func(ctx context.Context) error {
		out, err := c.PutChannelMembershipPreferences(ctx, in)
		if err != nil {
			return err
		}
		if out.ChannelArn == nil || *out.ChannelArn != channelArn {
			return fmt.Errorf("ours: unexpected output ChannelArn %v", out.ChannelArn)
		}
		return nil
	}
}

// newPeerCall returns a call of aws-sdk-go-v2 chime UpdateRoomMembership
// with static credentials and the default retryer, changed by optFns.
func newPeerCall(baseEndpoint string, hc *http.Client, optFns ...func(*awschime.Options)) call {
	o := awschime.Options{
		Region:      region,
		Credentials: awscreds.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:  hc,
	}
	if baseEndpoint != "" {
		o.BaseEndpoint = aws.String(baseEndpoint)
	}
	c := awschime.New(o, optFns...)
	in := &awschime.UpdateRoomMembershipInput{
		AccountId: aws.String(accountID),
		RoomId:    aws.String(roomID),
		MemberId:  aws.String(memberID),
		Role:      awschimetypes.RoomMembershipRoleAdministrator,
	}
	return func(ctx context.Context) error {
		out, err := c.UpdateRoomMembership(ctx, in)
		if err != nil {
			return err
		}
		if out.RoomMembership == nil || out.RoomMembership.Role != roomRole {
			return fmt.Errorf("awsv2: unexpected output RoomMembership %v", out.RoomMembership)
		}
		return nil
	}
}
