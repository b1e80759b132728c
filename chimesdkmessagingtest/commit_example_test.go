package chimesdkmessagingtest_test

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/ptr"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// ExampleWithOnCommit persists each change as the record it writes: a
// store would write these in one transaction per call and return once
// they are durable; the fake answers the caller only then.
func ExampleWithOnCommit() {
	srv := chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithOnCommit(func(changes []chimesdkmessagingtest.Change) error {
		for _, c := range changes {
			fmt.Println(c.Op, c.Arn)
		}
		return nil
	}))
	defer srv.Close()

	app, _ := srv.CreateAppInstance("my-app", "")
	jane, _ := srv.CreateAppInstanceUser(app, "jane", "Jane")
	ch, _ := srv.CreateChannel(app, "general", "")
	_ = srv.CreateChannelMembership(ch, jane)

	_, err := srv.Client().PutChannelMembershipPreferences(context.Background(), &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(ch),
		MemberArn:   ptr.String(jane),
		ChimeBearer: ptr.String(jane),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone},
		},
	})
	fmt.Println("put:", err)
	// Output:
	// CreateAppInstance arn:aws:chime:us-east-1:111122223333:app-instance/my-app
	// CreateAppInstanceUser arn:aws:chime:us-east-1:111122223333:app-instance/my-app/user/jane
	// CreateChannel arn:aws:chime:us-east-1:111122223333:app-instance/my-app/channel/general
	// CreateChannelMembership arn:aws:chime:us-east-1:111122223333:app-instance/my-app/user/jane
	// PutChannelMembershipPreferences arn:aws:chime:us-east-1:111122223333:app-instance/my-app/user/jane
	// put: <nil>
}
