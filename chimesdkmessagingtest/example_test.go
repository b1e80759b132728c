package chimesdkmessagingtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/smithy-go/ptr"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Example runs the client against the fake: a member sets its own
// preferences, and a moderator is refused when it tries the same for the
// member.
func Example() {
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()

	app, _ := srv.CreateAppInstance("my-app", "My app")
	jane, _ := srv.CreateAppInstanceUser(app, "jane", "Jane")
	mod, _ := srv.CreateAppInstanceUser(app, "mod", "Moderator")
	ch, _ := srv.CreateChannel(app, "general", "General")
	_ = srv.CreateChannelMembership(ch, jane)
	_ = srv.CreateChannelMembership(ch, mod)
	_ = srv.CreateChannelModerator(ch, mod)

	client := srv.Client()
	ctx := context.Background()
	in := &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(ch),
		MemberArn:   ptr.String(jane),
		ChimeBearer: ptr.String(jane),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{
				AllowNotifications: types.AllowNotificationsFiltered,
				FilterRule:         ptr.String(`{"type":["urgent"]}`),
			},
		},
	}
	out, err := client.PutChannelMembershipPreferences(ctx, in)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("member:", *out.Member.Arn)
	fmt.Println("allow:", out.Preferences.PushNotifications.AllowNotifications)

	stored, _ := srv.Preferences(ch, jane)
	fmt.Println("stored rule:", *stored.PushNotifications.FilterRule)

	in.ChimeBearer = ptr.String(mod)
	_, err = client.PutChannelMembershipPreferences(ctx, in)
	var forbidden *types.ForbiddenException
	if errors.As(err, &forbidden) {
		fmt.Println("moderator refused:", forbidden.ErrorCode())
	}
	// Output:
	// member: arn:aws:chime:us-east-1:111122223333:app-instance/my-app/user/jane
	// allow: FILTERED
	// stored rule: {"type":["urgent"]}
	// moderator refused: ForbiddenException
}

// ExampleService_FailNext shows a transient fault that the client's retries
// absorb.
func ExampleService_FailNext() {
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	app, _ := srv.CreateAppInstance("app", "")
	bot, _ := srv.CreateAppInstanceBot(app, "helper", "Helper")
	ch, _ := srv.CreateChannel(app, "ops", "")
	_ = srv.CreateChannelMembership(ch, bot)

	srv.FailNext(2, chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ServiceUnavailableException, Message: "try later"})
	_, err := srv.Client().PutChannelMembershipPreferences(context.Background(), &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(ch), MemberArn: ptr.String(bot), ChimeBearer: ptr.String(bot),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone},
		},
	})
	fmt.Println("error:", err)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Status, r.Note)
	}
	// Output:
	// error: <nil>
	// PUT 503 fault: ServiceUnavailableException
	// PUT 503 fault: ServiceUnavailableException
	// PUT 200
}

// ExampleService_Notified checks which members a message would notify: one
// member takes mentions only, one takes nothing, one never set preferences.
func ExampleService_Notified() {
	svc := chimesdkmessagingtest.NewService()
	app, _ := svc.CreateAppInstance("app", "")
	jane, _ := svc.CreateAppInstanceUser(app, "jane", "Jane")
	bob, _ := svc.CreateAppInstanceUser(app, "bob", "Bob")
	ann, _ := svc.CreateAppInstanceUser(app, "ann", "Ann")
	sender, _ := svc.CreateAppInstanceBot(app, "announcer", "")
	ch, _ := svc.CreateChannel(app, "general", "")
	for _, m := range []string{jane, bob, ann, sender} {
		_ = svc.CreateChannelMembership(ch, m)
	}
	_ = svc.SetPreferences(ch, jane, types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsFiltered, FilterRule: ptr.String(`{"mention":["` + jane + `"]}`),
	}})
	_ = svc.SetPreferences(ch, bob, types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsNone,
	}})

	for _, attrs := range []map[string][]string{nil, {"mention": {jane}}} {
		notified, err := svc.Notified(ch, sender, attrs)
		fmt.Println(len(notified), "notified", err)
		for _, arn := range notified {
			fmt.Println(" ", arn[len(app)+1:])
		}
	}
	// Output:
	// 1 notified <nil>
	//   user/ann
	// 2 notified <nil>
	//   user/ann
	//   user/jane
}
