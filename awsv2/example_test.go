package awsv2_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
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

// Explicit Options with aws-sdk-go-v2 values, each converted in one call,
// and the aws-sdk-go-v2 ways of reading a result and an error.
func ExampleNew() {
	srv := chimesdkmessagingtest.NewServer()
	defer srv.Close()
	app, _ := srv.CreateAppInstance("app-1", "My app")
	user, _ := srv.CreateAppInstanceUser(app, "jane", "Jane")
	channel, _ := srv.CreateChannel(app, "general", "General")
	_ = srv.CreateChannelMembership(channel, user)

	client := awsv2.New(chime.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL), // omit to call AWS
		Credentials: awsv2.CredentialsProvider(awscreds.NewStaticCredentialsProvider(
			chimesdkmessagingtest.DefaultAccessKeyID, chimesdkmessagingtest.DefaultSecretAccessKey, "")),
		RetryMode:     awsv2.RetryMode(aws.RetryModeStandard),
		ClientLogMode: awsv2.ClientLogMode(aws.LogRetries),
		EndpointOptions: chime.EndpointResolverOptions{
			UseDualStackEndpoint: awsv2.DualStackEndpointState(aws.DualStackEndpointStateDisabled),
		},
		APIOptions: []func(*middleware.Stack) error{awsmiddleware.AddUserAgentKeyValue("my-app", "1.0")},
	})

	in := &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(channel), MemberArn: ptr.String(user), ChimeBearer: ptr.String(user),
	}
	out, err := client.GetChannelMembershipPreferences(context.Background(), in)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	_, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	fmt.Println("request ID:", ok)

	// Jane reads another member's preferences: the service refuses.
	in.ChimeBearer = ptr.String(srv.AppInstanceArn("app-1") + "/user/someone-else")
	_, err = client.GetChannelMembershipPreferences(context.Background(), in)
	var re *awshttp.ResponseError
	var forbidden *types.ForbiddenException
	fmt.Println("response error:", errors.As(err, &re) && re.ServiceRequestID() != "", re.HTTPStatusCode())
	fmt.Println("exception:", errors.As(err, &forbidden))
	// Output:
	// request ID: true
	// response error: true 403
	// exception: true
}
