package chimesdkmessaging_test

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

func ExampleClient_GetChannelMembershipPreferences() {
	// The in-process fake stands in for the service; against AWS, build the
	// client with chime.NewFromEnvironment instead.
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	app, _ := srv.CreateAppInstance("app-1", "My app")
	user, _ := srv.CreateAppInstanceUser(app, "user-1", "Jane")
	channel, _ := srv.CreateChannel(app, "ch-1", "General")
	_ = srv.CreateChannelMembership(channel, user)
	_ = srv.SetPreferences(channel, user, types.ChannelMembershipPreferences{
		PushNotifications: &types.PushNotificationPreferences{
			AllowNotifications: types.AllowNotificationsFiltered,
			FilterRule:         ptr.String(`{"type":["urgent"]}`),
		},
	})
	client := srv.Client()

	out, err := client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(channel),
		MemberArn:   ptr.String(user),
		ChimeBearer: ptr.String(user), // only the member reads its own preferences
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	pn := out.Preferences.PushNotifications
	fmt.Println("member:", *out.Member.Arn)
	fmt.Println("allow:", pn.AllowNotifications)
	fmt.Println("filter rule:", *pn.FilterRule)
	// Output:
	// member: arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1
	// allow: FILTERED
	// filter rule: {"type":["urgent"]}
}
