package awsv2_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// The aws.Config here is built by hand so that the example runs without an
// AWS account, against the in-process fake, which verifies the signature. In
// an application it comes from config.LoadDefaultConfig(ctx), with whatever
// credential source (SSO, web identity, assume-role...) is configured.
func ExampleNewFromConfig() {
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	app, _ := srv.CreateAppInstance("app-1", "My app")
	user, _ := srv.CreateAppInstanceUser(app, "jane", "Jane")
	channel, _ := srv.CreateChannel(app, "general", "General")
	_ = srv.CreateChannelMembership(channel, user)

	cfg := aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL), // omit to call AWS
		Credentials: awscreds.NewStaticCredentialsProvider(
			chimesdkmessagingtest.DefaultAccessKeyID, chimesdkmessagingtest.DefaultSecretAccessKey, ""),
		AppID: "example-app",
	}
	client := awsv2.NewFromConfig(cfg, func(o *chime.Options) {
		o.RetryMaxAttempts = 1 // explicit options win over cfg
	})

	out, err := client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(channel),
		MemberArn:   ptr.String(user),
		ChimeBearer: ptr.String(user),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone},
		},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("member:", *out.Member.Name)
	fmt.Println("notifications:", out.Preferences.PushNotifications.AllowNotifications)
	// Output:
	// member: Jane
	// notifications: NONE
}

func ExampleNewCredentialsAdapter() {
	adapter := awsv2.NewCredentialsAdapter(awscreds.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""))
	creds, err := adapter.Retrieve(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(creds.AccessKeyID, creds.Source)
	fmt.Println(adapter) // never prints the provider's secret
	// Output:
	// AKIDEXAMPLE StaticCredentials
	// awsv2.CredentialsAdapter{Provider: credentials.StaticCredentialsProvider}
}
