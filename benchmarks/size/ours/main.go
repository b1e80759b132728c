// Command ours makes one PutChannelMembershipPreferences call with our
// client, configured from the environment and shared files like the AWS
// SDK's default configuration.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: ours CHANNEL_ARN MEMBER_ARN")
		os.Exit(2)
	}
	ctx := context.Background()
	c, err := chime.NewFromEnvironment(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := c.PutChannelMembershipPreferences(ctx, &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(os.Args[1]),
		MemberArn:   ptr.String(os.Args[2]),
		ChimeBearer: ptr.String(os.Args[2]),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll},
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
